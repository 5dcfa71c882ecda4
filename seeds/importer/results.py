"""The result field (kết quả xử lý): result names, without the portal's page furniture."""

import re

from seeds.importer.cleaning import clean

# Text of the portal's 'submit' widget that the crawler kept after the result.
_PAGE_FURNITURE = "Chọn cơ quan thực hiện"
_RESULT_CODE = re.compile(r"Mã: [A-Z0-9.\-]*\d")  # 'KQ.G15.000031' runs into the next name
_EXTRAS = re.compile(r"Từ khóa(?P<keywords>.*?)Mô tả(?P<description>.*)$", re.DOTALL)


def clean_result(text: str | None) -> str | None:
    """'Giấy khai sinhMã: KQ.G15.000031Từ khóa…Mô tả…' → 'Giấy khai sinh', one result a line,
    then the description and keywords when the portal has them. Result codes are dropped."""
    if not text:
        return None
    text = text.split(_PAGE_FURNITURE)[0]
    extras = _EXTRAS.search(text)
    names = text[: extras.start()] if extras else text
    lines = [line for line in map(clean, _RESULT_CODE.split(names)) if line]
    if extras:
        lines += _labelled("Mô tả", extras["description"]) + _labelled(
            "Từ khóa", extras["keywords"]
        )
    return clean("\n".join(lines))


def _labelled(label: str, value: str) -> list[str]:
    value = clean(value)
    return [f"{label}: {value}"] if value else []
