"""Channels, times and fees parsed from real cách_thức_thực_hiện snippets of the national crawl."""

import pytest

from seeds.importer.channels import parse_channels, split_run
from seeds.importer.fees import states_no_fee
from seeds.importer.times import parse_time

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"


def only(text: str) -> dict:
    (channel,) = parse_channels(HEADER + text)
    return channel


def test_rows_keep_source_order_and_methods():
    # 1.001193 Đăng ký khai sinh
    text = HEADER + "Trực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí"
    assert [c["method"] for c in parse_channels(text)] == ["online", "post", "in_person"]


def test_method_words_inside_a_note_do_not_start_a_row():
    # 1.003133
    text = (
        "Trực tuyến1 Ngày làm việc5,000 Việt Nam Đồng(5.000đ/giấy thông hành (Thông tư số"
        " 25/2021/TT-BTC ngày 07/4/2021 của Bộ Tài chính).)+ Trực tuyến: nộp hồ sơ trực tuyến qua"
        " Cổng Dịch vụ công quốc gia hoặc Cổng Dịch vụ công Bộ Công an.Trực tiếp1 Ngày làm việc"
        "40 Việt Nam Đồng(4.000 đ/giấy thông hành)+ Trực tiếp: nộp hồ sơ trực tiếp tại Công an xã"
    )
    online, in_person = parse_channels(HEADER + text)
    assert online["note"].startswith("+ Trực tuyến: nộp hồ sơ")
    assert (online["fee_vnd"], in_person["fee_vnd"]) == (5000, 40)  # 40 as stated, not corrected


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (  # 1.001193: a bare number, unit unknown
            "Trực tuyến1Miễn phí",
            {"time_value": 1, "time_unit": None, "time_text": "1", "fee_free": True},
        ),
        (  # 1.014847: the common case
            "Trực tuyến22 Ngày làm việcMiễn phí22 ngày làm việc, kể từ ngày nhận đủ hồ sơ",
            {
                "time_value": 22,
                "time_unit": "Ngày làm việc",
                "fee_free": True,
                "note": "22 ngày làm việc, kể từ ngày nhận đủ hồ sơ",
            },
        ),
        (  # 1.007689: time given as text
            "Trực tuyếnKhông phải trả kết quả cho người nộp thuếMiễn phíBằng phương thức điện tử",
            {"time_value": None, "time_text": "Không phải trả kết quả cho người nộp thuế"},
        ),
        (  # 2.000815: USD is no VND amount
            "Trực tiếpKhông có thông tin10 USD(/bản)Tại cơ quan đại diện: 10 USD/bản.",
            {"time_text": None, "fee_vnd": None, "fee_free": False, "fee_text": "10 USD(/bản)"},
        ),
        (  # 1.001612: amount with details
            "Trực tuyếnKhông có thông tin150,000 Việt Nam Đồng(- Mức lệ phí cụ thể do Hội đồng"
            " nhân dân tỉnh quyết định)",
            {"fee_vnd": 150000, "fee_free": False, "note": None},
        ),
        (  # 3.000348 GPLX: 'Miễn phí' over a fee of 135.000 đồng is not free
            "Trực tuyến5 Ngày làm việcMiễn phí(Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.)",
            {"fee_free": False, "fee_vnd": None, "time_unit": "Ngày làm việc"},
        ),
        (  # 1.014258: after 'Không có thông tin' the parenthesis opens the note
            "Trực tiếp44 Ngày làm việcKhông có thông tin(1) Trường hợp tổ chức, cá nhân đề nghị",
            {"fee_text": None, "note": "(1) Trường hợp tổ chức, cá nhân đề nghị"},
        ),
        (  # 2.002044: '1100,000' can only be 1 | 100,000
            "Trực tiếp1100,000 VNĐ(- Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần)",
            {"time_value": 1, "time_text": "1", "fee_vnd": 100000},
        ),
        (  # 1.000014: '120 VNĐ' is 1 | 20 or 12 | 0 — neither is claimed
            "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)",
            {
                "time_value": None,
                "time_text": None,
                "fee_vnd": None,
                "fee_text": "120 VNĐ(20.000 vnđ /tờ khai)",
            },
        ),
    ],
)
def test_channel_cells(cells, expected):
    channel = only(cells)
    assert {key: channel[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("run", "cut"),
    [("1100,000", ("1", "100,000")), ("120,000", ("1", "20,000")), ("120", None), ("1100", None)],
)
def test_split_run(run, cut):
    assert split_run(run) == cut


@pytest.mark.parametrize(
    ("details", "free"),
    [
        ("(Không có)", True),
        ("(Không quy định.)", True),
        ("(Miễn lệ phí (Thông tư số 47/2019/TT-BTC).)", True),
        (  # 1.000894 Đăng ký kết hôn: a copy on request does not make it charged
            "(Miễn lệ phí. Phí cấp bản sao Trích lục kết hôn (nếu có yêu cầu) thực hiện theo quy"
            " định tại Thông tư số 281/2016/TT-BTC ngày 14/11/2016 của Bộ Tài chính.)",
            True,
        ),
        (  # 1.000094: the fee is set by the province
            "(Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương quyết"
            " định. Miễn lệ phí cho người thuộc gia đình có công với cách mạng; người thuộc hộ"
            " nghèo; người khuyết tật.)",
            False,
        ),
        ("(Chưa quy định.)", False),  # 1.012549
        ("(Miễn lệ phí đối với những trường hợp sau: + Người có công)", False),  # 2.002038
    ],
)
def test_states_no_fee(details, free):
    assert states_no_fee(details) is free


@pytest.mark.parametrize(
    ("cell", "value", "unit", "text"),
    [
        ("15 Ngày làm việc", 15, "Ngày làm việc", None),
        ("12 Tháng", 12, "Tháng", None),
        ("1 Giờ", 1, "Giờ", None),
        ("2", 2, None, "2"),
        ("Không quy định", None, None, "Không quy định"),
        ("Không có thông tin", None, None, None),
    ],
)
def test_parse_time(cell, value, unit, text):
    assert parse_time(cell) == {"time_value": value, "time_unit": unit, "time_text": text}
