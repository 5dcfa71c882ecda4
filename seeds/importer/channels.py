"""Channels (cách thức thực hiện): the portal's flattened table cut into rows and cells."""

import re

from seeds.importer.cleaning import NO_INFORMATION, clean
from seeds.importer.fees import FEE_START, parse_fee, well_formed_amount
from seeds.importer.times import parse_time

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
METHODS = {"Trực tiếp": "in_person", "Trực tuyến": "online", "Dịch vụ bưu chính": "post"}
# A row starts where a method runs straight into its time cell; notes use the same words followed
# by a space or punctuation ("+ Trực tuyến: nộp hồ sơ qua Cổng Dịch vụ công…").
_ROW = re.compile(rf"({'|'.join(METHODS)})(?=\w)")
_CELLS = re.compile(rf"(?P<time>.+?)(?P<fee>{FEE_START})(?P<rest>.*)", re.S)
_GLUED = re.compile(r"(?P<digits>\d[\d,.]*)(?P<currency>\s?\D.*)", re.S)
_UNKNOWN_TIME = {"time_value": None, "time_unit": None, "time_text": None}
_UNKNOWN_FEE = {"fee_vnd": None, "fee_free": False, "fee_text": None}


def parse_channels(text: str | None) -> list[dict]:
    """One channel per table row, in the source's order."""
    parts = _ROW.split((text or "").removeprefix(HEADER))
    return [
        _channel(METHODS[method], cells)
        for method, cells in zip(parts[1::2], parts[2::2], strict=True)
    ]


def _channel(method: str, cells: str) -> dict:
    match = _CELLS.fullmatch(cells)
    if match is None:
        return {"method": method, **_UNKNOWN_TIME, **_UNKNOWN_FEE, "note": clean(cells)}
    time, fee = match["time"], match["fee"]
    details, note = split_details(match["rest"], fee)
    if time.isdigit() and fee[0].isdigit():
        return {"method": method, **_glued(time, fee, details), "note": clean(note)}
    return {"method": method, **parse_time(time), **parse_fee(fee, details), "note": clean(note)}


def _glued(time: str, fee: str, details: str | None) -> dict:
    """A time without unit runs into the amount ('Trực tuyến1100,000 VNĐ'): cut only where the
    cut is certain, else keep the raw text and claim neither time nor amount."""
    amount = _GLUED.fullmatch(fee)
    cut = split_run(time + amount["digits"])
    if cut is None:
        return {**_UNKNOWN_TIME, **_UNKNOWN_FEE, "fee_text": clean(time + fee + (details or ""))}
    return {**parse_time(cut[0]), **parse_fee(cut[1] + amount["currency"], details)}


def split_run(run: str) -> tuple[str, str] | None:
    """'1100,000' → ('1', '100,000'): the one cut leaving a whole number of time units and a
    well-formed amount; None when no cut or several cuts work ('120' is 1|20 or 12|0)."""
    cuts = [
        (run[:i], run[i:])
        for i in range(1, len(run))
        if run[:i].isdigit() and well_formed_amount(run[i:])
    ]
    return cuts[0] if len(cuts) == 1 else None


def split_details(rest: str, fee: str) -> tuple[str | None, str]:
    """The fee's '(details)' — parentheses may nest — and the note that follows them. After
    'Không có thông tin' a parenthesis opens the note instead: '(1) Trường hợp…'."""
    if fee == NO_INFORMATION or not rest.startswith("("):
        return None, rest
    depth = 0
    for index, char in enumerate(rest):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return rest[: index + 1], rest[index + 1 :]
    return rest, ""
