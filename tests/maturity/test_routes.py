"""PUT /procedures/{code}/maturity and its history: rules, ETags, permissions, search."""

import datetime as dt

import pytest

from tests.factories import AGENCY_A, AGENCY_B, SEED_DATE, pick
from tests.helpers import bearer, etag_of, history, put_level


def record(client, code: str) -> dict:
    return client.get(f"/api/v1/procedures/{code}").json


def test_an_editor_raises_a_level_and_history_records_who_when_why(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    response = put_level(
        small_client,
        code,
        editor_a,
        level=4,
        reason="Trả kết quả trực tuyến",
        effective_date="2025-06-01",
    )
    assert response.status_code == 200, response.json
    assert response.json["maturity_level"] == 4 and response.json["kind"] == "full"
    assert response.json["level_source"] == "agency"
    assert response.headers["ETag"] == etag_of(small_client, code)
    seeded, change = history(small_client, code)
    assert seeded["from_level"] is None and seeded["via"] == "seed"
    assert seeded["effective_date"] == SEED_DATE.isoformat()
    assert change["from_level"] == 3 and change["to_level"] == 4
    assert change["reason"] == "Trả kết quả trực tuyến"
    assert change["effective_date"] == "2025-06-01"
    assert change["agency"]["code"] == AGENCY_A
    assert change["key_id"] and change["via"] == "api" and change["changed_at"]


def test_the_effective_date_defaults_to_today(small_client, admin):
    code = pick(AGENCY_B, online=True, level=3)
    assert put_level(small_client, code, admin, level=4).status_code == 200
    change = history(small_client, code)[-1]
    assert change["effective_date"] == dt.date.today().isoformat()
    assert change["agency"] is None  # an administrator acts for no agency


def test_an_admin_changes_any_agencys_procedure(small_client, admin):
    for agency in (AGENCY_A, AGENCY_B):
        code = pick(agency, online=True, level=3)
        assert put_level(small_client, code, admin, level=4).status_code == 200


def test_an_editor_may_change_a_procedure_its_agency_implements_second(small_client, editor_a):
    from tests.factories import SUBSET

    code = next(c for c, r in sorted(SUBSET.items()) if AGENCY_A in r["implementing_agencies"][1:])
    level = SUBSET[code]["maturity_level"]
    response = put_level(small_client, code, editor_a, level=1 if level > 1 else 2, reason="x")
    assert response.status_code == 200, response.json


def test_an_editor_cannot_change_another_agencys_procedure(small_client, editor_a):
    code = pick(AGENCY_B, online=True, level=3)
    before = record(small_client, code)
    response = put_level(small_client, code, editor_a, level=4)
    assert response.status_code == 403 and response.json["status"] == "Forbidden"
    assert record(small_client, code) == before
    assert len(history(small_client, code)) == 1


def test_a_reader_key_may_not_write(small_client, make_key):
    code = pick(AGENCY_A, online=True, level=3)
    response = put_level(small_client, code, make_key("reader"), level=4)
    assert response.status_code == 403
    assert len(history(small_client, code)) == 1


@pytest.mark.parametrize(
    "authorization", [None, "Bearer", "Bearer tthc_not-a-key", "Basic dXNlcjpwYXNz"]
)
def test_no_key_or_an_unknown_key_is_401(small_client, authorization):
    code = pick(AGENCY_A, online=True, level=3)
    headers = {"If-Match": etag_of(small_client, code)}
    if authorization:
        headers["Authorization"] = authorization
    response = small_client.put(
        f"/api/v1/procedures/{code}/maturity", json={"level": 4}, headers=headers
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.headers["Cache-Control"] == "no-store"
    assert len(history(small_client, code)) == 1


def test_401_comes_before_428_and_422(small_client):
    code = pick(AGENCY_A, online=True, level=3)
    response = small_client.put(f"/api/v1/procedures/{code}/maturity", json={"level": 9})
    assert response.status_code == 401


def test_a_revoked_key_is_401(small_app, small_client, editor_a):
    from sqlalchemy import select

    from services_api.extensions import db
    from services_api.keys.models import ApiKey
    from services_api.keys.service import KeyService, hash_token

    with small_app.app_context():
        key = db.session.scalar(select(ApiKey).where(ApiKey.token_hash == hash_token(editor_a)))
        KeyService(db.session).revoke(key.id)
    code = pick(AGENCY_A, online=True, level=3)
    assert put_level(small_client, code, editor_a, level=4).status_code == 401


def test_keys_are_stored_only_as_hashes(small_app, editor_a):
    from sqlalchemy import select

    from services_api.extensions import db
    from services_api.keys.models import ApiKey

    with small_app.app_context():
        stored = db.session.execute(select(ApiKey.__table__)).mappings().all()
    assert stored and all(editor_a not in str(dict(row)) for row in stored)


def test_without_if_match_is_428(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    response = put_level(small_client, code, editor_a, etag=None, level=4)
    assert response.status_code == 428
    assert len(history(small_client, code)) == 1


def test_a_stale_etag_is_412(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    stale = etag_of(small_client, code)
    assert put_level(small_client, code, editor_a, etag=stale, level=4).status_code == 200
    response = put_level(small_client, code, editor_a, etag=stale, level=3, reason="nhầm")
    assert response.status_code == 412
    assert [h["to_level"] for h in history(small_client, code)] == [3, 4]


def test_the_same_level_is_409_and_records_nothing(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    etag = etag_of(small_client, code)
    response = put_level(small_client, code, editor_a, etag=etag, level=3)
    assert response.status_code == 409
    assert etag_of(small_client, code) == etag
    assert len(history(small_client, code)) == 1


@pytest.mark.parametrize("level", [0, 5, -1, "3", 3.5, None])
def test_levels_outside_1_to_4_are_422(small_client, editor_a, level):
    code = pick(AGENCY_A, online=True, level=3)
    response = put_level(small_client, code, editor_a, level=level)
    assert response.status_code == 422
    assert "level" in response.json["errors"]["json"]


def test_level_3_without_an_online_channel_is_422(small_client, editor_b):
    code = pick(AGENCY_B, online=False, level=2)
    response = put_level(small_client, code, editor_b, level=3)
    assert response.status_code == 422
    assert "online_service_url" in response.json["errors"]["json"]
    assert len(history(small_client, code)) == 1


def test_level_3_with_the_online_service_address_is_accepted(small_client, editor_b):
    code = pick(AGENCY_B, online=False, level=2)
    url = "https://dichvucong.example.gov.vn/dvc/123"
    response = put_level(small_client, code, editor_b, level=3, online_service_url=url)
    assert response.status_code == 200, response.json
    assert response.json["online_service_url"] == url and response.json["online"] is True


def test_lowering_needs_a_reason(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    for reason in (None, "", "   "):
        response = put_level(small_client, code, editor_a, level=2, reason=reason)
        assert response.status_code == 422
        assert "reason" in response.json["errors"]["json"]
    response = put_level(small_client, code, editor_a, level=2, reason="Hệ thống ngừng")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "effective_date", [(dt.date.today() + dt.timedelta(days=1)).isoformat(), "2025-05-31"]
)
def test_effective_dates_in_the_future_or_before_the_last_change_are_422(
    small_client, editor_a, effective_date
):
    code = pick(AGENCY_A, online=True, level=3)
    assert (
        put_level(small_client, code, editor_a, level=4, effective_date="2025-06-01").status_code
        == 200
    )
    response = put_level(
        small_client, code, editor_a, level=3, reason="r", effective_date=effective_date
    )
    assert response.status_code == 422
    assert "effective_date" in response.json["errors"]["json"]


def test_a_change_may_be_dated_before_the_seeding(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    earlier = (SEED_DATE - dt.timedelta(days=30)).isoformat()
    assert (
        put_level(small_client, code, editor_a, level=4, effective_date=earlier).status_code == 200
    )


def test_unknown_fields_and_procedures(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    assert put_level(small_client, code, editor_a, level=4, colour="red").status_code == 422
    response = small_client.put(
        "/api/v1/procedures/9.999999/maturity",
        json={"level": 4},
        headers={**bearer(editor_a), "If-Match": '"x"'},
    )
    assert response.status_code == 404
    assert small_client.get("/api/v1/procedures/9.999999/maturity/history").status_code == 404


def test_a_provincial_code_works_too(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    provincial = f"{code}.000.00.00.H99"
    response = small_client.put(
        f"/api/v1/procedures/{provincial}/maturity",
        json={"level": 4},
        headers={**bearer(editor_a), "If-Match": etag_of(small_client, provincial)},
    )
    assert response.status_code == 200


def test_the_change_reaches_search(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    name = record(small_client, code)["name"]
    assert put_level(small_client, code, editor_a, level=4).status_code == 200
    hits = small_client.get("/api/v1/search", query_string={"q": name}).json["hits"]
    hit = next(h for h in hits if h["code"] == code)
    assert hit["maturity_level"] == 4 and hit["kind"] == "full"


def test_the_listing_and_statistics_see_the_change(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    before = small_client.get("/api/v1/stats/maturity").json["levels"][3]["count"]
    assert put_level(small_client, code, editor_a, level=4).status_code == 200
    assert small_client.get("/api/v1/stats/maturity").json["levels"][3]["count"] == before + 1
    listed = small_client.get("/api/v1/procedures", query_string={"level": 4}).json
    assert code in {item["code"] for item in listed}
