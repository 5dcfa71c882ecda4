"""GET /api/v1/search/zero-results: the queries that found nothing, for administrators only.

Each test has a fresh database (SQLite and PostgreSQL) with two procedures, indexed, so that
searches which find something can be told from those that find nothing.
"""

import datetime as dt
import unicodedata

import pytest

from services_api.extensions import db
from services_api.keys.models import Role
from services_api.keys.service import KeyService
from services_api.searching.models import ZeroResultQuery
from tests.factories import catalogue_of, dispose
from tests.helpers import bearer

URL = "/api/v1/search/zero-results"
INDEXED = {"1.001193", "3.000348"}  # Thủ tục đăng ký khai sinh; Cấp lại giấy phép lái xe


@pytest.fixture
def small_app(database_url, tmp_path):
    """Two procedures, indexed (instead of the two-agency catalogue, whose index is empty)."""
    app = catalogue_of(database_url, tmp_path, INDEXED, indexed=True)
    yield app
    dispose(app)


@pytest.fixture
def admin_headers(admin) -> dict:
    return bearer(admin)


def search_total(client, text: str, times: int = 1) -> int:
    for _ in range(times):
        response = client.get("/api/v1/search", query_string={"q": text})
        assert response.status_code == 200, response.json
    return response.json["total"]


def zero_results(client, headers: dict, **params) -> list[dict]:
    response = client.get(URL, query_string=params, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def counts(rows: list[dict]) -> list[tuple[str, int]]:
    return [(row["query"], row["count"]) for row in rows]


def test_searches_that_found_nothing_are_listed_with_their_counts(small_client, admin_headers):
    assert search_total(small_client, "xyzzy plugh", times=3) == 0
    assert search_total(small_client, "qwerty") == 0
    assert search_total(small_client, "khai sinh", times=2) > 0
    assert counts(zero_results(small_client, admin_headers)) == [("xyzzy plugh", 3), ("qwerty", 1)]


def test_rows_carry_when_the_query_was_first_and_last_seen(small_client, admin_headers):
    before = dt.datetime.now(dt.UTC)
    search_total(small_client, "xyzzy", times=2)
    (row,) = zero_results(small_client, admin_headers)
    assert set(row) == {"query", "count", "first_seen", "last_seen"}
    first_seen = dt.datetime.fromisoformat(row["first_seen"])
    last_seen = dt.datetime.fromisoformat(row["last_seen"])
    assert before <= first_seen < last_seen <= dt.datetime.now(dt.UTC)


def test_spellings_of_one_query_are_counted_once_folded(small_client, admin_headers):
    decomposed = unicodedata.normalize("NFD", "phở bò xyzzy")
    spellings = ["Phở Bò Xyzzy", "pho bo xyzzy", "  PHỞ   bò  xyzzy ", decomposed]
    for text in [*spellings, "Đường Xyzzy", "duong xyzzy"]:
        assert search_total(small_client, text) == 0
    rows = zero_results(small_client, admin_headers)
    assert counts(rows) == [("pho bo xyzzy", 4), ("duong xyzzy", 2)]


def test_most_frequent_first_ties_by_query_as_the_command_lists_them(
    small_app, small_client, admin_headers
):
    for text, times in [("bbb xyzzy", 1), ("ccc xyzzy", 3), ("aaa xyzzy", 1), ("ddd xyzzy", 2)]:
        search_total(small_client, text, times=times)
    rows = zero_results(small_client, admin_headers)
    assert counts(rows) == [("ccc xyzzy", 3), ("ddd xyzzy", 2), ("aaa xyzzy", 1), ("bbb xyzzy", 1)]
    output = small_app.test_cli_runner().invoke(args=["search", "zero-results"]).output
    assert [line.split(None, 2)[2] for line in output.splitlines()] == [r["query"] for r in rows]


def test_limit_keeps_the_most_frequent(small_client, admin_headers):
    for text, times in [("aaa xyzzy", 1), ("bbb xyzzy", 3), ("ccc xyzzy", 2)]:
        search_total(small_client, text, times=times)
    rows = zero_results(small_client, admin_headers, limit=2)
    assert counts(rows) == [("bbb xyzzy", 3), ("ccc xyzzy", 2)]


def test_limit_defaults_to_100_and_goes_up_to_1000(small_app, small_client, admin_headers):
    with small_app.app_context():
        db.session.add_all(ZeroResultQuery(query=f"q{n:03d}", count=1) for n in range(150))
        db.session.commit()
    assert len(zero_results(small_client, admin_headers)) == 100
    assert len(zero_results(small_client, admin_headers, limit=1000)) == 150


def test_no_key_or_a_revoked_key_is_401(small_app, small_client, make_key):
    token = make_key(Role.ADMIN)
    with small_app.app_context():
        service = KeyService(db.session)
        service.revoke(service.all()[-1].id)
    for headers in ({}, bearer(token), {"Authorization": f"Basic {token}"}):
        response = small_client.get(URL, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert response.headers["Cache-Control"] == "no-store"


def test_a_bad_limit_without_a_key_is_still_401(small_client):
    assert small_client.get(URL, query_string={"limit": 0}).status_code == 401


@pytest.mark.parametrize("role, agency", [(Role.EDITOR, "so-tu-phap"), (Role.READER, None)])
def test_editor_and_reader_keys_are_403(small_client, make_key, role, agency):
    search_total(small_client, "xyzzy")
    response = small_client.get(URL, headers=bearer(make_key(role, agency)))
    assert response.status_code == 403
    assert "xyzzy" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 1001},
        {"limit": -1},
        {"limit": "abc"},
        {"sort": "count"},
        {"page": 2},
        {"page_size": 10},
    ],
)
def test_bad_arguments_are_422(small_client, admin_headers, params):
    response = small_client.get(URL, query_string=params, headers=admin_headers)
    assert response.status_code == 422 and response.json["code"] == 422


def test_the_list_is_never_publicly_cached(small_client, admin_headers):
    search_total(small_client, "xyzzy")
    response = small_client.get(URL, headers=admin_headers)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_distinct_queries_are_capped_listed_ones_still_counted(
    small_app, small_client, admin_headers
):
    small_app.config["ZERO_RESULT_MAX_QUERIES"] = 3
    for letter in "abcdefgh":
        assert search_total(small_client, f"xyzzy{letter}") == 0
    assert search_total(small_client, "xyzzyb", times=2) == 0
    assert search_total(small_client, "xyzzyh") == 0
    with small_app.app_context():
        assert db.session.query(ZeroResultQuery).count() == 3
    assert counts(zero_results(small_client, admin_headers)) == [
        ("xyzzyb", 3),
        ("xyzzya", 1),
        ("xyzzyc", 1),
    ]
