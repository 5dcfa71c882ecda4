"""Every answer carries a request id: the caller's when it is sane, else a new one, also on
errors, 304s and answers sent from the worker's store (which never keeps one)."""

import re

import pytest

from tests.operations.conftest import CODE

GENERATED = re.compile(r"[0-9a-f]{32}")


def test_a_sane_incoming_id_is_sent_back(ops_client):
    url = "/api/v1/agencies"
    built = ops_client.get(url, headers={"X-Request-ID": "portal-7f3a.1:2"})
    stored = ops_client.get(url, headers={"X-Request-ID": "Root=1-67a2+b"})
    assert built.status_code == stored.status_code == 200
    assert built.headers["X-Request-ID"] == "portal-7f3a.1:2"
    assert stored.headers["X-Request-ID"] == "Root=1-67a2+b"
    assert stored.data == built.data


def test_each_request_gets_its_own_generated_id_stored_answers_too(ops_app, ops_client):
    url = f"/api/v1/procedures/{CODE}"
    answers = [ops_client.get(url) for _ in range(3)]  # built, then twice from the store
    ids = [a.headers["X-Request-ID"] for a in answers]
    assert all(GENERATED.fullmatch(i) for i in ids), ids
    assert len(set(ids)) == 3
    stored = ops_app.extensions["answers"]
    kept = stored._answers.get((url, b""))
    assert kept is not None, "the answer was not kept: the test does not reach the store"
    assert "x-request-id" not in {name.lower() for name, _ in kept.headers}


@pytest.mark.parametrize(
    "incoming",
    ["", "x" * 129, "two words", "tab\tinside", "semi;colon", 'quote"d', "ünicode"],
)
def test_an_insane_incoming_id_is_replaced(ops_client, incoming):
    response = ops_client.get("/healthz", headers={"X-Request-ID": incoming})
    assert GENERATED.fullmatch(response.headers["X-Request-ID"])


def test_errors_and_304s_carry_the_id(ops_client):
    code = CODE
    asked = {"X-Request-ID": "abc-123"}
    etag = ops_client.get(f"/api/v1/procedures/{code}").headers["ETag"]
    answers = {
        304: ops_client.get(f"/api/v1/procedures/{code}", headers={**asked, "If-None-Match": etag}),
        404: ops_client.get("/api/v1/nowhere", headers=asked),
        422: ops_client.get("/api/v1/procedures?level=9", headers=asked),
        401: ops_client.put(f"/api/v1/procedures/{code}/maturity", json={}, headers=asked),
        405: ops_client.delete("/api/v1/agencies", headers=asked),
    }
    for status, response in answers.items():
        assert response.status_code == status, (status, response.json)
        assert response.headers["X-Request-ID"] == "abc-123", status
