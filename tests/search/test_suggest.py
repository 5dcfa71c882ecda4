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
}


@pytest.fixture(scope="module")
def names():
    return NameIndex((code, normalize(name)) for code, name in NAMES.items())


def codes(names, typed, limit=8):
    return [item["code"] for item in names.suggest(typed, limit)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("dang ky thuong", ["1.004222", "1.003197"]),  # names starting so come first
        ("đăng ký kết h", ["1.000894", "1.000893"]),  # shorter names first
        ("ket hon co y", ["1.000893"]),
        ("liet si", ["1.004163"]),  # i/y
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
    index = NameIndex(
        (code, normalize(name))
        for code, name in {
            "1.014132": "Hủy đăng ký dự án",  # shorter, but has the words later
            "1.000656": "Thủ tục đăng ký khai tử",
        }.items()
    )
    assert codes(index, "dang ky") == ["1.000656", "1.014132"]
