"""A database outage answers 503 in the API's error format with Retry-After, within the
timeouts, writes nothing half-way, and the first request after the database is back succeeds.

PostgreSQL: a cluster of the test's own (tests/postgres_cluster.py), stopped and started,
frozen with SIGSTOP and thawed, and stopped right after a write's commit. SQLite: the file
locked by another connection, and a file that cannot be opened.
"""

import io
import os
import sqlite3
import time
import uuid

import pytest
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.exc import OperationalError

from services_api.extensions import db
from services_api.procedures.models import MaturityChange
from services_api.searching.models import SearchOutbox
from tests.conftest import skip_unless_required
from tests.factories import AGENCY_A, SEED_DATE, catalogue_of, codes_of, dispose, key_maker, pick
from tests.helpers import bearer, etag_of, put_level
from tests.postgres_cluster import ClusterUnavailable, PostgresCluster

RETRY_AFTER = "7"
TIMEOUTS = {
    "DATABASE_STATEMENT_TIMEOUT_MS": 1000,  # the client gives up 1 s after it
    "DATABASE_CONNECT_TIMEOUT_SECONDS": 2,
    "DATABASE_BUSY_TIMEOUT_MS": 300,
    "DATABASE_RETRY_AFTER_SECONDS": int(RETRY_AFTER),
}
RAISED = pick(AGENCY_A, online=True, level=3)
CODES = {RAISED, *codes_of(AGENCY_A)[:5]}
READS = [
    "/api/v1/procedures",
    f"/api/v1/procedures/{RAISED}",
    f"/api/v1/procedures/{RAISED}/maturity/history",
    "/api/v1/stats/maturity",
    "/api/v1/search?q=khai+sinh",
    "/api/v1/agencies",
]


@pytest.fixture(scope="module")
def cluster():
    try:
        cluster = PostgresCluster()
    except ClusterUnavailable as error:
        skip_unless_required("REQUIRE_POSTGRES", f"no PostgreSQL server programs: {error}")
    try:
        cluster.create()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def cluster_app(cluster, tmp_path):
    """A small catalogue in a database of its own on the test's cluster (running again)."""
    if not (cluster.data / "postmaster.pid").exists():
        cluster.start()
    name = f"outage_{uuid.uuid4().hex[:10]}"
    admin = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(cluster.url).set(database=name).render_as_string(hide_password=False)
    app = catalogue_of(url, tmp_path, CODES, today=SEED_DATE, **TIMEOUTS)
    yield app
    dispose(app)


@pytest.fixture
def sqlite_app(tmp_path):
    app = catalogue_of(
        f"sqlite:///{tmp_path / 'services.sqlite3'}", tmp_path, CODES, today=SEED_DATE, **TIMEOUTS
    )
    yield app
    dispose(app)


