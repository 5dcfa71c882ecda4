"""Query parsing: lexicon phrases, stopwords, the unfinished last word, words that must match."""

import pytest

from search.query import Word, parse_query


def test_split_syllables_are_canonical():
    assert Word.of("dangký").splits == (("dang", "ki"),)


@pytest.mark.parametrize(
    ("query", "slots", "expansions"),
    [
        ("gplx", [["gplx"]], [["giấy", "phép", "lái", "xe"]]),
        ("GPLX", [["gplx"]], [["giấy", "phép", "lái", "xe"]]),
        ("so do", [["so", "do"]], [["giấy", "chứng", "nhận", "quyền", "sử", "dụng", "đất"]]),
        ("sơ đồ", [["sơ"], ["đồ"]], []),  # marks that disagree with "sổ đỏ": no expansion
        ("bằng lái xe", [["bằng", "lái"], ["xe"]], [["giấy", "phép", "lái", "xe"]]),
        ("cấp lại giấy phép", [["cấp"], ["lại"], ["giấy"], ["phép"]], []),
        (  # the longest phrase wins over "thế chấp" and "sổ đỏ"
            "the chap so do",
            [["the", "chap", "so", "do"]],
            [["biện", "pháp", "bảo", "đảm", "bằng", "quyền", "sử", "dụng", "đất"]],
        ),
    ],
)
def test_parse_query_finds_lexicon_phrases(query, slots, expansions):
    parsed = parse_query(query)
    assert [[w.text for w in slot.words] for slot in parsed.slots] == slots
    found = [[w.text for w in words] for slot in parsed.slots for words in slot.expansions]
    assert found[: len(expansions)] == expansions


def test_cccd_reaches_the_names_used_since_2024():
    (slot,) = parse_query("cccd").slots
    assert [w.text for w in slot.expansions[1]] == ["căn", "cước"]


@pytest.mark.parametrize(
    ("query", "marked", "prefix", "minimum"),
    [
        ("đăng ký kết hôn", True, "hon", 3),
        ("dang ky ket hon ", False, None, 3),
        ("khai sinh", False, "sinh", 2),
        ("của", True, "cua", 0),
        ("ma so thue ca nhan", False, "nhan", 2),
    ],
)
def test_parse_query(query, marked, prefix, minimum):
    parsed = parse_query(query)
    assert (parsed.marked, parsed.prefix, parsed.minimum_should_match) == (marked, prefix, minimum)


@pytest.mark.parametrize(
    ("text", "relaxes"),
    [("khai sinh", False), ("ly lich tu", False), ("dang ky khai sinh cho be gai", True)],
)
def test_a_query_relaxes_only_when_it_would_need_fewer_words(text, relaxes):
    assert parse_query(text).relaxes is relaxes


@pytest.mark.parametrize(
    ("text", "optional"),
    [
        ("xin phép cho xe quá tải", ["cho"]),  # typed with marks: "cho" is "cho", not "chợ"
        ("đăng ký cho con", ["cho"]),
        ("xin phep cho xe qua tai", []),  # without marks "cho" may be "chợ"
        ("ban cho", []),
    ],
)
def test_a_bare_stopword_is_read_as_typed_in_a_query_typed_with_marks(text, optional):
    parsed = parse_query(text)
    stop = [w.text for slot in parsed.slots if slot.optional and not slot.loose for w in slot.words]
    assert stop == optional


def test_pairs_read_an_expansion_in_place_of_the_typed_words():
    groups = parse_query("làm thẻ bảo hiểm y tế").pair_groups()
    assert (("cap_the",), ("ki_the",), ("lam_the",)) in groups  # làm: cấp, đăng ký
    assert (("the_bao",), ("the_bhyt",)) in groups  # bảo hiểm y tế: bhyt (names write BHYT)
    assert (("bao_hiem", "hiem_y", "y_te"),) in groups


def test_pairs_of_a_query_without_expansions_are_its_typed_pairs():
    groups = parse_query("dang ky khai sinh").pair_groups()
    assert groups == [(("dang_ki",),), (("ki_khai",),), (("khai_sinh",),)]


def test_a_loose_word_is_neither_required_nor_left_out():
    parsed = parse_query("xin sổ tạm trú")
    assert [slot.words[0].text for slot in parsed.loose] == ["xin"]
    assert [w.text for slot in parsed.required for w in slot.words] == ["sổ", "tạm", "trú"]
