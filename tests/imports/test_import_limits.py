"""Uploads bounded before or while they are read: archive parts, rows, columns, cells, reasons.

The reader is tested directly with files just past each limit (fast, no database); the API
tests check the status, the error format and that nothing is written, on both databases.
"""

import codecs
import io
import socket
import threading
import tracemalloc
import zipfile

import pytest

from services_api.imports import reading
from services_api.imports.reading import BadSheet, FileTooLarge, UnreadableFile, read_rows
from tests import hostile_files as hostile
from tests.factories import AGENCY_A, pick
from tests.helpers import history
from tests.imports.test_imports import csv_file, snapshot, upload

LIMIT = 5 * 1024 * 1024
PAST_STREAMED = reading.MAX_STREAMED_PART_BYTES + 1024


def test_a_sheet_that_decompresses_past_its_limit_is_413_unparsed():
    data = hostile.whitespace_sheet(PAST_STREAMED)
    assert len(data) < 100_000
    with pytest.raises(FileTooLarge, match="sheet1.xml"):
        read_rows(data, LIMIT)


def test_a_shared_string_past_the_limit_is_413_unparsed():
    data = hostile.huge_shared_string(PAST_STREAMED)
    with pytest.raises(FileTooLarge, match="sharedStrings.xml"):
        read_rows(data, LIMIT)


def test_parts_parsed_whole_have_a_smaller_limit():
    base = hostile.workbook([["1.001193", 2, ""]])
    data = hostile.with_part(
        base, "xl/styles.xml", hostile.repeated(b" ", reading.MAX_OTHER_PART_BYTES + 1)
    )
    with pytest.raises(FileTooLarge, match="styles.xml"):
        read_rows(data, LIMIT)


def test_an_archive_lying_about_a_part_size_is_refused():
    """zipfile stops at the declared size: the rest fails its checksum, nothing is parsed."""
    text = hostile.workbook([["1.001193", 2, "x" * 5000]])
    lying = _declare_size(text, hostile.SHEET, 100)
    with pytest.raises(UnreadableFile):
        read_rows(lying, LIMIT)


def test_a_declared_dimension_of_16384_columns_does_not_pad_rows():
    data = hostile.wide_dimension_sheet(2_000)
    tracemalloc.start()
    try:
        rows = read_rows(data, LIMIT)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(rows) == 1_999 and rows[0].code == "2"
    assert peak < 30 * 1024 * 1024  # padded to XFD: 2,000 rows x 16,384 cells = 260 MB


def test_too_many_columns_is_422():
    row = ["1.001193", 2, "lý do"] + [None] * 60 + ["x"]
    with pytest.raises(BadSheet, match="cột"):
        read_rows(hostile.workbook([row]), LIMIT)
    trailing_blanks = ["1.001193", 2, "lý do"] + [""] * 80
    assert len(read_rows(csv_file([trailing_blanks]), LIMIT)) == 1


@pytest.mark.parametrize("length", [reading.MAX_CELL_CHARS + 1, 200_000])
def test_a_csv_cell_past_the_limit_is_422(length):
    with pytest.raises(BadSheet, match="Dòng 2"):
        read_rows(csv_file([["1.001193", 2, "x" * length]]), LIMIT)


def test_a_long_code_is_clipped_and_a_long_reason_clipped_past_the_cap():
    (row,) = read_rows(csv_file([["9" * 5000, 2, "y" * 20_000]]), LIMIT)
    assert len(row.code) == reading.MAX_CODE_CHARS + 1
    assert len(row.reason) == reading.MAX_REASON_CHARS + 1


def test_excel_unicode_text_is_read():
    """Excel's "Unicode text": UTF-16 little-endian with its BOM, tab-separated."""
    text = "Mã thủ tục\tMức độ\tLý do\r\n1.001193\t2\tLỗi hệ thống\r\n"
    for data in (codecs.BOM_UTF16_LE + text.encode("utf-16-le"), text.encode("utf-16")):
        (row,) = read_rows(data, LIMIT)
        assert (row.code, row.level, row.reason) == ("1.001193", "2", "Lỗi hệ thống")


def test_entity_expansion_is_415():
    laughs = '<!DOCTYPE t [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {b} "{("&" + a + ";") * 10}">'
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(UnreadableFile):
        read_rows(hostile.entity_sheet(laughs + "]>", "&i;"), LIMIT)


def test_an_external_entity_is_415_and_never_fetched():
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(2)
    connections = []

    def accept():
        try:
            connections.append(listener.accept())
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    port = listener.getsockname()[1]
    doctype = f'<!DOCTYPE t [<!ENTITY x SYSTEM "http://127.0.0.1:{port}/x">]>'
    try:
        with pytest.raises(UnreadableFile):
            read_rows(hostile.entity_sheet(doctype, "&x;"), LIMIT)
    finally:
        thread.join()
        listener.close()
    assert connections == []


@pytest.mark.parametrize(
    ("name", "status"),
    [("whitespace", 413), ("reason", 413), ("cell", 422), ("columns", 422)],
)
def test_hostile_uploads_are_refused_in_the_api_format(small_client, editor_a, name, status):
    code = pick(AGENCY_A, online=True, level=3)
    data = {
        "whitespace": lambda: hostile.whitespace_sheet(PAST_STREAMED),
        "reason": lambda: hostile.huge_shared_string(PAST_STREAMED),
        "cell": lambda: csv_file([[code, 2, "x" * 200_000]]),
        "columns": lambda: hostile.workbook([[code, 2, "r"] + ["x"] * 60]),
    }[name]()
    before = snapshot(small_client)
    response = upload(small_client, editor_a, data, name="levels.xlsx")
    assert response.status_code == status, response.json
    assert response.json["code"] == status and response.json["message"]
    assert snapshot(small_client) == before
    assert len(history(small_client, code)) == 1


def test_a_reason_over_1000_characters_is_a_row_error(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    data = csv_file([[code, 2, "x" * 20_000]])
    report = upload(small_client, editor_a, data, dry_run="true").json
    (row,) = report["rows"]
    assert row["status"] == "error"
    assert [p["code"] for p in row["problems"]] == ["reason_too_long"]
    assert len(row["reason"]) == 1001
    assert upload(small_client, editor_a, data).status_code == 422
    assert len(history(small_client, code)) == 1


def test_a_utf16_tab_separated_file_is_imported(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    text = f"Mã thủ tục\tMức độ\tLý do\r\n{code}\t2\tLỗi hệ thống\r\n"
    response = upload(small_client, editor_a, text.encode("utf-16"), name="levels.txt")
    assert response.status_code == 200, response.json
    assert history(small_client, code)[-1]["reason"] == "Lỗi hệ thống"


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """``data`` with the uncompressed size of ``name`` rewritten in both of the zip's headers."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    out = bytearray(data)
    out[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    encoded = name.encode()
    central = out.find(b"PK\x01\x02")
    while central != -1:
        if out[central + 46 : central + 46 + len(encoded)] == encoded:
            out[central + 24 : central + 28] = size.to_bytes(4, "little")
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)
