"""Reading an uploaded CSV or XLSX into rows of (code, level, reason), with friendly headers.

Headers are matched after folding (no tone marks, lower case), so "Mã thủ tục", "MA THU TUC" and
"code" all name the code column. Columns we do not know are ignored, so the catalogue export
can be edited and sent back as it is.

Everything is bounded before or while it is read, so that a small hostile file cannot take a
worker's memory: the uncompressed size of every part of an XLSX archive (from the archive's
directory, which Python's zipfile also enforces while decompressing), rows, columns and the
length of a cell. Rows are streamed (openpyxl's read-only mode) and only the three columns an
import uses are kept.
"""

import codecs
import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from search.text import fold
from services_api.errors import DomainError
from services_api.maturity.rules import MAX_REASON_CHARS

MAX_ROWS = 20_000
MAX_COLUMNS = 50  # the catalogue export has 16
MAX_CELL_CHARS = 32_767  # what Excel itself allows in a cell
MAX_CODE_CHARS = 100  # a procedure's code has about 20
MAX_STREAMED_PART_BYTES = 32 * 1024 * 1024  # a worksheet or the shared strings, read as a stream
MAX_OTHER_PART_BYTES = 4 * 1024 * 1024  # styles, workbook, relationships: parsed whole
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024
MAX_PARTS = 1_000
STREAMED_PARTS = re.compile(r"xl/(worksheets/[^/]+\.xml|sharedStrings\.xml)", re.IGNORECASE)
COLUMNS = {
    "code": {"code", "ma", "ma thu tuc", "ma tthc", "ma so", "ma thu tuc hanh chinh"},
    "level": {"level", "maturity level", "muc do", "muc do dvc", "muc do dich vu cong"},
    "reason": {"reason", "ly do", "ly do thay doi"},
}
REQUIRED = ("code", "level")
XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls and other old Office files
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # Excel's "Unicode text"


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
    return _rows(sheet_records(data, max_bytes))


def sheet_records(data: bytes, max_bytes: int) -> Iterator[tuple]:
    """The records of the first sheet of a CSV or XLSX upload, as they stream; the size and the
    archive are checked first (read them through ``bounded_records``)."""
    if len(data) > max_bytes:
        raise FileTooLarge(f"Tệp quá lớn: tối đa {max_bytes // 1024 // 1024} MB")
    if not data.strip():
        raise BadSheet("Tệp rỗng")
    if data.startswith(XLSX_MAGIC):
        _check_archive(data)
        return _xlsx_records(data)
    return _csv_records(data)


def _xlsx_records(data: bytes) -> Iterator[tuple]:
    import openpyxl  # imported here: only imports need it, and it is slow to load

    # openpyxl raises many kinds of errors on a damaged or foreign archive: all mean unreadable.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported Excel extensions do not matter here
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if book.worksheets:
                    sheet = book.worksheets[0]
                    sheet.reset_dimensions()  # a declared XFD1048576 would pad every row to it
                    yield from sheet.iter_rows(values_only=True)
            finally:
                book.close()
    except Exception as error:
        raise UnreadableFile(f"Không đọc được tệp XLSX ({type(error).__name__})") from None


