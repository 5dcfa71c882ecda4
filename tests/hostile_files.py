"""Small XLSX files that decompress into huge XML, for the import's limits (tests and bench).

Each starts from a real one-row workbook written by openpyxl and rewrites one part of it in
chunks, so that building a file of gigabytes once uncompressed needs no more than a chunk of
memory. Sizes are parameters: the tests use files just past the limits, the bench the sizes
that were seen to exhaust a worker.
"""

import io
import urllib.error
import urllib.request
import uuid
import zipfile
from collections.abc import Iterable, Iterator

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CHUNK = 1024 * 1024


def workbook(rows: Iterable[list], header=("Mã thủ tục", "Mức độ", "Lý do")) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_part(base: bytes, name: str, chunks: Iterable[bytes]) -> bytes:
    """``base`` with the part ``name`` (replaced or added) written from ``chunks``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
            for info in source.infolist():
                if info.filename != name:
                    target.writestr(info, source.read(info))
            with target.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def repeated(piece: bytes, size: int) -> Iterator[bytes]:
    block = piece * max(1, CHUNK // len(piece))
    while size > 0:
        yield block[:size]
        size -= len(block)


def whitespace_sheet(whitespace_bytes: int) -> bytes:
    """A sheet whose XML is mostly blanks between two rows."""
    head = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    head += "code</t></is></c></row>"
    tail = '<row r="2"><c r="A2"><v>1</v></c></row></sheetData></worksheet>'
    chunks = [head.encode(), *repeated(b" ", whitespace_bytes), tail.encode()]
    return with_part(workbook([]), SHEET, chunks)


def wide_dimension_sheet(rows: int) -> bytes:
    """A sheet declaring A1:XFD<rows> (16,384 columns) with one short cell per row."""
    cells = [f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, rows + 1)]
    body = (
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1:XFD{rows}"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>level</t></is></c></row>'
        + "".join(cells)
        + "</sheetData></worksheet>"
    )
    return with_part(workbook([]), SHEET, [body.encode()])


def huge_shared_string(characters: int, column: str = "C") -> bytes:
    """A one-row import whose cell in ``column`` (the reason, by default) is the workbook's
    only shared string, ``characters`` long."""
    strings = [
        f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode(),
        *repeated(b"x", characters),
        b"</t></si></sst>",
    ]
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>level</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>reason</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>1.001193</t></is></c><c r="B2"><v>1</v></c>'
        f'<c r="{column}2" t="s"><v>0</v></c></row></sheetData></worksheet>'
    )
    base = with_part(workbook([]), SHEET, [sheet.encode()])
    return with_shared_strings(base, strings)


def with_shared_strings(base: bytes, chunks: Iterable[bytes]) -> bytes:
    """``base`` with a shared-strings part, declared in the content types and relationships."""
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        types = source.read("[Content_Types].xml").decode()
        rels = source.read("xl/_rels/workbook.xml.rels").decode()
    if "sharedStrings" not in types:
        types = types.replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        rels = rels.replace(
            "</Relationships>",
            '<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
    base = with_part(base, "[Content_Types].xml", [types.encode()])
    base = with_part(base, "xl/_rels/workbook.xml.rels", [rels.encode()])
    return with_part(base, STRINGS, chunks)


def entity_sheet(doctype: str, reference: str) -> bytes:
    """A sheet whose XML declares ``doctype`` and uses ``reference`` in a cell."""
    body = (
        f'<?xml version="1.0"?>{doctype}<worksheet xmlns="{MAIN}"><sheetData>'
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>{reference}</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return with_part(workbook([]), SHEET, [body.encode()])


def multipart(data: bytes, filename: str = "muc-do.xlsx") -> tuple[bytes, str]:
    """A form upload of ``data`` as the field ``file``: (body, Content-Type), for HTTP clients."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
        "\r\nContent-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload(url: str, token: str, data: bytes, timeout: float) -> int | str:
    """POST ``data`` as a file to ``url`` with an API key: the status, or "dropped" when the
    connection was lost before an answer."""
    body, content_type = multipart(data)
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return "dropped"
