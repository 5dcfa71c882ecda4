"""CSV and XLSX files from rows, safe to open in a spreadsheet (no formula injection)."""

import csv
import io

# A cell starting with one of these is read as a formula by spreadsheet programs (OWASP CSV
# injection); a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(headers: tuple[str, ...], rows) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Vietnamese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(neutralise(value) for value in row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(headers: tuple[str, ...], rows, title: str = "procedures") -> bytes:
    import openpyxl  # imported here: only exports and imports need it, and it is slow to load

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
