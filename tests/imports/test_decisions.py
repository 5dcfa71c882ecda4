"""A decision as a file: the national database's records (JSON) or an official list workbook
with an action column; a dry run changes nothing, a real run writes all of it or nothing."""

import io
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from services_api.catalogue import generation
from services_api.extensions import db
from services_api.procedures.models import ProcedureRevision
from tests.factories import AGENCY_A, pick
from tests.helpers import bearer

RECORDS = Path(__file__).parent / "data" / "national_records.jsonl"
SEEDED, OTHER_SEEDED, NEW, NEW_TOO, NEW_NAMING_UNKNOWN = (
    json.loads(line)["ma_thu_tuc"] for line in RECORDS.read_text("utf-8").splitlines()
)
DECISION = {"decision_number": "345/QĐ-UBND", "decision_date": "2025-05-20"}
URL = "/api/v1/imports/decisions"


def records(*codes: str, **actions: str) -> list[dict]:
    """The sample's national records of ``codes``; ``actions`` by code give their action."""
    found = {r["ma_thu_tuc"]: r for r in map(json.loads, RECORDS.read_text("utf-8").splitlines())}
    return [{**found[c], **({"hanh_dong": actions[c]} if c in actions else {})} for c in codes]


def as_json(items: list[dict]) -> bytes:
    return json.dumps(items, ensure_ascii=False).encode("utf-8")


def send(client, token: str, data: bytes, name: str = "decision.json", **query):
    query = {**DECISION, **query}
    return client.post(
        URL,
        query_string=query,
        data={"file": (io.BytesIO(data), name)},
        headers=bearer(token),
        content_type="multipart/form-data",
    )


def amended_records() -> list[dict]:
    renamed = {**records(SEEDED)[0], "ten_thu_tuc": "Cấp lại thẻ tư vấn viên pháp luật (sửa đổi)"}
    rescinded = {"ma_thu_tuc": OTHER_SEEDED, "hanh_dong": "Bãi bỏ"}
    return [*records(NEW, NEW_TOO), renamed, rescinded]


def state(app) -> tuple:
    with app.app_context():
        revisions = db.session.scalar(select(func.count()).select_from(ProcedureRevision))
        return revisions, generation.current(db.session)


def test_a_dry_run_reports_every_procedure_and_changes_nothing(small_app, small_client, admin):
    before = state(small_app)
    response = send(small_client, admin, as_json(amended_records()), dry_run="true")
    assert response.status_code == 200, response.json
    report = response.json
    assert (report["dry_run"], report["applied"]) == (True, False)
    assert [(p["code"], p["status"]) for p in report["procedures"]] == [
        (NEW, "new"),
        (NEW_TOO, "new"),
        (SEEDED, "changed"),
        (OTHER_SEEDED, "rescinded"),
    ]
    assert (report["new_count"], report["changed_count"], report["rescinded_count"]) == (2, 1, 1)
    (change,) = report["procedures"][2]["diff"]
    assert change["field"] == "name" and change["to"].endswith("(sửa đổi)")
    assert state(small_app) == before
    assert small_client.get(f"/api/v1/procedures/{NEW}").status_code == 404


def test_a_real_run_records_the_decision_once_and_a_revision_per_procedure(small_client, admin):
    response = send(small_client, admin, as_json(amended_records()))
    assert response.status_code == 200, response.json
    assert response.json["applied"] is True
    decision = {"number": DECISION["decision_number"], "date": DECISION["decision_date"]}
    created = small_client.get(f"/api/v1/procedures/{NEW}").json
    assert (created["status"], created["revision"], created["decision"]) == ("active", 1, decision)
    assert "ministry" in created["tiers"]
    renamed = small_client.get(f"/api/v1/procedures/{SEEDED}").json
    assert renamed["name"].endswith("(sửa đổi)") and renamed["revision"] == 2
    gone = small_client.get(f"/api/v1/procedures/{OTHER_SEEDED}").json
    assert gone["status"] == "rescinded" and gone["rescission"] == decision
    (revision,) = small_client.get(f"/api/v1/procedures/{SEEDED}/revisions?page=2&page_size=1").json
    assert (revision["via"], revision["decision"]) == ("import", decision)


def test_one_bad_record_in_a_real_run_changes_nothing(small_app, small_client, admin):
    before = state(small_app)
    bad = {**records(NEW_TOO)[0], "cap_thuc_hien": ""}  # no tier
    items = [*amended_records()[:1], bad, *amended_records()[2:]]
    response = send(small_client, admin, as_json(items))
    assert response.status_code == 422
    assert response.json["message"].startswith("1 thủ tục bị từ chối: quyết định không được ghi.")
    report = response.json["errors"]["report"]
    assert (report["rejected_count"], report["dry_run"], report["applied"]) == (1, False, False)
    (rejected,) = [p for p in report["procedures"] if p["status"] == "rejected"]
    assert rejected["code"] == NEW_TOO and rejected["problems"][0]["code"] == "no_tier"
    assert state(small_app) == before
    assert small_client.get(f"/api/v1/procedures/{OTHER_SEEDED}").json["status"] == "active"


def test_a_record_published_again_unchanged_is_unchanged(small_client, admin):
    response = send(small_client, admin, as_json(records(SEEDED, OTHER_SEEDED)), dry_run="true")
    assert [p["status"] for p in response.json["procedures"]] == ["unchanged", "unchanged"]


