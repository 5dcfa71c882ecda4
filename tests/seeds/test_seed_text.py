"""Clean-up, results, 'toàn trình', levels and crawler repairs on real snippets."""

import pytest

from seeds.importer.cleaning import clean, clean_inline
from seeds.importer.online import maturity_level, states_full_online
from seeds.importer.repairs import reread
from seeds.importer.results import clean_result
from seeds.importer.source import tiers


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("Không có thông tin", None),
        ("", None),
        (None, None),
        ("Hoá đơn\xa0 thuỷ  sản", "Hóa đơn thủy sản"),  # tone placement, nbsp, spaces
        ("Bước 1:\t nộp\n\n\n\nBước 2: nhận ", "Bước 1: nộp\n\nBước 2: nhận"),
        ("k\u200eý", "ký"),
    ],
)
def test_clean(text, cleaned):
    assert clean(text) == cleaned


def test_clean_inline():
    assert clean_inline("Đăng ký xe tạm thời\n  trực  tuyến") == "Đăng ký xe tạm thời trực tuyến"


@pytest.mark.parametrize(
    ("text", "result"),
    [
        (  # 1.001193
            "Giấy khai sinhMã: KQ.G15.000031Từ khóaKhông có thông tinMô tảKhông có thông tin"
            "Chọn cơ quan thực hiệnTỉnh/ Thành phốBộ ngành-- Chọn Tỉnh/ Thành phố --Nộp hồ sơ",
            "Giấy khai sinh",
        ),
        (  # two results
            "Quyết định sửa đổi Giấy phépMã: KQ.G19.000505Văn bản từ chốiMã: KQ.G19.000506"
            "Từ khóaKhông có thông tinMô tảKhông có thông tin",
            "Quyết định sửa đổi Giấy phép\nVăn bản từ chối",
        ),
        (
            "Giấy thông hành biên giớiMã: KQ.G03.000001Từ khóaCấp giấy thông hành biên giới"
            "Mô tảKhông có thông tin",
            "Giấy thông hành biên giới\nTừ khóa: Cấp giấy thông hành biên giới",
        ),
        ("", None),
    ],
)
def test_clean_result(text, result):
    assert clean_result(text) == result


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("Đăng ký xe lần đầu trực tuyến toàn trình đối với xe nhập khẩu", True),  # 1.013066
        ("Thu hồi chứng nhận đăng ký xe thực hiện bằng dịch vụ công toàn trình", True),  # 1.013065
        ("(đủ điều kiện thực hiện dịch vụ công trực tuyến toàn trình)", True),  # 1.002099
        (  # the tax procedures name a class of procedures, not themselves
            "Cổng dịch vụ công quốc gia đối với các thủ tục hành chính đã toàn trình và được"
            " tích hợp",
            False,
        ),
        (None, False),
    ],
)
def test_states_full_online(text, stated):
    assert states_full_online(text) is stated


@pytest.mark.parametrize(
    ("methods", "full_online", "level"),
    [
        ([], False, 2),
        (["in_person", "post"], True, 2),
        (["online", "in_person"], False, 3),
        (["online"], True, 4),
    ],
)
def test_maturity_level(methods, full_online, level):
    assert maturity_level([{"method": m} for m in methods], full_online) == level


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Cấp xã", ["commune"]),
        ("Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác", ["ministry", "province", "commune", "other"]),
        ("Cấp tỉnh, Cơ quan khác", ["province", "other"]),
    ],
)
def test_tiers(label, expected):
    assert tiers({"cap_thuc_hien": label}) == expected


def test_reread_repairs_a_field_cut_at_the_wrong_label():
    # 2.000942: the crawler took 'Cơ quan thực hiện' from the steps
    record = {
        "can_cu_phap_ly": "Thông tư 01/2020/TT-BTP01/2020/TT-BTP",
        "co_quan_thuc_hien": "chứng thực tiến hành chụp từ bản chính giao dịch",
        "raw_text": "+ Cơ quan thực hiện chứng thực tiến hành chụp từ bản chính giao dịch"
        "Thông tư 01/2020/TT-BTP01/2020/TT-BTPCơ quan thực hiệnKhông có thông tin"
        "Yêu cầu, điều kiện thực hiệnKhông.",
    }
    assert reread(record, "co_quan_thuc_hien") == "Không có thông tin"


def test_reread_keeps_the_field_when_the_page_text_disagrees():
    record = {"can_cu_phap_ly": "x", "co_quan_thuc_hien": "Sở Tư pháp", "raw_text": "y"}
    assert reread(record, "co_quan_thuc_hien") == "Sở Tư pháp"