def assert_unavailable(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.headers["Retry-After"] == RETRY_AFTER
    assert response.json["code"] == 503 and response.json["status"] == "Service Unavailable"
    assert response.json["message"]


def csv_upload(client, token: str, level: int):
    data = f"code,level,reason\n{RAISED},{level},Trả kết quả trực tuyến\n".encode()
    return client.post(
        "/api/v1/imports/maturity",
        data={"file": (io.BytesIO(data), "levels.csv")},
        headers=bearer(token),
        content_type="multipart/form-data",
    )


def writes_recorded(app) -> tuple[int, int]:
    """Agency changes in the history, and changes waiting in the search outbox."""
    with app.app_context():
        changes = db.session.scalar(
            select(func.count()).select_from(MaturityChange).where(MaturityChange.via != "seed")
        )
        waiting = db.session.scalar(select(func.count()).select_from(SearchOutbox))
        db.session.rollback()
    return changes, waiting


def assert_every_request_is_unavailable(client, token: str, etag: str) -> None:
    for url in READS:
        assert_unavailable(client.get(url))
    assert_unavailable(put_level(client, RAISED, token, etag=etag, level=4))
    assert_unavailable(csv_upload(client, token, 4))
    assert client.get("/readyz").status_code == 503
    assert client.get("/healthz").status_code == 200


@pytest.mark.postgres
def test_a_stopped_database_is_503_and_the_first_request_after_it_is_back_succeeds(
    cluster, cluster_app
):
    client, token = cluster_app.test_client(), key_maker(cluster_app)("admin")
    etag = etag_of(client, RAISED)
    cluster.stop()
    assert_every_request_is_unavailable(client, token, etag)

    cluster.start()
    assert writes_recorded(cluster_app) == (0, 0)  # nothing half-written
    assert put_level(client, RAISED, token, etag=etag, level=4).status_code == 200
    for url in READS:
        assert client.get(url).status_code == 200, url
    assert client.get("/readyz").status_code == 200


@pytest.mark.postgres
def test_a_frozen_database_is_503_within_the_timeouts_then_serves_again(cluster, cluster_app):
    client, token = cluster_app.test_client(), key_maker(cluster_app)("admin")
    etag = etag_of(client, RAISED)
    client.get("/api/v1/stats/maturity")  # connections open, idle in the pool
    cluster.freeze()
    try:
        for request in (
            lambda: client.get("/api/v1/procedures"),  # the generation read's own connection
            lambda: put_level(client, RAISED, token, etag=etag, level=4),  # a pooled one
            lambda: client.get(f"/api/v1/procedures/{RAISED}"),  # a new connection
        ):
            started = time.monotonic()
            assert_unavailable(request())
            # a statement (1 s) and the client's margin (1 s), then a connection (2 s)
            assert time.monotonic() - started < 6.5
    finally:
        cluster.thaw()
    assert put_level(client, RAISED, token, etag=etag, level=4).status_code == 200
    assert client.get("/api/v1/procedures").status_code == 200
    assert writes_recorded(cluster_app) == (1, 0)  # written and indexed


@pytest.mark.postgres
def test_a_requests_statements_are_bounded_and_start_up_work_is_not(cluster_app):
    slow = text("SELECT pg_sleep(1.5)")  # past the statement timeout (1 s)
    with cluster_app.test_request_context():
        with pytest.raises(OperationalError, match="statement timeout"):
            db.session.execute(slow)
    with cluster_app.app_context():  # seeding, migrations, rebuilds, commands
        db.session.execute(slow)


class StopsTheDatabase:
    """A search backend during whose indexing the database goes down (after the commit)."""

    def __init__(self, backend, cluster) -> None:
        self.backend, self.cluster = backend, cluster

    def index(self, docs) -> None:
        self.backend.index(docs)
        self.cluster.stop()

    def __getattr__(self, name):
        return getattr(self.backend, name)


@pytest.mark.postgres
def test_a_write_whose_database_goes_down_after_the_commit_answers_its_success(
    cluster, cluster_app, monkeypatch
):
    from services_api.searching.extension import search_index

    client, token = cluster_app.test_client(), key_maker(cluster_app)("admin")
    with cluster_app.app_context():
        backend = StopsTheDatabase(search_index.backend, cluster)
    monkeypatch.setattr(type(search_index), "backend", property(lambda _self: backend))

    response = put_level(client, RAISED, token, level=4)
    assert response.status_code == 200, response.json
    assert response.json["maturity_level"] == 4
    assert_unavailable(client.get(f"/api/v1/procedures/{RAISED}"))
    cluster.start()
    assert writes_recorded(cluster_app) == (1, 1)  # saved; the outbox applies it next drain


def test_a_locked_sqlite_database_is_503_then_serves_again(sqlite_app, tmp_path):
    client, token = sqlite_app.test_client(), key_maker(sqlite_app)("admin")
    etag = etag_of(client, RAISED)
    with sqlite_app.app_context():
        db.engine.dispose()  # WAL mode takes an exclusive lock only with no other connection
    holder = sqlite3.connect(tmp_path / "services.sqlite3", isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")  # in WAL mode, locks readers out too
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE catalogue_generation SET generation = generation")
    try:
        assert_every_request_is_unavailable(client, token, etag)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert writes_recorded(sqlite_app) == (0, 0)
    assert put_level(client, RAISED, token, etag=etag, level=4).status_code == 200
    assert client.get("/api/v1/procedures").status_code == 200


def test_a_sqlite_file_that_cannot_be_opened_is_503_then_serves_again(sqlite_app, tmp_path):
    client, token = sqlite_app.test_client(), key_maker(sqlite_app)("admin")
    etag = etag_of(client, RAISED)
    path = tmp_path / "services.sqlite3"
    with sqlite_app.app_context():
        db.engine.dispose()  # every connection closed: the next one opens the file
    os.rename(path, tmp_path / "moved.sqlite3")
    path.mkdir()  # a directory where the file was: it cannot be opened, not even by root
    try:
        assert_every_request_is_unavailable(client, token, etag)
    finally:
        path.rmdir()
        os.rename(tmp_path / "moved.sqlite3", path)
    assert writes_recorded(sqlite_app) == (0, 0)
    assert put_level(client, RAISED, token, etag=etag, level=4).status_code == 200
