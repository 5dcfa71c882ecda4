"""Vietnamese text handling, table-driven over real procedure names."""

import pytest

from search import text as vi


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("Xét trợ cấp ... chất độc hoá học", "Xét trợ cấp ... chất độc hóa học"),
        ("nuôi trồng thuỷ sản", "nuôi trồng thủy sản"),
        ("Chủ tịch Uỷ ban nhân dân", "Chủ tịch Ủy ban nhân dân"),
        ("Hoà giải tranh chấp đất đai", "Hòa giải tranh chấp đất đai"),
        ("ðăng ký", "đăng ký"),  # eth typed for đ
        ("Đăng ký kết hôn", "Đăng ký kết hôn"),  # decomposed (NFD) input
    ],
)
def test_normalize(raw, normalized):
    import unicodedata

    assert vi.normalize(unicodedata.normalize("NFD", raw)) == normalized


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("Cấp lại Giấy phép lái xe", "cap lai giay phep lai xe"),
        (
            "Thẩm định thiết kế về phòng cháy chữa cháy",
            "tham dinh thiet ke ve phong chay chua chay",
        ),
        ("hoá đơn", "hoa don"),
        ("ĐĂNG KÝ THƯỜNG TRÚ", "dang ky thuong tru"),
    ],
)
def test_fold(raw, folded):
    assert vi.fold(raw) == folded
    assert vi.fold_chars(vi.normalize(raw).lower()) == folded


def test_fold_chars_keeps_offsets():
    name = "Cấp Phiếu Lý lịch tư pháp – “số 1”"
    assert len(vi.fold_chars(name)) == len(name)


def test_slugify():
    assert vi.slugify("Sở Tư pháp") == "so-tu-phap"
    assert vi.slugify("Đất đai") == "dat-dai"


@pytest.mark.parametrize(
    ("word", "variant", "canonical"),
    [
        ("ký", "kí", "kí"),
        ("kí", "ký", "kí"),
        ("sỹ", "sĩ", "sĩ"),
        ("lý", "lí", "lí"),
        ("mỹ", "mĩ", "mĩ"),
        ("ky", "ki", "ki"),
        ("quý", "qúi", "quý"),
        ("qui", "quy", "quy"),
        ("huy", None, "huy"),  # u+y is a diphthong, not a variant
        ("tuy", None, "tuy"),
        ("khai", None, "khai"),
    ],
)
def test_i_and_y(word, variant, canonical):
    assert vi.iy_variant(word) == (variant and vi.normalize(variant))
    assert vi.canonical(word) == vi.normalize(canonical)


@pytest.mark.parametrize(
    ("raw", "unpadded"),
    [
        ("Xác nhận số chứng minh nhân dân 09 số", "Xác nhận số chứng minh nhân dân 9 số"),
        ("trước ngày 01/01/1945", "trước ngày 1/1/1945"),
        ("0 đồng, 10 ngày, 007", "0 đồng, 10 ngày, 7"),
        ("mẫu TK01, 0A", "mẫu TK01, 0A"),  # zeros inside a word or before a letter stay
    ],
)
def test_numbers_are_unpadded(raw, unpadded):
    assert vi.unpad_numbers(raw) == unpadded
    assert vi.words(raw) == vi.words(unpadded)
    assert vi.search_terms(raw) == vi.search_terms(unpadded)


@pytest.mark.parametrize(
    ("word", "splits"),
    [
        ("khaisinh", (("khai", "sinh"), ("kha", "i", "sinh"))),
        ("dangky", (("dang", "ky"),)),
        ("oto", (("o", "to"), ("ot", "o"))),  # ô tô
        ("hokinhdoanh", (("ho", "kinh", "doanh"), ("ho", "kinh", "do", "anh"))),
        ("nghieng", ()),  # one syllable
        ("gplx", ()),  # no vowel: an abbreviation
        ("tk01", ()),
    ],
)
def test_words_typed_without_spaces_are_read_as_syllables(word, splits):
    assert vi.syllable_splits(word) == splits


@pytest.mark.parametrize(
    ("word", "syllable"),
    [("khai", True), ("nghieng", True), ("quyen", True), ("o", True), ("khaisinh", False)],
)
def test_is_syllable(word, syllable):
    assert vi.is_syllable(word) is syllable


def test_split_syllables_are_canonical():
    assert vi.Word.of("dangký").splits == (("dang", "ki"),)