def test_unknown_agencies_and_fields_are_rejected_unless_created(small_client, admin):
    data = as_json(records(NEW_NAMING_UNKNOWN))
    refused = send(small_client, admin, data, dry_run="true").json
    assert refused["rejected_count"] == 1
    codes = {p["code"] for p in refused["procedures"][0]["problems"]}
    assert "unknown_agency" in codes or "unknown_field" in codes
    created = send(small_client, admin, data, create_missing="true")
    assert created.status_code == 200, created.json
    assert created.json["new_count"] == 1 and created.json["new_agencies"]
    record = small_client.get(f"/api/v1/procedures/{NEW_NAMING_UNKNOWN}").json
    agency = record["agency"]["code"]
    assert small_client.get(f"/api/v1/agencies/{agency}").status_code == 200


@pytest.mark.parametrize(
    ("items", "problem"),
    [
        ([{"ma_thu_tuc": "1.00"}], "bad_code"),
        ([{"ma_thu_tuc": "9.999999", "hanh_dong": "bãi bỏ"}], "unknown_code"),
        ([{"ma_thu_tuc": SEEDED, "hanh_dong": "công bố mới"}], "exists"),
        ([{"ma_thu_tuc": SEEDED, "hanh_dong": "xóa sổ"}], "bad_action"),
        ([{"ma_thu_tuc": NEW}], "unreadable"),
        ([{"ma_thu_tuc": SEEDED, "hanh_dong": "bãi bỏ"}] * 2, "duplicate"),
    ],
)
def test_rejected_records_say_why(small_client, admin, items, problem):
    report = send(small_client, admin, as_json(items), dry_run="true").json
    assert problem in {q["code"] for p in report["procedures"] for q in p["problems"]}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"decision_date": "2999-01-01"}, 422),
        ({"decision_date": "2001-01-01"}, 422),
        ({"decision_number": ""}, 422),
    ],
)
def test_a_bad_decision_is_422(small_client, admin, query, status):
    assert send(small_client, admin, as_json(records(NEW)), **query).status_code == status


@pytest.mark.parametrize(
    ("data", "status"),
    [(b"", 422), (b"\xff\xfe not json", 415), (b"{not json", 415), (b"[]", 422)],
)
def test_a_file_that_is_no_decision_is_refused(small_client, admin, data, status):
    assert send(small_client, admin, data).status_code == status


def test_only_administrators_import_decisions(small_client, editor_a):
    assert send(small_client, editor_a, as_json(records(NEW))).status_code == 403


def official_list(rows: list[tuple]) -> bytes:
    """An official list workbook as the portal exports it (title rows, then the header), with
    the action column a decision adds."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nDANH SÁCH THỦ TỤC HÀNH CHÍNH"])
    sheet.append(["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực", "Hành động"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_official_list_amends_rescinds_and_asks_for_the_records_of_new_ones(small_client, admin):
    code, other = pick(AGENCY_A, online=True), pick(AGENCY_A, online=False)
    field = small_client.get(f"/api/v1/procedures/{code}").json["field"]["name"]
    data = official_list(
        [
            (code, "Tên sửa theo danh sách", "Bộ Tư pháp", "Sở Tư Pháp", field, "Sửa đổi, bổ sung"),
            (other, "", "Bộ Tư pháp", "Sở Tư Pháp", field, "Bãi bỏ"),
            ("1.999123", "Thủ tục mới", "Bộ Tư pháp", "Sở Tư Pháp", field, "Công bố mới"),
        ]
    )
    report = send(small_client, admin, data, name="danh-sach.xlsx", dry_run="true").json
    assert [p["status"] for p in report["procedures"]] == ["changed", "rescinded", "rejected"]
    assert report["procedures"][2]["problems"][0]["code"] == "record_needed"
    assert [c["field"] for c in report["procedures"][0]["diff"]] == ["name"]
    applied = send(
        small_client,
        admin,
        official_list(
            [
                r
                for r in [
                    (
                        code,
                        "Tên sửa theo danh sách",
                        "Bộ Tư pháp",
                        "Sở Tư Pháp",
                        field,
                        "Sửa đổi, bổ sung",
                    ),
                    (other, "", "Bộ Tư pháp", "Sở Tư Pháp", field, "Bãi bỏ"),
                ]
            ]
        ),
        name="danh-sach.xlsx",
    )
    assert applied.status_code == 200, applied.json
    assert small_client.get(f"/api/v1/procedures/{code}").json["name"] == "Tên sửa theo danh sách"
    assert small_client.get(f"/api/v1/procedures/{other}").json["status"] == "rescinded"


def test_a_workbook_without_an_action_column_is_422(small_client, admin):
    book = openpyxl.Workbook()
    book.active.append(["Mã số", "Tên", "Cơ quan thực hiện", "Lĩnh vực"])
    book.active.append([SEEDED, "Tên", "Sở Tư Pháp", "Hộ tịch"])
    out = io.BytesIO()
    book.save(out)
    assert send(small_client, admin, out.getvalue(), name="x.xlsx").status_code == 422


def test_a_record_is_taken_as_published_even_naming_no_agency(small_client, admin):
    bare = {**records(NEW)[0], "co_quan_thuc_hien": "", "co_quan_co_tham_quyen": "", "raw_text": ""}
    report = send(small_client, admin, as_json([bare]), dry_run="true").json
    assert [p["status"] for p in report["procedures"]] == ["new"]


def test_a_real_run_records_one_change_per_procedure_in_the_feed(small_app, small_client, admin):
    from services_api.changes.models import CatalogueChange

    assert send(small_client, admin, as_json(amended_records())).status_code == 200
    with small_app.app_context():
        rows = db.session.execute(
            select(CatalogueChange.kind, CatalogueChange.subject).order_by(CatalogueChange.id)
        ).all()
    assert rows == [
        ("procedure.created", NEW),
        ("procedure.created", NEW_TOO),
        ("procedure.changed", SEEDED),
        ("procedure.rescinded", OTHER_SEEDED),
    ]