def _check_archive(data: bytes) -> None:
    """Refuse an archive that would decompress past the limits, before parsing any of it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except Exception as error:
        raise UnreadableFile(f"Không đọc được tệp XLSX ({type(error).__name__})") from None
    if len(parts) > MAX_PARTS:
        raise FileTooLarge(f"Tệp XLSX có quá nhiều phần: tối đa {MAX_PARTS:,}")
    for part in parts:
        streamed = STREAMED_PARTS.fullmatch(part.filename)
        limit = MAX_STREAMED_PART_BYTES if streamed else MAX_OTHER_PART_BYTES
        if part.file_size > limit:
            raise FileTooLarge(
                f"Tệp XLSX giải nén quá lớn: phần {part.filename[:100]} vượt "
                f"{limit // 1024 // 1024} MB"
            )
    if sum(part.file_size for part in parts) > MAX_ARCHIVE_BYTES:
        raise FileTooLarge(
            f"Tệp XLSX giải nén quá lớn: tối đa {MAX_ARCHIVE_BYTES // 1024 // 1024} MB"
        )


def _csv_records(data: bytes) -> Iterator[tuple]:
    if data.startswith(OLE2_MAGIC):
        raise UnreadableFile("Định dạng .xls cũ không được hỗ trợ: hãy lưu thành .xlsx hoặc CSV")
    text = _decode(data)
    if any(unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text):
        raise UnreadableFile("Tệp không phải bảng tính CSV hay XLSX")
    # The header line's most frequent separator: Excel writes ";" where "," is a decimal mark.
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=header.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        yield from (tuple(record) for record in reader)
    except csv.Error:  # a cell past the csv module's own limit (131,072 characters)
        raise BadSheet(
            f"Dòng {reader.line_num}: ô dài quá {MAX_CELL_CHARS:,} ký tự hoặc sai định dạng CSV"
        ) from None


def _decode(data: bytes) -> str:
    """UTF-16 with its BOM (Excel's "Unicode text", tab-separated), UTF-8 (with or without BOM),
    else Windows-1258, what Vietnamese Excel writes as "CSV"."""
    encodings = ("utf-16",) if data.startswith(UTF16_BOMS) else ("utf-8-sig", "cp1258")
    for encoding in encodings:
        try:
            return unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("Tệp không phải bảng tính CSV (UTF-8, UTF-16) hay XLSX")


def bounded_records(records: Iterable[tuple]) -> Iterator[tuple[int, tuple]]:
    """``(number, record)`` of every non-empty record, numbered as the sheet shows them, each
    without its trailing empty cells; bounded while streaming: rows, columns, cell length."""
    for number, record in enumerate(records, start=1):
        if number > MAX_ROWS + 1:
            raise FileTooLarge(f"Tệp quá nhiều dòng: tối đa {MAX_ROWS:,} dòng")
        record = _bounded(number, record)
        if _filled(record):
            yield number, record


def _rows(records: Iterable[tuple]) -> list[SheetRow]:
    """The header is the first non-empty record; of each data row only the import's columns
    are kept."""
    columns, rows = None, []
    for number, record in bounded_records(records):
        if columns is None:
            columns = _columns(record)
        else:
            rows.append(_row(number, record, columns))
    if columns is None:
        raise BadSheet("Tệp rỗng")
    if not rows:
        raise BadSheet("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu")
    return rows


def _bounded(number: int, record: tuple) -> tuple:
    width = len(record)
    while width and record[width - 1] in (None, ""):
        width -= 1
    if width > MAX_COLUMNS:
        raise BadSheet(f"Dòng {number}: quá nhiều cột (tối đa {MAX_COLUMNS})")
    if any(isinstance(cell, str) and len(cell) > MAX_CELL_CHARS for cell in record[:width]):
        raise BadSheet(f"Dòng {number}: ô dài quá {MAX_CELL_CHARS:,} ký tự")
    return record[:width]


def _filled(row) -> bool:
    return any(cell_text(cell) for cell in row)


def header_key(cell) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(cell_text(cell))).strip()


def _columns(header: tuple) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, cell in enumerate(header):
        name = next((n for n, aliases in COLUMNS.items() if header_key(cell) in aliases), None)
        if name in found:
            raise BadSheet(f"Cột '{cell_text(cell)}' bị trùng")
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

    code = _clipped(code_text(cell("code")), MAX_CODE_CHARS)
    reason = _clipped(cell_text(cell("reason")), MAX_REASON_CHARS) or None
    return SheetRow(number, code, cell("level"), reason)


def _clipped(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` characters and an ellipsis: still too long for the
    rules to accept, short enough for the report to repeat on every row."""
    return text if len(text) <= limit else text[:limit] + "…"


def code_text(value) -> str:
    if isinstance(value, float):  # a code typed into Excel as a number: 1.000050 → 1.00005
        return f"{value:.6f}"
    return cell_text(value)


def cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_level(value) -> int | None:
    """1–4 from 3, 3.0, "3", "Mức độ 3" or "mức 3"; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and 1 <= value <= 4 else None
    text = " ".join(fold(cell_text(value)).split())
    match = re.fullmatch(r"(?:muc(?: do)?:? ?)?([1-4])(?:[.,]0+)?", text)
    return int(match.group(1)) if match else None
