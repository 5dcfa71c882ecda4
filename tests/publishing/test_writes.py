"""Administrators publish procedures: create, replace, patch, rescind, restore, each under a
decision and each a revision; refused writes (401/403/404/409/412/422/428) write nothing."""

import json

import pytest

from tests.factories import AGENCY_A, pick
from tests.helpers import bearer
from tests.publishing.conftest import DECISION, new_procedure, write

AMENDING = {"number": "202/QĐ-UBND", "date": "2025-06-01"}
RESCINDING = {"status": "rescinded", "decision": AMENDING}


def revisions(client, code: str) -> list[dict]:
    response = client.get(f"/api/v1/procedures/{code}/revisions")
    assert response.status_code == 200, response.json
    return response.json


def total(client, query: str = "") -> int:
    response = client.get(f"/api/v1/procedures?page_size=1{query}")
    return json.loads(response.headers["X-Pagination"])["total"]


def test_a_created_procedure_is_revision_1_of_its_decision_with_a_derived_level(
    small_client, created
):
    record = small_client.get(f"/api/v1/procedures/{created}").json
    assert (record["status"], record["revision"], record["decision"]) == ("active", 1, DECISION)
    assert record["maturity_level"] == 3 and record["level_source"] == "derived"
    assert record["agency"]["code"] == AGENCY_A and record["field"]["code"] == "ho-tich"
    (first,) = revisions(small_client, created)
    assert (first["kind"], first["via"], first["effective_date"]) == (
        "created",
        "api",
        "2025-03-01",
    )
    assert "name" in first["changed_fields"]
    history = small_client.get(f"/api/v1/procedures/{created}/maturity/history").json
    assert [(h["from_level"], h["to_level"]) for h in history] == [(None, 3)]


def test_creation_is_listed_and_counted(small_client, admin):
    before = total(small_client)
    response = small_client.post("/api/v1/procedures", json=new_procedure(), headers=bearer(admin))
    assert response.status_code == 201
    assert total(small_client) == before + 1


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"code": "1.00001"}, 422, "code"),
        ({"tiers": []}, 422, "tiers"),
        ({"tiers": ["province", "province"]}, 422, "tiers"),
        ({"implementing_agencies": ["khong-co-co-quan"]}, 422, "implementing_agencies"),
        ({"field": "khong-co-linh-vuc"}, 422, "field"),
        ({"channels": []}, 422, "channels"),
        ({"channels": [{"method": "post", "fee_free": True}]}, 422, "channels[1]"),
        ({"channels": [{"method": "post", "time_text": "15 ngày"}]}, 422, "channels[1]"),
        ({"channels": [{"method": "fax", "time_text": "1", "fee_free": True}]}, 422, "channels"),
        ({"decision": {"number": "1/QĐ", "date": "2999-01-01"}}, 422, "decision"),
        ({"decision": {"number": "1/QĐ", "date": "2009-01-01"}}, 422, "decision"),
        ({"decision": {"number": "1/QĐ"}}, 422, "decision"),
        ({"unknown": 1}, 422, "unknown"),
    ],
)
def test_a_bad_creation_is_refused_and_writes_nothing(small_client, admin, changes, status, field):
    before = total(small_client, "&status=all")
    response = small_client.post(
        "/api/v1/procedures", json=new_procedure(**changes), headers=bearer(admin)
    )
    assert response.status_code == status, response.json
    assert field in json.dumps(response.json["errors"], ensure_ascii=False)
    assert total(small_client, "&status=all") == before


def test_an_existing_national_code_is_409(small_client, admin):
    code = pick(AGENCY_A, online=True)
    response = small_client.post(
        "/api/v1/procedures", json=new_procedure(code=code), headers=bearer(admin)
    )
    assert response.status_code == 409