def test_spelling_variants():
    assert vi.spelling_variants("ky") == ("ky", "ki")
    assert vi.spelling_variants("fep") == ("fep", "phep")
    assert vi.spelling_variants("khai") == ("khai",)


@pytest.mark.parametrize("word", ["cấp", "lại", "nhận", "thay", "đổi", "nước", "ngoài", "mã", "số"])
def test_words_that_matter_are_never_stopwords(word):
    assert not vi.is_stopword(word)
    assert not vi.is_stopword(vi.fold(word))


@pytest.mark.parametrize(
    ("word", "stop"),
    [
        ("của", True),
        ("cua", True),
        ("và", True),
        ("các", True),
        ("đó", True),
        ("do", False),  # could be "đỏ" (sổ đỏ) typed without marks
        ("để", True),
        ("de", False),  # could be "đề" (đề nghị)
        ("cho", False),  # could be "chợ"
    ],
)
def test_stopwords(word, stop):
    assert vi.is_stopword(word) is stop


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
    parsed = vi.parse_query(query)
    assert [[w.text for w in slot.words] for slot in parsed.slots] == slots
    found = [[w.text for w in words] for slot in parsed.slots for words in slot.expansions]
    assert found[: len(expansions)] == expansions


def test_cccd_reaches_the_names_used_since_2024():
    (slot,) = vi.parse_query("cccd").slots
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
    parsed = vi.parse_query(query)
    assert (parsed.marked, parsed.prefix, parsed.minimum_should_match) == (marked, prefix, minimum)


def test_shingles_are_canonical():
    assert vi.shingles(vi.search_terms("Đăng ký kết hôn")) == ["dang_ki", "ki_ket", "ket_hon"]
    assert vi.search_terms("Đăng Kí", normalised=True) == vi.search_terms("đăng ký")


def test_synonym_rules_for_elasticsearch():
    folded = vi.synonym_rules(folded=True)
    assert "gplx => gplx, giay phep lai xe" in folded
    assert "cccd => cccd, can cuoc cong dan, can cuoc" in folded
    assert "ki, ky" in folded and "qui, quy" in folded
    exact = vi.synonym_rules(folded=False)
    assert "sổ đỏ => sổ đỏ, giấy chứng nhận quyền sử dụng đất" in exact


def test_highlighter_marks_folded_matches_and_escapes():
    marker = vi.highlighter(frozenset({"dang", "ky", "ki"}), "ke")
    assert marker.mark("Đăng KÝ <kết> hôn, kê khai") == (
        "<mark>Đăng</mark> <mark>KÝ</mark> &lt;<mark>kết</mark>&gt; hôn, <mark>kê</mark> khai"
    )


def test_highlighter_marks_padded_numbers():
    marker = vi.highlighter(frozenset({"9", "so"}))
    marked = marker.mark("CMND 09 số, 19 số")
    assert marked == "CMND <mark>09</mark> <mark>số</mark>, 19 <mark>số</mark>"


def test_snippet_is_cut_around_the_matches():
    text = "Bước 1: nộp hồ sơ. " * 30 + "Người yêu cầu đăng ký khai sinh nộp tờ khai. " + "x " * 200
    snippet = vi.highlighter(frozenset({"khai", "sinh"})).snippet(text, size=120)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>khai</mark> <mark>sinh</mark>" in snippet
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 125
    assert vi.highlighter(frozenset({"zzz"})).snippet("a < b", size=50) == "a &lt; b"


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("sinh", "sihn", 1), ("sinh", "sihnn", 2), ("phep", "fep", 2), ("khai", "khai", 0)],
)
def test_edit_distance(a, b, distance):
    assert vi.edit_distance(a, b) == distance


def test_did_you_mean():
    names = ["Thủ tục đăng ký khai sinh", "Thủ tục đăng ký kết hôn"]
    assert vi.did_you_mean(vi.parse_query("khaii sihnn"), names) == "khai sinh"
    assert vi.did_you_mean(vi.parse_query("đăng ký khai sihnn"), names) == "đăng ký khai sinh"
    assert vi.did_you_mean(vi.parse_query("khai sinh"), names) is None
    known = {"khaii"}.__contains__
    assert vi.did_you_mean(vi.parse_query("khaii sihnn"), names, known=known) == "khaii sinh"


@pytest.mark.parametrize(
    ("text", "relaxes"),
    [("khai sinh", False), ("ly lich tu", False), ("dang ky khai sinh cho be gai", True)],
)
def test_a_query_relaxes_only_when_it_would_need_fewer_words(text, relaxes):
    assert vi.parse_query(text).relaxes is relaxes
