"""Shared fixtures: applications over every database (SQLite, PostgreSQL), clients, CLI runners,
the small two-agency catalogue and its API keys.

PostgreSQL tests need the server at SERVICES_API_TEST_POSTGRES_URL (default: 127.0.0.1:5432,
database ``test``); they are skipped when it is unreachable, unless REQUIRE_POSTGRES=1.
"""

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from tests.factories import (
    AGENCY_A,
    AGENCY_B,
    SEED_DATE,
    SUBSET,
    build_app,
    catalogue_of,
    dispose,
    key_maker,
)

POSTGRES_URL = os.environ.get(
    "SERVICES_API_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def skip_unless_required(variable: str, reason: str) -> None:
    """Skip for ``reason``; fail instead when the environment sets ``variable``=1 (as CI does)."""
    if os.environ.get(variable) == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway database on the PostgreSQL server, dropped at the end of the session."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"services_api_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        skip_unless_required(
            "REQUIRE_POSTGRES", f"PostgreSQL unreachable at {POSTGRES_URL}: {error}"
        )
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_postgres_schema(url: str, schema: str) -> str:
    """A new empty schema in the session's database; the URL selects it for every connection."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return (
        make_url(url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


def _database_url(kind: str, request, tmp_path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'services.sqlite3'}"
    server = request.getfixturevalue("postgres_server")
    return _empty_postgres_schema(server, f"s_{uuid.uuid4().hex[:12]}")


@pytest.fixture(scope="session", params=DATABASES)
def catalogue_app(request, tmp_path_factory):
    """The whole seeded catalogue, indexed; shared by the read-only tests of a database."""
    tmp_path = tmp_path_factory.mktemp(f"catalogue-{request.param}")
    app = build_app(_database_url(request.param, request, tmp_path), tmp_path)
    yield app
    dispose(app)


@pytest.fixture
def catalogue_client(catalogue_app):
    return catalogue_app.test_client()


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path) -> str:
    """A fresh, empty database of each kind, for tests that write."""
    return _database_url(request.param, request, tmp_path)


@pytest.fixture
def app(database_url, tmp_path):
    """A fresh application with the whole catalogue, for tests that write."""
    app = build_app(database_url, tmp_path)
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def small_app(database_url, tmp_path):
    """Agencies A's and B's procedures (tests.factories), seeded on SEED_DATE, a fresh one per
    test; the index starts empty (rebuilding it would double the set-up time)."""
    app = catalogue_of(database_url, tmp_path, set(SUBSET), today=SEED_DATE)
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
