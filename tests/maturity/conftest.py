"""Small catalogues for write tests: two agencies' procedures, seeded on a past date.

Agency A (Sở Tư pháp) and agency B (Công an tỉnh) implement disjoint sets of procedures, some
with an online channel and some without; a fresh database per test, on SQLite and PostgreSQL.
"""

import datetime as dt

import pytest

from seeds.loader import load_catalogue, read_procedures
from services_api import migrate
from services_api.extensions import db
from tests.conftest import build_app, dispose, key_maker

AGENCY_A = "so-tu-phap"
AGENCY_B = "cong-an-tinh"
SEED_DATE = dt.date(2025, 1, 15)


def _agencies_of(record: dict) -> set[str]:
    return set(record["implementing_agencies"]) | {record.get("competent_agency")}


def _subset() -> dict[str, dict]:
    return {r["code"]: r for r in read_procedures() if {AGENCY_A, AGENCY_B} & _agencies_of(r)}


SUBSET = _subset()


def pick(agency: str, online: bool, level: int | None = None, skip: int = 0) -> str:
    """A code of ``agency``'s procedures, with or without an online channel (and a level)."""
    codes = [
        code
        for code, r in sorted(SUBSET.items())
        if agency in _agencies_of(r)
        and any(c["method"] == "online" for c in r["channels"]) == online
        and (level is None or r["maturity_level"] == level)
        and not ({AGENCY_A, AGENCY_B} <= _agencies_of(r))
    ]
    return codes[skip]


def codes_of(agency: str) -> list[str]:
    return sorted(code for code, r in SUBSET.items() if agency in _agencies_of(r))


@pytest.fixture
def small_app(database_url, tmp_path):
    """Agencies A's and B's procedures, seeded on SEED_DATE; a fresh one per test. The search
    index starts empty (rebuilding it would double the set-up time): changed procedures reach
    it through the outbox like in production."""
    app = build_app(database_url, tmp_path, AUTO_SEED=False)
    with app.app_context():
        migrate.upgrade(db.engine)
        load_catalogue(db.session, today=SEED_DATE, codes=set(SUBSET))
    yield app
    dispose(app)


@pytest.fixture
def small_client(small_app):
    return small_app.test_client()


@pytest.fixture
def make_key(small_app):
    """``make_key(role, agency=None) -> token``: a key made through the service."""
    return key_maker(small_app)


@pytest.fixture
def admin(make_key) -> str:
    return make_key("admin")


@pytest.fixture
def editor_a(make_key) -> str:
    return make_key("editor", AGENCY_A)


@pytest.fixture
def editor_b(make_key) -> str:
    return make_key("editor", AGENCY_B)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def etag_of(client, code: str) -> str:
    return client.get(f"/api/v1/procedures/{code}").headers["ETag"]


def put_level(client, code: str, token: str | None, etag: str | None = "current", **body):
    """PUT /maturity with the procedure's current ETag unless told otherwise."""
    headers = bearer(token) if token else {}
    if etag == "current":
        etag = etag_of(client, code)
    if etag is not None:
        headers["If-Match"] = etag
    return client.put(f"/api/v1/procedures/{code}/maturity", json=body, headers=headers)


def history(client, code: str) -> list[dict]:
    response = client.get(f"/api/v1/procedures/{code}/maturity/history")
    assert response.status_code == 200, response.json
    return response.json
