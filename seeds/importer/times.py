"""Processing time cells of the channels table: '15 Ngày làm việc' → 15, 'Ngày làm việc'."""

import re

from seeds.importer.cleaning import clean_inline

# The units the portal offers; kept in the source's words.
UNITS = ("Ngày làm việc", "Ngày", "Giờ", "Tuần", "Tháng", "Năm", "Phút")
_TIME = re.compile(rf"(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>{'|'.join(UNITS)})?")


def parse_time(cell: str | None) -> dict:
    """time_value and time_unit when the cell is a number and a unit; time_text keeps the raw
    cell whenever the unit is missing, so a bare '1' is never mistaken for one working day."""
    text = clean_inline(cell)
    match = _TIME.fullmatch(text) if text else None
    if match is None:
        return {"time_value": None, "time_unit": None, "time_text": text}
    unit = match["unit"]
    return {
        "time_value": _number(match["value"]),
        "time_unit": unit,
        "time_text": None if unit else text,
    }


def _number(text: str) -> int | float:
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value