def test_agencies_and_fields_created_explicitly_may_be_named(small_client, admin):
    body = new_procedure(
        implementing_agencies=["ban-le-hoi"],
        field="le-hoi",
        new_agencies=[{"code": "ban-le-hoi", "name": "Ban Lễ hội", "tier": "province"}],
        new_fields=[{"code": "le-hoi", "name": "Lễ hội"}],
    )
    response = small_client.post("/api/v1/procedures", json=body, headers=bearer(admin))
    assert response.status_code == 201, response.json
    assert response.json["agency"] == {"code": "ban-le-hoi", "name": "Ban Lễ hội"}
    assert small_client.get("/api/v1/agencies/ban-le-hoi").json["procedure_count"] == 1
    again = small_client.post(
        "/api/v1/procedures", json={**body, "code": "1.999002"}, headers=bearer(admin)
    )
    assert again.status_code == 422 and "new_agencies" in again.json["errors"]["json"]


@pytest.mark.parametrize("who", [None, "editor_a", "reader"])
def test_only_administrators_write(small_client, make_key, editor_a, who):
    token = {"editor_a": editor_a, "reader": make_key("reader") if who == "reader" else None}
    headers = bearer(token[who]) if who else {}
    response = small_client.post("/api/v1/procedures", json=new_procedure(), headers=headers)
    assert response.status_code == (401 if who is None else 403)


def test_a_patch_is_a_revision_with_the_fields_it_changed(small_client, admin, created):
    body = {"decision": AMENDING, "name": "Cấp giấy phép lễ hội đua thuyền", "reason": "Sửa tên"}
    response = write(small_client, "PATCH", f"/api/v1/procedures/{created}", admin, body)
    assert response.status_code == 200, response.json
    assert (response.json["revision"], response.json["decision"]) == (2, AMENDING)
    listed = revisions(small_client, created)
    assert [r["number"] for r in listed] == [1, 2]
    assert listed[1]["changed_fields"] == ["name"] and listed[1]["reason"] == "Sửa tên"
    detail = small_client.get(f"/api/v1/procedures/{created}/revisions/2").json
    assert detail["diff"] == [
        {
            "field": "name",
            "from": "Cấp giấy phép tổ chức lễ hội đua thuyền truyền thống",
            "to": "Cấp giấy phép lễ hội đua thuyền",
        }
    ]
    first = small_client.get(f"/api/v1/procedures/{created}/revisions/1").json
    assert first["content"]["name"] == "Cấp giấy phép tổ chức lễ hội đua thuyền truyền thống"
    assert detail["content"]["name"] == "Cấp giấy phép lễ hội đua thuyền"


def test_a_seeded_procedure_is_amended_and_replaced(small_client, admin):
    code = pick(AGENCY_A, online=False)
    seeded = small_client.get(f"/api/v1/procedures/{code}/revisions/1").json["content"]
    channels = [{"method": "in_person", "time_value": 5, "time_unit": "Ngày", "fee_vnd": 8000}]
    body = {**{k: v for k, v in seeded.items() if k != "status"}, "channels": channels}
    response = write(
        small_client, "PUT", f"/api/v1/procedures/{code}", admin, {**body, "decision": AMENDING}
    )
    assert response.status_code == 200, response.json
    (change,) = small_client.get(f"/api/v1/procedures/{code}/revisions/2").json["diff"]
    assert change["field"] == "channels" and change["to"][0]["fee_vnd"] == 8000
    assert response.json["channels"][0]["fee_vnd"] == 8000


def test_a_content_it_already_has_is_409_and_no_revision(small_client, admin, created):
    body = {"decision": AMENDING, "name": new_procedure()["name"]}
    response = write(small_client, "PATCH", f"/api/v1/procedures/{created}", admin, body)
    assert response.status_code == 409
    assert len(revisions(small_client, created)) == 1


