"""Documents and their forms parsed from real thành_phần_hồ_sơ snippets of the national crawl."""

import pytest

from seeds.importer.documents import parse_documents, unparsed_tail
from seeds.importer.forms import split_form

HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # 1.009283
            "--" + HEADER + "Báo cáo về việc thanh toán xong các khoản nợ1 bản chính"
            "Thông báo về việc chấm dứt hoạt động của chi nhánh tại Việt NamMẫu TP-HGTM-20.docx"
            "1 bản chính",
            [
                ("Báo cáo về việc thanh toán xong các khoản nợ", None, "1 bản chính"),
                (
                    "Thông báo về việc chấm dứt hoạt động của chi nhánh tại Việt Nam",
                    "Mẫu TP-HGTM-20.docx",
                    "1 bản chính",
                ),
            ],
        ),
        (  # 2.002039: originals and copies
            "--" + HEADER + "Bản khai lý lịch3 bản chínhBản sao Giấy khai sinh, Hộ chiếu"
            "0 bản chính,3 bản sao",
            [
                ("Bản khai lý lịch", None, "3 bản chính"),
                ("Bản sao Giấy khai sinh, Hộ chiếu", None, "0 bản chính,3 bản sao"),
            ],
        ),
        (  # a year before the count stays in the name: '…ngày 31/12/2025' + '1 bản chính'
            "--" + HEADER + "Đơn theo Thông tư số 88/2025/TT-BNNMT ngày 31/12/20251 bản chính",
            [("Đơn theo Thông tư số 88/2025/TT-BNNMT ngày 31/12/2025", None, "1 bản chính")],
        ),
        (  # counts quoted inside a name are not the count cell
            "--" + HEADER + "Phiếu xuất kho: 01 bản chụp;0 bản chính,1 bản sao"
            "Hợp đồng gia công: 01 bản chính1 bản chính",
            [
                ("Phiếu xuất kho: 01 bản chụp;", None, "0 bản chính,1 bản sao"),
                ("Hợp đồng gia công: 01 bản chính", None, "1 bản chính"),
            ],
        ),
        (  # 1.001193: headings between tables are not documents
            "* Giấy tờ phải nộp:"
            + HEADER
            + "Giấy chứng sinh1 bản chính* Giấy tờ phải xuất trình:"
            + HEADER
            + "Hộ chiếu1 bản chính",
            [("Giấy chứng sinh", None, "1 bản chính"), ("Hộ chiếu", None, "1 bản chính")],
        ),
        ("Theo quy định tại Điều 9 Luật Hộ tịch", []),
    ],
)
def test_parse_documents(text, expected):
    rows = [(d["name"], d["form"], d["quantity"]) for d in parse_documents(text)]
    assert rows == expected


@pytest.mark.parametrize(
    ("row", "name", "form"),
    [
        (
            "Giấy đề nghị cấp giấy phép theo mẫuTK 1.001023 (xe TM).docx",
            "Giấy đề nghị cấp giấy phép theo mẫu",
            "TK 1.001023 (xe TM).docx",
        ),
        (
            "- Đề án khai thác nước theo Mẫu 45, Mẫu 48, Phụ lục I Nghị định số 23/2026/NĐ-CP."
            "Mau48.docxMau45.docx",
            "- Đề án khai thác nước theo Mẫu 45, Mẫu 48, Phụ lục I Nghị định số 23/2026/NĐ-CP.",
            "Mau48.docx; Mau45.docx",
        ),
        (
            "Đơn đăng ký sử dụng mặt nước theo Mẫu 16, Phụ lục I kèm theo Nghị định số"
            " 23/2026/NĐ-CPMau16.docx",
            "Đơn đăng ký sử dụng mặt nước theo Mẫu 16, Phụ lục I kèm theo Nghị định số"
            " 23/2026/NĐ-CP",
            "Mau16.docx",
        ),
        (
            "Văn bản đề nghị cấp giấy phép thăm dò khoáng sản"
            "Mau 01-Phu luc I_37.2025.TT-BNNMT_02.7.2025.docx",
            "Văn bản đề nghị cấp giấy phép thăm dò khoáng sản",
            "Mau 01-Phu luc I_37.2025.TT-BNNMT_02.7.2025.docx",
        ),
        (
            "Tờ khai (Mẫu số 01 ban hành kèm theo Quyết định 01/2012/QĐ-TTg ngày 19/4/2018)"
            "Mẫu 1-CNDN.docx",
            "Tờ khai (Mẫu số 01 ban hành kèm theo Quyết định 01/2012/QĐ-TTg ngày 19/4/2018)",
            "Mẫu 1-CNDN.docx",
        ),
        ("Bản khai lý lịch", "Bản khai lý lịch", None),
    ],
)
def test_split_form(row, name, form):
    assert split_form(row) == (name, form)


def test_unparsed_tail():
    assert unparsed_tail("--" + HEADER + "Bản khai lý lịch3 bản chính----") == "----"
    assert unparsed_tail("--" + HEADER + "Bản khai lý lịch3 bản chính") is None
