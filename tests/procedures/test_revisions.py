"""Revisions of the seeded catalogue: every procedure is revision 1, citing its record's decision,
and listings, statistics and counts take a status."""

import json

import pytest

from tests.factories import AGENCY_A, SUBSET, pick


def test_a_seeded_procedure_is_active_at_revision_1_of_its_records_decision(catalogue_client):
    code = pick(AGENCY_A, online=True)
    record = catalogue_client.get(f"/api/v1/procedures/{code}").json
    assert record["status"] == "active" and record["revision"] == 1
    assert record["decision"] == {"number": SUBSET[code]["decision_number"], "date": None}
    assert record["rescission"] is None


def test_the_seeded_revision_is_listed_and_read_with_every_field_from_nothing(catalogue_client):
    code = pick(AGENCY_A, online=True)
    listed = catalogue_client.get(f"/api/v1/procedures/{code}/revisions")
    assert listed.status_code == 200
    assert json.loads(listed.headers["X-Pagination"])["total"] == 1
    (first,) = listed.json
    assert (first["number"], first["kind"], first["via"]) == (1, "created", "seed")
    assert first["changed_by"] == "seed" and first["changed_fields"] is None
    detail = catalogue_client.get(f"/api/v1/procedures/{code}/revisions/1").json
    diff = {change["field"]: change for change in detail["diff"]}
    assert diff["name"] == {"field": "name", "from": None, "to": SUBSET[code]["name"]}
    assert detail["content"]["tiers"] == SUBSET[code]["tiers"]
    assert detail["content"]["status"] == "active"


# a number past an integer column (it was a 500: SQLite cannot bind it, PostgreSQL overflows)
BEYOND_COLUMN = f"/revisions/{2**31}"


@pytest.mark.parametrize(
    "path", ["/revisions/2", "/revisions/0", BEYOND_COLUMN, "/revisions/4520609088387545563136"]
)
def test_a_revision_that_does_not_exist_is_404(catalogue_client, path):
    code = pick(AGENCY_A, online=True)
    response = catalogue_client.get(f"/api/v1/procedures/{code}{path}")
    assert response.status_code == 404 and response.json["code"] == 404


def test_revisions_of_an_unknown_procedure_are_404(catalogue_client):
    assert catalogue_client.get("/api/v1/procedures/9.999999/revisions").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/procedures?status=",
        "/api/v1/procedures?status=gone",
        "/api/v1/stats/maturity?status=x",
    ],
)
def test_an_unknown_status_is_422(catalogue_client, url):
    response = catalogue_client.get(url)
    assert response.status_code == 422 and "status" in response.json["errors"]["query"]


def test_with_nothing_rescinded_every_status_but_rescinded_lists_the_catalogue(catalogue_client):
    def total(query: str) -> int:
        response = catalogue_client.get(f"/api/v1/procedures?page_size=1{query}")
        return json.loads(response.headers["X-Pagination"])["total"]

    assert total("") == total("&status=active") == total("&status=all") == 1601
    assert total("&status=rescinded") == 0
    stats = catalogue_client.get("/api/v1/stats/maturity?status=rescinded").json
    assert stats["procedure_count"] == 0