@pytest.mark.parametrize(("etag", "status"), [(None, 428), ("*", 428), ('"0123456789abcdef"', 412)])
def test_writes_need_the_current_etag(small_client, admin, created, etag, status):
    for method, path, body in [
        ("PATCH", "", {"decision": AMENDING, "name": "Tên mới"}),
        ("PUT", "", {**new_procedure(name="Tên mới"), "code": None}),
        ("PUT", "/status", {"status": "rescinded", "decision": AMENDING}),
    ]:
        body = {k: v for k, v in body.items() if k != "code"}
        response = write(
            small_client, method, f"/api/v1/procedures/{created}{path}", admin, body, etag
        )
        assert response.status_code == status, (method, path, response.json)
    assert len(revisions(small_client, created)) == 1


def test_an_unknown_procedure_is_404(small_client, admin):
    response = write(
        small_client,
        "PATCH",
        "/api/v1/procedures/9.999999",
        admin,
        {"decision": AMENDING},
        etag='"any"',
    )
    assert response.status_code == 404


def test_a_decision_before_the_last_one_of_the_procedure_is_422(small_client, admin, created):
    body = {"decision": {"number": "99/QĐ-UBND", "date": "2025-02-01"}, "name": "Tên khác"}
    response = write(small_client, "PATCH", f"/api/v1/procedures/{created}", admin, body)
    assert response.status_code == 422 and "decision" in response.json["errors"]["json"]


def test_a_decision_recorded_with_another_date_is_422(small_client, admin, created):
    body = {"decision": {**DECISION, "date": "2025-07-01"}, "name": "Tên khác"}
    response = write(small_client, "PATCH", f"/api/v1/procedures/{created}", admin, body)
    assert response.status_code == 422


def test_removing_the_online_channel_of_a_level_3_procedure_is_422(small_client, admin, created):
    channels = [{"method": "post", "time_text": "10 ngày", "fee_free": True}]
    body = {"decision": AMENDING, "channels": channels}
    response = write(small_client, "PATCH", f"/api/v1/procedures/{created}", admin, body)
    assert response.status_code == 422 and "channels" in response.json["errors"]["json"]


def test_a_rescinded_procedure_leaves_listings_and_statistics_and_comes_back(small_client, admin):
    code = pick(AGENCY_A, online=True)
    active, stats = total(small_client), small_client.get("/api/v1/stats/maturity").json
    agency = small_client.get(f"/api/v1/agencies/{AGENCY_A}").json["procedure_count"]
    response = write(small_client, "PUT", f"/api/v1/procedures/{code}/status", admin, RESCINDING)
    assert response.status_code == 200, response.json
    page = small_client.get(f"/api/v1/procedures/{code}").json
    assert page["status"] == "rescinded" and page["rescission"] == AMENDING
    assert total(small_client) == active - 1
    assert total(small_client, "&status=rescinded") == 1
    assert total(small_client, "&status=all") == active
    assert small_client.get("/api/v1/stats/maturity").json["procedure_count"] == (
        stats["procedure_count"] - 1
    )
    assert small_client.get(f"/api/v1/agencies/{AGENCY_A}").json["procedure_count"] == agency - 1
    again = write(small_client, "PUT", f"/api/v1/procedures/{code}/status", admin, RESCINDING)
    assert again.status_code == 409
    patch = write(
        small_client,
        "PATCH",
        f"/api/v1/procedures/{code}",
        admin,
        {"decision": AMENDING, "name": "x"},
    )
    assert patch.status_code == 409
    restoring = {"status": "active", "decision": {"number": "303/QĐ-UBND", "date": "2025-07-01"}}
    restored = write(small_client, "PUT", f"/api/v1/procedures/{code}/status", admin, restoring)
    assert restored.status_code == 200 and restored.json["status"] == "active"
    assert total(small_client) == active
    assert [r["kind"] for r in revisions(small_client, code)] == [
        "created",
        "rescinded",
        "restored",
    ]


def test_restoring_an_active_procedure_is_409(small_client, admin, created):
    response = write(
        small_client,
        "PUT",
        f"/api/v1/procedures/{created}/status",
        admin,
        {"status": "active", "decision": AMENDING},
    )
    assert response.status_code == 409
