"""What a write leaves behind for readers: the content in force on a date (as_of), the search
index following rescissions and restorations, and no public answer kept from before."""

import pytest

from tests.factories import AGENCY_A, SEED_DATE, SUBSET, catalogue_of, dispose, key_maker, pick
from tests.helpers import bearer
from tests.publishing.conftest import NEW_CODE, new_procedure, write

FIRST = {"number": "11/QĐ-UBND", "date": "2025-04-01"}
SECOND = {"number": "12/QĐ-UBND", "date": "2025-08-01"}


def name_on(client, code: str, day: str | None) -> dict:
    query = f"?as_of={day}" if day else ""
    return client.get(f"/api/v1/procedures/{code}{query}")


@pytest.fixture
def amended(small_client, admin) -> str:
    """A seeded procedure renamed on 1 April 2025, then given new channels on 1 August."""
    code = pick(AGENCY_A, online=True)
    renamed = {"decision": FIRST, "name": "Tên mới từ tháng tư"}
    assert (
        write(small_client, "PATCH", f"/api/v1/procedures/{code}", admin, renamed).status_code
        == 200
    )
    channels = [
        {"method": "online", "time_value": 3, "time_unit": "Ngày làm việc", "fee_free": True}
    ]
    second = {"decision": SECOND, "channels": channels}
    assert (
        write(small_client, "PATCH", f"/api/v1/procedures/{code}", admin, second).status_code == 200
    )
    return code


@pytest.mark.parametrize(
    ("day", "name", "revision"),
    [
        ("2020-01-01", "seeded", 1),  # before any decision: the seeded record stands
        ("2025-03-31", "seeded", 1),
        ("2025-04-01", "Tên mới từ tháng tư", 2),
        ("2025-07-31", "Tên mới từ tháng tư", 2),
        ("2025-08-01", "Tên mới từ tháng tư", 3),
        (None, "Tên mới từ tháng tư", 3),
    ],
)
def test_as_of_answers_the_content_in_force_on_the_day(small_client, amended, day, name, revision):
    record = name_on(small_client, amended, day).json
    expected = SUBSET[amended]["name"] if name == "seeded" else name
    assert (record["name"], record["revision"]) == (expected, revision)
    channels = [(c["method"], c["time_value"], c["fee_free"]) for c in record["channels"]]
    if revision == 3:
        assert channels == [("online", 3, True)]
    else:
        seeded = SUBSET[amended]["channels"]
        assert channels == [(c["method"], c["time_value"], c["fee_free"]) for c in seeded]


def test_as_of_answers_the_status_in_force(small_client, admin, amended):
    rescind = {"status": "rescinded", "decision": {"number": "13/QĐ-UBND", "date": "2025-09-01"}}
    assert (
        write(
            small_client, "PUT", f"/api/v1/procedures/{amended}/status", admin, rescind
        ).status_code
        == 200
    )
    assert name_on(small_client, amended, "2025-08-15").json["status"] == "active"
    before = name_on(small_client, amended, "2025-09-01").json
    assert before["status"] == "rescinded" and before["rescission"]["number"] == "13/QĐ-UBND"


def test_a_created_procedure_did_not_exist_before_its_decision(small_client, created):
    assert name_on(small_client, created, "2025-02-28").status_code == 404
    assert name_on(small_client, created, "2025-03-01").json["name"] == new_procedure()["name"]


def test_a_write_is_seen_by_the_next_public_read(small_client, admin, created):
    assert name_on(small_client, created, None).json["revision"] == 1  # kept by the worker
    body = {"decision": FIRST, "name": "Tên đã sửa"}
    assert (
        write(small_client, "PATCH", f"/api/v1/procedures/{created}", admin, body).status_code
        == 200
    )
    assert name_on(small_client, created, None).json["name"] == "Tên đã sửa"


@pytest.fixture
def indexed(database_url, tmp_path):
    app = catalogue_of(database_url, tmp_path, set(SUBSET), today=SEED_DATE, indexed=True)
    yield app
    dispose(app)


def found(client, query: str, code: str) -> bool:
    response = client.get("/api/v1/search", query_string={"q": query, "page_size": 50})
    assert response.status_code == 200, response.json
    return code in [hit["code"] for hit in response.json["hits"]]


def test_a_rescinded_procedure_leaves_search_and_comes_back_when_restored(indexed):
    client, admin = indexed.test_client(), key_maker(indexed)("admin")
    code = pick(AGENCY_A, online=True)
    query = SUBSET[code]["name"]
    assert found(client, query, code)
    rescind = {"status": "rescinded", "decision": FIRST}
    assert (
        write(client, "PUT", f"/api/v1/procedures/{code}/status", admin, rescind).status_code == 200
    )
    assert not found(client, query, code)
    restore = {"status": "active", "decision": SECOND}
    assert (
        write(client, "PUT", f"/api/v1/procedures/{code}/status", admin, restore).status_code == 200
    )
    assert found(client, query, code)


def test_a_created_procedure_is_searchable(indexed):
    client, admin = indexed.test_client(), key_maker(indexed)("admin")
    response = client.post("/api/v1/procedures", json=new_procedure(), headers=bearer(admin))
    assert response.status_code == 201
    assert found(client, "lễ hội đua thuyền", NEW_CODE)


def test_every_write_records_one_change_per_procedure_in_the_feed(small_app, small_client, admin):
    from sqlalchemy import select

    from services_api.changes.models import CatalogueChange
    from services_api.extensions import db

    body = new_procedure(
        implementing_agencies=["ban-le-hoi"],
        new_agencies=[{"code": "ban-le-hoi", "name": "Ban Lễ hội", "tier": "province"}],
    )
    assert (
        small_client.post("/api/v1/procedures", json=body, headers=bearer(admin)).status_code == 201
    )
    path = f"/api/v1/procedures/{NEW_CODE}"
    assert (
        write(small_client, "PATCH", path, admin, {"decision": FIRST, "name": "Tên"}).status_code
        == 200
    )
    rescind = {"status": "rescinded", "decision": SECOND}
    assert write(small_client, "PUT", f"{path}/status", admin, rescind).status_code == 200
    restore = {"status": "active", "decision": SECOND}
    assert write(small_client, "PUT", f"{path}/status", admin, restore).status_code == 200
    with small_app.app_context():
        rows = db.session.execute(
            select(CatalogueChange.kind, CatalogueChange.subject, CatalogueChange.data).order_by(
                CatalogueChange.generation, CatalogueChange.id
            )
        ).all()
    assert [(kind, subject) for kind, subject, _ in rows] == [
        ("agency.changed", "ban-le-hoi"),
        ("procedure.created", NEW_CODE),
        ("procedure.changed", NEW_CODE),
        ("procedure.rescinded", NEW_CODE),
        ("procedure.restored", NEW_CODE),
    ]
    assert rows[2][2]["revision"] == 2 and rows[2][2]["decision"]["number"] == FIRST["number"]
