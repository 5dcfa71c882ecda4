"""Recognising an event's phrase in a query: folded, whole words, words of address dropped."""

from services_api.life_events.matching import Matcher

MATCHER = Matcher.of(
    [
        ("ket-hon", ["lấy chồng", "cưới vợ"]),
        ("ket-hon-nuoc-ngoai", ["lấy chồng người nước ngoài"]),
        ("qua-doi", ["mẹ mất", "qua đời"]),
    ]
)


def test_phrase_matches_with_or_without_tone_marks_inside_a_sentence():
    assert MATCHER.match("sắp lấy chồng thì cần làm gì") == "ket-hon"
    assert MATCHER.match("sap lay chong") == "ket-hon"
    assert MATCHER.match("Ông ngoại QUA ĐỜI") == "qua-doi"


def test_the_longest_phrase_wins():
    assert MATCHER.match("lấy chồng người nước ngoài") == "ket-hon-nuoc-ngoai"


def test_words_of_address_do_not_break_a_phrase():
    assert MATCHER.match("mẹ tôi mất") == "qua-doi"
    assert MATCHER.match("me toi mat") == "qua-doi"


def test_only_whole_words_match():
    assert MATCHER.match("cưới vợt") is None  # 'vợt' is not 'vợ'
    assert MATCHER.match("đăng ký kết hôn") is None
