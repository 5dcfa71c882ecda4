"""The in-memory name index behind Tantivy's as-you-type suggestions."""

import pytest

from search.suggest import NameIndex
from search.text import normalize

NAMES = {
    "1.000894": "Thủ tục đăng ký kết hôn",
    "1.000893": "Thủ tục đăng ký kết hôn có yếu tố nước ngoài",
    "1.004222": "Đăng ký thường trú",
    "1.003197": "Xóa đăng ký thường trú",
    "3.000348": "Cấp lại giấy phép lái xe",
    "1.004163": "Xét công nhận liệt sỹ",
    "1.001686": "Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc thú y",
    "1.000049": "Cấp, gia hạn, cấp lại, cấp đổi chứng chỉ hành nghề đo đạc và bản đồ hạng II",
    "1.012566": "Xác nhận số chứng minh nhân dân 09 số, số định danh cá nhân",
}


def index_of(names: dict[str, str]) -> NameIndex:
    return NameIndex((code, normalize(name)) for code, name in names.items())


@pytest.fixture(scope="module")
def names():
    return index_of(NAMES)


def codes(names, typed, limit=8):
    return [item["code"] for item in names.suggest(typed, limit)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("dang ky thuong", ["1.004222", "1.003197"]),  # names starting so come first
        ("đăng ký kết h", ["1.000894", "1.000893"]),  # shorter names first
        ("ket hon co y", ["1.000893"]),
        ("liet si", ["1.004163"]),  # i/y
        ("chung minh nhan dan 9 s", ["1.012566"]),  # "09" typed as "9"
        ("dangky thuong", ["1.004222", "1.003197"]),  # a space left out
        ("gplx", ["3.000348"]),  # abbreviation, complete as typed
        ("gplx ", ["3.000348"]),
        ("cap lai", ["3.000348", "1.000049"]),
        ("bán", ["1.001686", "1.000049"]),  # "bản" agrees only once folded
    ],
)
def test_suggestions(names, typed, expected):
    assert codes(names, typed) == expected


def test_marks_typed_rank_names_that_have_them_first(names):
    assert codes(names, "ba")[:2] == ["1.001686", "1.000049"]  # "bán" and "bản": shorter first
    assert codes(names, "bản")[:1] == ["1.000049"]


def test_limit_and_nothing(names):
    assert len(codes(names, "t", limit=2)) == 2
    assert codes(names, "") == []
    assert codes(names, "zzz") == []
    assert codes(names, "dang ky zzz") == []
    assert names.suggest("ket", limit=0) == []
    assert len(names) == len(NAMES)


def test_returns_code_and_name(names):
    assert names.suggest("xoa dang", 1) == [{"code": "1.003197", "name": "Xóa đăng ký thường trú"}]


def test_a_name_opening_with_thu_tuc_begins_with_what_follows():
    index = index_of(
        {
            "1.014132": "Hủy đăng ký dự án",  # shorter, but has the words later
            "1.000656": "Thủ tục đăng ký khai tử",
        }
    )
    assert codes(index, "dang ky") == ["1.000656", "1.014132"]


def test_names_with_the_words_apart_come_after_names_with_them_in_a_row(names):
    # "kết hôn ... nước ngoài" has "ket" and "nuoc" apart; no name has them in a row.
    assert codes(names, "nuoc ket") == ["1.000893"]
    # "Cấp Giấy chứng nhận..." begins so; "Cấp lại giấy phép..." has the words apart.
    assert codes(names, "cap giay") == ["1.001686", "3.000348"]


def test_text_longer_than_the_sorted_keys_is_still_matched_word_by_word(names):
    typed = "cap gia han cap lai cap doi chung chi hanh nghe do dac va ban do ha"
    assert len(typed) > 64
    assert codes(names, typed) == ["1.000049"]
    assert codes(names, typed.replace("ban do", "ban ve")) == []


def test_a_name_published_under_several_codes_gives_each_code():
    index = NameIndex(
        [
            ("1.000001", "Hỗ trợ phát triển sản xuất cộng đồng."),
            ("1.000002", "Hỗ trợ phát triển sản xuất cộng đồng."),
            ("1.000003", "Hỗ trợ phát triển"),
        ]
    )
    assert codes(index, "ho tro phat") == ["1.000003", "1.000001", "1.000002"]
    assert codes(index, "ho tro phat", limit=2) == ["1.000003", "1.000001"]
    assert len(index) == 3


def test_a_lexicon_phrase_ranks_names_beginning_with_its_expansion_first():
    index = index_of(
        {
            "1.000101": "Đổi giấy phép lái xe",  # shorter, but has the words later
            "1.000102": "Giấy phép lái xe quốc tế",
        }
    )
    assert codes(index, "gplx") == ["1.000102", "1.000101"]


def test_a_colloquial_phrase_typed_whole_suggests_what_it_stands_for_first():
    index = index_of(
        {
            "1.000201": "Cấp mã số đóng gói",  # has "số đóng" as typed
            "1.000202": "Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        }
    )
    assert codes(index, "so do") == ["1.000202", "1.000201"]
    assert codes(index, "so dong") == ["1.000201"]


def test_remembered_answers_are_fresh_lists(names):
    first = names.suggest("dang ky")
    first.clear()
    assert codes(names, "dang ky") == codes(index_of(NAMES), "dang ky") != []
