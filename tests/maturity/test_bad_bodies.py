"""Writes with bodies no parser or database should take: 422 in the API's format, nothing saved.

Also `If-Match: *` (as if no ETag: 428), the earliest effective date and the reason's length.
"""

import pytest

from tests.factories import AGENCY_A, pick
from tests.helpers import bearer, etag_of, history, put_level

TARGETS = "/api/v1/stats/targets"
HOSTILE_BODIES = {
    "5,000 digits": '{"level": ' + "9" * 5000 + "}",
    "nested 100,000 deep": '{"level": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "lone surrogate": '{"level": 2, "reason": "L\\ud800i"}',
    "NUL": '{"level": 2, "reason": "L\\u0000i"}',
    "escape character": '{"level": 2, "reason": "\\u001b[31m"}',
}
HOSTILE_TARGETS = {
    "5,000 digits": '{"targets": [{"level": ' + "9" * 5000 + ', "share": 1}]}',
    "nested 100,000 deep": '{"targets": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "lone surrogate": '{"targets": [{"agency": "so-\\ud800", "level": 3, "share": 1}]}',
    "NUL": '{"targets": [{"agency": "so-tu-phap\\u0000", "level": 3, "share": 1}]}',
}


def assert_api_error(response, status: int) -> None:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.json["code"] == status and response.json["status"]


def test_hostile_level_changes_are_422_and_change_nothing(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    headers = {**bearer(editor_a), "If-Match": etag_of(small_client, code)}
    for name, body in HOSTILE_BODIES.items():
        response = small_client.put(
            f"/api/v1/procedures/{code}/maturity",
            data=body,
            headers=headers,
            content_type="application/json",
        )
        assert_api_error(response, 422)
        assert "json" in response.json["errors"], name
    assert len(history(small_client, code)) == 1
    assert small_client.get(f"/api/v1/procedures/{code}").json["maturity_level"] == 3


def test_hostile_targets_are_422_and_keep_the_old_set(small_client, admin):
    good = {"targets": [{"level": 2, "share": 100}]}
    assert small_client.put(TARGETS, json=good, headers=bearer(admin)).status_code == 200
    for name, body in HOSTILE_TARGETS.items():
        response = small_client.put(
            TARGETS, data=body, headers=bearer(admin), content_type="application/json"
        )
        assert_api_error(response, 422)
        assert "json" in response.json["errors"], name
    assert [t["level"] for t in small_client.get(TARGETS).json] == [2]


def test_malformed_json_is_still_400(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    response = small_client.put(
        f"/api/v1/procedures/{code}/maturity",
        data='{"level": 2,',
        headers={**bearer(editor_a), "If-Match": etag_of(small_client, code)},
        content_type="application/json",
    )
    assert response.status_code == 400 and "json" in response.json["errors"]


def test_if_match_any_is_428_like_no_etag(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    for etag in (None, "*"):
        response = put_level(small_client, code, editor_a, etag=etag, level=4)
        assert_api_error(response, 428)
    assert len(history(small_client, code)) == 1
    assert put_level(small_client, code, editor_a, level=4).status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2011-06-12"])
def test_an_effective_date_before_levels_existed_is_422(small_client, editor_a, day):
    code = pick(AGENCY_A, online=True, level=3)
    response = put_level(small_client, code, editor_a, level=4, effective_date=day)
    assert_api_error(response, 422)
    assert "effective_date" in response.json["errors"]["json"]
    assert len(history(small_client, code)) == 1
    as_of = small_client.get("/api/v1/stats/maturity", query_string={"as_of": "2020-01-01"})
    assert as_of.status_code == 200
    earliest = put_level(small_client, code, editor_a, level=4, effective_date="2011-06-13")
    assert earliest.status_code == 200, earliest.json


def test_a_reason_is_at_most_1000_characters(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    response = put_level(small_client, code, editor_a, level=2, reason="x" * 1001)
    assert_api_error(response, 422)
    assert "reason" in response.json["errors"]["json"]
    assert len(history(small_client, code)) == 1
    response = put_level(small_client, code, editor_a, level=2, reason="y" * 1000)
    assert response.status_code == 200, response.json
    assert history(small_client, code)[-1]["reason"] == "y" * 1000
