"""Reading an uploaded CSV or XLSX into rows of (code, level, reason), with friendly headers.

Headers are matched after folding (no tone marks, lower case), so "Mã thủ tục", "MA THU TUC" and
"code" all name the code column. Columns we do not know are ignored, so the catalogue export
can be edited and sent back as it is.
"""

import csv
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from search.text import fold
from services_api.errors import DomainError

MAX_ROWS = 20_000
COLUMNS = {
    "code": {"code", "ma", "ma thu tuc", "ma tthc", "ma so", "ma thu tuc hanh chinh"},
    "level": {"level", "maturity level", "muc do", "muc do dvc", "muc do dich vu cong"},
    "reason": {"reason", "ly do", "ly do thay doi"},
}
REQUIRED = ("code", "level")
XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls and other old Office files


class UnreadableFile(DomainError):
    status = 415


class FileTooLarge(DomainError):
    status = 413


class BadSheet(DomainError):
    """A readable spreadsheet that is not an import: wrong columns, or no data rows."""

    status = 422

    def __init__(self, message: str) -> None:
        super().__init__(message, {"files": {"file": [message]}})


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the agency sees it in the spreadsheet (header is row 1, or later)
    code: str
    level: object
    reason: str | None


def read_rows(data: bytes, max_bytes: int) -> list[SheetRow]:
    """Every non-empty data row of the first sheet; raises when the file cannot be an import."""
    if len(data) > max_bytes:
        raise FileTooLarge(f"Tệp quá lớn: tối đa {max_bytes // 1024 // 1024} MB")
    if not data.strip():
        raise BadSheet("Tệp rỗng")
    table = _xlsx_table(data) if data.startswith(XLSX_MAGIC) else _csv_table(data)
    return _rows(table)


def _xlsx_table(data: bytes) -> list[tuple]:
    import openpyxl  # imported here: only imports need it, and it is slow to load

    # openpyxl raises many kinds of errors on a damaged or foreign archive: all mean unreadable.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported Excel extensions do not matter here
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0] if book.worksheets else None
                return _bounded(sheet.iter_rows(values_only=True)) if sheet else []
            finally:
                book.close()
    except FileTooLarge:
        raise
    except Exception as error:
        raise UnreadableFile(f"Không đọc được tệp XLSX ({type(error).__name__})") from None


def _csv_table(data: bytes) -> list[tuple]:
    if data.startswith(OLE2_MAGIC):
        raise UnreadableFile("Định dạng .xls cũ không được hỗ trợ: hãy lưu thành .xlsx hoặc CSV")
    text = _decode(data)
    if any(unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text):
        raise UnreadableFile("Tệp không phải bảng tính CSV hay XLSX")
    # The header line's most frequent separator: Excel writes ";" where "," is a decimal mark.
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=header.count)
    return _bounded(tuple(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter))


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1258, what Vietnamese Excel writes as "CSV"."""
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("Tệp không phải bảng tính CSV (UTF-8) hay XLSX")


def _bounded(rows) -> list[tuple]:
    table = []
    for row in rows:
        table.append(row)
        if len(table) > MAX_ROWS + 1:
            raise FileTooLarge(f"Tệp quá nhiều dòng: tối đa {MAX_ROWS:,} dòng")
    return table


def _rows(table: list[tuple]) -> list[SheetRow]:
    start = next((i for i, row in enumerate(table) if _filled(row)), None)
    if start is None:
        raise BadSheet("Tệp rỗng")
    columns = _columns(table[start])
    rows = [
        _row(start + offset + 2, record, columns)
        for offset, record in enumerate(table[start + 1 :])
        if _filled(record)
    ]
    if not rows:
        raise BadSheet("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu")
    return rows


def _filled(row) -> bool:
    return any(_text(cell) for cell in row)


def header_key(cell) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(_text(cell))).strip()


def _columns(header: tuple) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, cell in enumerate(header):
        name = next((n for n, aliases in COLUMNS.items() if header_key(cell) in aliases), None)
        if name in found:
            raise BadSheet(f"Cột '{_text(cell)}' bị trùng")
        if name:
            found[name] = position
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise BadSheet(
            "Thiếu cột: "
            + ", ".join(missing)
            + ". Dòng tiêu đề cần: mã thủ tục (code), mức độ (level), lý do (reason)"
        )
    return found


def _row(number: int, record: tuple, columns: dict[str, int]) -> SheetRow:
    def cell(name):
        position = columns.get(name)
        return record[position] if position is not None and position < len(record) else None

    return SheetRow(number, _code_text(cell("code")), cell("level"), _text(cell("reason")) or None)


def _code_text(value) -> str:
    if isinstance(value, float):  # a code typed into Excel as a number: 1.000050 → 1.00005
        return f"{value:.6f}"
    return _text(value)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_level(value) -> int | None:
    """1–4 from 3, 3.0, "3", "Mức độ 3" or "mức 3"; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and 1 <= value <= 4 else None
    text = " ".join(fold(_text(value)).split())
    match = re.fullmatch(r"(?:muc(?: do)?:? ?)?([1-4])(?:[.,]0+)?", text)
    return int(match.group(1)) if match else None
