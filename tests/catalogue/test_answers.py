"""Stored public answers: never stale after a write, in any worker; identical to built ones."""

import pytest
from sqlalchemy import event, select

from services_api.caching import answer_store
from services_api.extensions import db
from services_api.searching.models import ZeroResultQuery
from tests.factories import AGENCY_A, build_app, dispose, pick
from tests.helpers import bearer, put_level

PER_RESPONSE = {"Content-Length", "Date", "X-Request-ID"}


@pytest.fixture
def other_worker(small_app, database_url, tmp_path):
    """A second application over the same database and index, as another gunicorn worker."""
    app = build_app(database_url, tmp_path, AUTO_SEED=False)
    yield app
    dispose(app)


@pytest.fixture
def uncached_app(small_app, database_url, tmp_path):
    app = build_app(database_url, tmp_path, AUTO_SEED=False, ANSWER_CACHE_BYTES=0)
    yield app
    dispose(app)


def reads(code: str) -> list[str]:
    return [
        f"/api/v1/procedures/{code}",
        f"/api/v1/procedures/{code}/maturity/history",
        "/api/v1/procedures?level=4&page_size=100",
        f"/api/v1/procedures?agency={AGENCY_A}&sort=-level&page_size=100",
        "/api/v1/stats/maturity",
        "/api/v1/stats/maturity?by=agency",
        "/api/v1/stats/maturity?by=tier&as_of=2099-01-01",
        "/api/v1/agencies",
        f"/api/v1/agencies/{AGENCY_A}",
        "/api/v1/fields",
        "/api/v1/exports/procedures.csv?level=4",
    ]


def statements_of(app, client, url: str, **kwargs):
    """The response to ``url`` and how many SQL statements answering it ran."""
    seen = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = client.get(url, **kwargs)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return response, len(seen)


def test_a_write_on_one_worker_is_read_at_once_on_the_other(small_client, other_worker, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    reader = other_worker.test_client()
    before = {url: reader.get(url) for url in reads(code)}
    for url, response in before.items():
        assert response.status_code == 200, (url, response.json)
        assert reader.get(url).data == response.data  # now stored in the other worker
    assert put_level(small_client, code, editor_a, level=4).status_code == 200
    after = {url: reader.get(url) for url in reads(code)}
    assert after[reads(code)[0]].json["maturity_level"] == 4
    assert code in {p["code"] for p in after["/api/v1/procedures?level=4&page_size=100"].json}
    for url in reads(code):
        assert after[url].status_code == 200, url
        assert after[url].data != before[url].data, f"{url} answered as before the write"


def test_search_answers_follow_the_index_on_the_other_worker(small_client, other_worker, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    assert put_level(small_client, code, editor_a, level=4).status_code == 200
    reader = other_worker.test_client()
    name = reader.get(f"/api/v1/procedures/{code}").json["name"]
    url = f"/api/v1/search?q={name}"

    def level_found() -> int:
        hits = reader.get(url).json["hits"]
        return next(h["maturity_level"] for h in hits if h["code"] == code)

    assert level_found() == level_found() == 4
    lowered = put_level(small_client, code, editor_a, level=2, reason="Tạm ngừng thanh toán")
    assert lowered.status_code == 200, lowered.json
    assert level_found() == 2


def test_no_304_for_an_etag_from_before_the_write(small_client, other_worker, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    reader = other_worker.test_client()
    url = f"/api/v1/procedures/{code}"
    old = reader.get(url).headers["ETag"]
    assert reader.get(url, headers={"If-None-Match": old}).status_code == 304
    assert put_level(small_client, code, editor_a, level=4).status_code == 200
    response = reader.get(url, headers={"If-None-Match": old})
    assert response.status_code == 200 and response.json["maturity_level"] == 4
    assert response.headers["ETag"] != old
    assert reader.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_stored_answers_are_the_built_ones_byte_for_byte(small_client, uncached_app):
    built = uncached_app.test_client()
    urls = [*reads(pick(AGENCY_A, online=True, level=3)), "/api/v1/search/suggest?q=cap"]
    for url in urls:
        first, stored, fresh = small_client.get(url), small_client.get(url), built.get(url)
        assert first.status_code == stored.status_code == fresh.status_code == 200, url
        assert stored.data == first.data == fresh.data, url
        headers = [dict(r.headers) for r in (first, stored, fresh)]
        for h in headers:
            for name in PER_RESPONSE:
                h.pop(name, None)
        assert headers[0] == headers[1] == headers[2], url


def test_a_stored_answer_and_its_304_run_no_view(small_app, small_client):
    """Neither runs a statement through the ORM's engine (the generation is read on the
    worker's own connection)."""
    url = f"/api/v1/procedures?agency={AGENCY_A}&page=2"
    built, built_statements = statements_of(small_app, small_client, url)
    stored, stored_statements = statements_of(small_app, small_client, url)
    assert built_statements > 1 and stored_statements == 0
    assert stored.data == built.data
    headers = {"If-None-Match": built.headers["ETag"]}
    not_modified, statements = statements_of(small_app, small_client, url, headers=headers)
    assert not_modified.status_code == 304 and statements == 0 and not_modified.data == b""
    assert not_modified.headers["ETag"] == built.headers["ETag"]


def test_a_revalidating_client_fills_the_store_too(small_app, small_client):
    url = "/api/v1/stats/maturity?by=field"
    etag = small_client.get(url).headers["ETag"]
    other_url = "/api/v1/stats/maturity?by=tier"
    small_client.get(other_url)
    answer, statements = statements_of(
        small_app, small_client, url, headers={"If-None-Match": etag}
    )
    assert answer.status_code == 304 and statements == 0


def test_reads_with_a_key_and_searches_that_count_are_built_every_time(
    small_app, small_client, editor_a
):
    url = "/api/v1/fields"
    small_client.get(url)
    _, statements = statements_of(small_app, small_client, url, headers=bearer(editor_a))
    assert statements > 1
    for _ in range(3):
        assert small_client.get("/api/v1/search?q=zzqxw").json["total"] == 0
    with small_app.app_context():
        counted = db.session.scalar(select(ZeroResultQuery.count).filter_by(query="zzqxw"))
    assert counted == 3


def test_the_store_is_bounded_in_bytes(small_app, database_url, tmp_path):
    limit = 40_000
    app = build_app(database_url, tmp_path, AUTO_SEED=False, ANSWER_CACHE_BYTES=limit)
    try:
        client = app.test_client()
        urls = [f"/api/v1/procedures?agency={AGENCY_A}&page={n}" for n in range(1, 15)]
        bodies = {url: client.get(url).data for url in urls}
        with app.app_context():
            store = answer_store()
            assert 0 < len(store) < len(urls) and store.bytes_used <= limit
        assert client.get("/api/v1/agencies").status_code == 200  # larger than the store
        for url in urls:
            assert client.get(url).data == bodies[url]
    finally:
        dispose(app)
