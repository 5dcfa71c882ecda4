"""Legal basis rows parsed from real căn_cứ_pháp_lý snippets of the national crawl."""

import pytest

from seeds.importer.legal import parse_legal_basis

HEADER = "Tên văn bản pháp lýMã văn bản"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # 1.001193: numbers glued to the next title
            "Thông tư Hướng dẫn về phí và lệ phí85/2019/TT-BTCLuật 60/2014/QH1360/2014/QH13"
            "Nghị quyết số 66.7/2025/NQ-CP của Chính phủ66.7/2025/NQ-CP",
            [
                ("Thông tư Hướng dẫn về phí và lệ phí", "85/2019/TT-BTC"),
                ("Luật 60/2014/QH13", "60/2014/QH13"),
                ("Nghị quyết số 66.7/2025/NQ-CP của Chính phủ", "66.7/2025/NQ-CP"),
            ],
        ),
        (  # 1.000178: a number inside the title is not a row end
            "Thông tư số 68/2013/TT-BCA ngày 26/12/2013 của Bộ Công an68/2013/TT-BCA",
            [("Thông tư số 68/2013/TT-BCA ngày 26/12/2013 của Bộ Công an", "68/2013/TT-BCA")],
        ),
        (  # titles in capitals, 'TTg', a lowercase title after '-CP'
            "Quyết định 01/2012/QĐ-TTg01/2012/QĐ-TTgNghị định 06/2021/NĐ-CP06/2021/NĐ-CP"
            "sửa đổi, bổ sung một số điều14/2026/NĐ-CPBỘ LUẬT HÀNG HẢI VIỆT NAM",
            [
                ("Quyết định 01/2012/QĐ-TTg", "01/2012/QĐ-TTg"),
                ("Nghị định 06/2021/NĐ-CP", "06/2021/NĐ-CP"),
                ("sửa đổi, bổ sung một số điều", "14/2026/NĐ-CP"),
                ("BỘ LUẬT HÀNG HẢI VIỆT NAM", None),
            ],
        ),
        (  # 1.012805: a date glued to the number: the title's own citation decides
            "Luật số 43/2024/QH15 ngày 29/6/202443/2024/QH15",
            [("Luật số 43/2024/QH15 ngày 29/6/2024", "43/2024/QH15")],
        ),
        (  # a year glued to the number, no citation in the title
            "Luật Cư trú 202068/2020/QH14",
            [("Luật Cư trú 2020", "68/2020/QH14")],
        ),
        (  # 3.000164: the crawler ran on into the next field
            "Lệnh 21/2014/L-CTN21/2014/L-CTNCơ quan thực hiệnTòa án nhân dân tối cao",
            [("Lệnh 21/2014/L-CTN", "21/2014/L-CTN")],
        ),
    ],
)
def test_parse_legal_basis(text, expected):
    rows = [(row["title"], row["number"]) for row in parse_legal_basis(HEADER + text)]
    assert rows == expected


def test_absent():
    assert parse_legal_basis(None) == []
