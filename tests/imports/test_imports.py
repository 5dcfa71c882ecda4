"""POST /imports/maturity: per-row reports, all-or-nothing real runs, bad files refused."""

import csv
import io
import unicodedata

import openpyxl
import pytest

from tests.factories import AGENCY_A, AGENCY_B, SUBSET, codes_of, pick
from tests.helpers import bearer, etag_of, history

URL = "/api/v1/imports/maturity"


def csv_file(rows: list[list], header=("code", "level", "reason"), encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(rows: list[list], header=("Mã thủ tục", "Mức độ", "Lý do")) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cp1258(text: str) -> bytes:
    """What Vietnamese Windows writes: base letters precomposed, tone marks combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += (base + "".join(c for c in decomposed if c in tones)).encode("cp1258")
    return out


def upload(client, token, data: bytes, name="levels.csv", **query):
    return client.post(
        URL,
        data={"file": (io.BytesIO(data), name)},
        headers=bearer(token) if token else {},
        query_string=query,
        content_type="multipart/form-data",
    )


def snapshot(client) -> list:
    """Every level and history length of the small catalogue: to prove nothing changed."""
    return [
        (code, client.get(f"/api/v1/procedures/{code}").json["maturity_level"])
        for code in sorted(SUBSET)
    ] + [client.get("/api/v1/stats/maturity").json["procedure_count"]]


def test_a_dry_run_reports_every_row_and_writes_nothing(small_client, editor_a):
    up, down, online_less = (
        pick(AGENCY_A, online=True, level=3),
        pick(AGENCY_A, online=True, level=3, skip=1),
        pick(AGENCY_A, online=False, level=2),
    )
    same = pick(AGENCY_A, online=True, level=3, skip=2)
    rows = [
        [up, 4, ""],
        [down, 2, ""],  # lowering without a reason
        [online_less, 3, ""],  # no online channel
        ["9.999999", 3, ""],  # unknown
        [pick(AGENCY_B, online=True, level=3), 4, ""],  # another agency's
        [up, 4, ""],  # duplicate
        [same, "Mức độ 3", ""],  # unchanged
        [pick(AGENCY_A, online=True, level=3, skip=3), "cao", ""],  # bad level
        ["", 3, ""],  # no code
    ]
    before = snapshot(small_client)
    response = upload(small_client, editor_a, csv_file(rows), dry_run="true")
    assert response.status_code == 200, response.json
    report = response.json
    assert report["dry_run"] is True and report["applied"] is False
    assert (report["row_count"], report["change_count"], report["unchanged_count"]) == (9, 1, 1)
    assert report["error_count"] == 7
    problems = [[p["code"] for p in row["problems"]] for row in report["rows"]]
    assert problems == [
        [],
        ["reason_required"],
        ["no_online_channel"],
        ["unknown_code"],
        ["not_your_agency"],
        ["duplicate_row"],
        [],
        ["bad_level"],
        ["missing_code"],
    ]
    assert [row["row"] for row in report["rows"]] == list(range(2, 11))
    assert report["rows"][0]["status"] == "change" and report["rows"][6]["status"] == "unchanged"
    assert report["rows"][5]["problems"][0]["message"].endswith("dòng 2")
    assert snapshot(small_client) == before


def test_a_real_run_with_errors_is_refused_whole(small_client, editor_a):
    good = pick(AGENCY_A, online=True, level=3)
    rows = [[good, 4, ""], [pick(AGENCY_B, online=True, level=3), 4, ""]]
    before = snapshot(small_client)
    response = upload(small_client, editor_a, csv_file(rows))
    assert response.status_code == 422
    assert response.json["message"].startswith("1 dòng có lỗi: không thay đổi nào được ghi.")
    report = response.json["errors"]["report"]
    assert report["error_count"] == 1 and report["applied"] is False
    assert report["dry_run"] is False
    assert report["rows"][1]["problems"][0]["code"] == "not_your_agency"
    assert snapshot(small_client) == before
    assert len(history(small_client, good)) == 1


def test_an_editor_cannot_change_another_agencys_procedures_by_file(small_client, editor_b):
    rows = [[code, 4, "x"] for code in codes_of(AGENCY_A)[:5]]
    before = snapshot(small_client)
    response = upload(small_client, editor_b, csv_file(rows))
    assert response.status_code == 422
    assert all(
        row["problems"][0]["code"] in ("not_your_agency", "no_online_channel")
        for row in response.json["errors"]["report"]["rows"]
    )
    assert snapshot(small_client) == before


def test_a_real_run_applies_every_row_with_its_history(small_client, editor_a):
    codes = [
        code
        for code in codes_of(AGENCY_A)
        if SUBSET[code]["maturity_level"] == 3 and AGENCY_B not in str(SUBSET[code])
    ][:20]
    etags = {code: etag_of(small_client, code) for code in codes}
    rows = [[code, 4, "Thanh toán trực tuyến"] for code in codes]
    response = upload(
        small_client, editor_a, xlsx_file(rows), name="levels.xlsx", effective_date="2025-09-01"
    )
    assert response.status_code == 200, response.json
    assert response.json["applied"] is True and response.json["change_count"] == len(codes)
    for code in codes:
        changes = history(small_client, code)
        assert [(c["from_level"], c["to_level"]) for c in changes] == [(None, 3), (3, 4)]
        assert changes[1]["via"] == "import" and changes[1]["effective_date"] == "2025-09-01"
        assert changes[1]["reason"] == "Thanh toán trực tuyến"
        assert changes[1]["agency"]["code"] == AGENCY_A
        assert etag_of(small_client, code) != etags[code]
    listed = small_client.get("/api/v1/procedures", query_string={"level": 4, "page_size": 100})
    assert set(codes) <= {item["code"] for item in listed.json}


def test_unchanged_rows_of_other_agencies_are_skipped_not_refused(small_client, editor_a):
    mine = pick(AGENCY_A, online=True, level=3)
    theirs = pick(AGENCY_B, online=True, level=3)
    response = upload(small_client, editor_a, csv_file([[mine, 4, ""], [theirs, 3, ""]]))
    assert response.status_code == 200, response.json
    assert [row["status"] for row in response.json["rows"]] == ["change", "unchanged"]
    assert len(history(small_client, theirs)) == 1


def test_the_export_can_be_edited_and_sent_back(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    exported = small_client.get("/api/v1/exports/procedures.csv").data.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(exported)))
    level = table[0].index("maturity_level")
    for row in table[1:]:
        if row[0] == code:
            row[level] = "4"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    response = upload(small_client, editor_a, buffer.getvalue().encode("utf-8"))
    assert response.status_code == 200, response.json
    assert response.json["change_count"] == 1
    assert response.json["unchanged_count"] == len(SUBSET) - 1


@pytest.mark.parametrize(
    "header",
    [
        ("MÃ THỦ TỤC", "MỨC ĐỘ", "LÝ DO"),
        ("ma thu tuc", "muc do", "ly do"),
        ("Code", "Level", "Reason"),
        ("Mã thủ tục", "Tên thủ tục", "Mức độ"),
    ],
)
def test_vietnamese_and_english_headers_are_accepted(small_client, editor_a, header):
    code = pick(AGENCY_A, online=True, level=3)
    row = [code, "Tên", 4] if "Tên thủ tục" in header else [code, 4, "lý do"]
    response = upload(small_client, editor_a, csv_file([row], header=header), dry_run="true")
    assert response.status_code == 200, response.json
    assert response.json["change_count"] == 1


def test_windows_1258_semicolon_csv_is_read(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    data = cp1258(f"Mã thủ tục;Mức độ;Lý do\r\n{code};2;Lỗi hệ thống\r\n")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    response = upload(small_client, editor_a, data, dry_run="true")
    assert response.status_code == 200, response.json
    assert response.json["rows"][0]["reason"] == "Lỗi hệ thống"


@pytest.mark.parametrize(
    ("data", "name", "status"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "levels.csv", 415),
        (b"PK\x03\x04" + b"\x00" * 200, "levels.xlsx", 415),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, "levels.xls", 415),
        (b"", "levels.csv", 422),
        (b"\r\n \r\n", "levels.csv", 422),
        (b"code,level,reason\r\n", "levels.csv", 422),
        (b"name,colour\r\nx,red\r\n", "levels.csv", 422),
        (b"code,level,code\r\n1.001193,3,1.001193\r\n", "levels.csv", 422),
    ],
    ids=["png", "broken-zip", "old-xls", "empty", "blank", "header-only", "wrong-columns", "dup"],
)
def test_bad_files_are_refused_and_change_nothing(small_client, editor_a, data, name, status):
    before = snapshot(small_client)
    response = upload(small_client, editor_a, data, name=name)
    assert response.status_code == status, response.json
    assert response.json["message"]
    assert snapshot(small_client) == before


def test_an_empty_xlsx_is_422(small_client, editor_a):
    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(small_client, editor_a, buffer.getvalue(), name="empty.xlsx")
    assert response.status_code == 422


def test_a_file_over_the_limit_is_413(small_app, small_client, editor_a):
    small_app.config["MAX_IMPORT_BYTES"] = 2048
    code = pick(AGENCY_A, online=True, level=3)
    data = csv_file([[code, 4, "x" * 3000]])
    response = upload(small_client, editor_a, data)
    assert response.status_code == 413
    body = csv_file([[code, 4, "x" * 200_000]])
    assert upload(small_client, editor_a, body).status_code == 413
    assert len(history(small_client, code)) == 1


def test_no_file_is_422_and_no_key_is_401(small_client, editor_a, make_key):
    assert small_client.post(URL, headers=bearer(editor_a)).status_code == 422
    data = csv_file([[pick(AGENCY_A, online=True, level=3), 4, ""]])
    assert upload(small_client, None, data).status_code == 401
    assert upload(small_client, make_key("reader"), data).status_code == 403
