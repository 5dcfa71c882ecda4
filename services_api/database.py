"""SQLAlchemy engine and per-request sessions, bound to the app like any Flask extension.

A request's waits on the database are bounded, so that an outage is an error the API answers
(503), not a request that hangs until the server kills the worker: PostgreSQL connects within
``connect_timeout``, runs each statement of a request within ``statement_timeout`` (the
server's own limit), and each exchange of a request with the server ends within that limit and
a second on the client's side, which is what ends a wait on a frozen server (one that cannot
answer, not even to cancel). Start-up, commands and background work (seeding, migrations, index
rebuilds) have no statement limit: a connection switches when a request checks it out, or the
other way, with one SET. SQLite waits for another writer's lock at most ``busy_timeout``.
"""

import math
from dataclasses import dataclass
from functools import partial

import psycopg
from flask import Flask, current_app, g, has_request_context
from psycopg.errors import _WaitTimeout
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


CLIENT_MARGIN_SECONDS = 1.0  # past the server's statement_timeout, before the client gives up


@dataclass(frozen=True)
class Timeouts:
    """How long the service waits on its database before answering that it is unavailable."""

    connect_seconds: float = 3.0  # PostgreSQL: at least 2 (libpq's minimum)
    statement_ms: int = 5000  # PostgreSQL: each statement; 0 for no limit
    busy_ms: int = 5000  # SQLite: another connection's lock

    @classmethod
    def from_config(cls, config) -> "Timeouts":
        return cls(
            float(config["DATABASE_CONNECT_TIMEOUT_SECONDS"]),
            int(config["DATABASE_STATEMENT_TIMEOUT_MS"]),
            int(config["DATABASE_BUSY_TIMEOUT_MS"]),
        )

    @property
    def client_seconds(self) -> float | None:
        """The longest exchange with the server: its statement limit and a margin."""
        if not self.statement_ms:
            return None
        return self.statement_ms / 1000 + CLIENT_MARGIN_SECONDS


class DatabaseDeadline(psycopg.OperationalError):
    """The server did not answer within the client's deadline; the connection is closed."""


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection whose every exchange with the server (a statement, a fetch, a
    commit) ends within ``deadline`` seconds; past it the connection is closed, which the pool
    takes for a disconnection, and DatabaseDeadline is raised."""

    deadline: float | None = None

    def wait(self, gen, *args, timeout: float | None = None, **kwargs):
        try:
            return super().wait(gen, *args, timeout=timeout or self.deadline, **kwargs)
        except _WaitTimeout:
            if timeout is not None:  # a wait the driver bounded itself: its own error
                raise
            self.close()  # a reply still on its way would be read as the next one's
            raise DatabaseDeadline(
                f"the database did not answer within {self.deadline:g} s"
            ) from None


def _sqlite_pragmas(busy_ms: int, dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    cursor.close()


def _postgres_settings(dbapi_connection, _record) -> None:
    # The catalogue's statements are short: compiling one to machine code (JIT, which the
    # planner's cost of a correlated subquery over many rows sets off) takes longer than it runs.
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    dbapi_connection.commit()


def _connect_bounded(timeouts: Timeouts, dialect, _record, cargs, cparams):
    """PostgreSQL connections within the connect timeout (a URL's own ``connect_timeout``
    wins), as DeadlineConnection."""
    cparams.setdefault("connect_timeout", max(2, math.ceil(timeouts.connect_seconds)))
    if dialect.driver != "psycopg":
        return None  # another driver connects as it does, with the server's limits
    return DeadlineConnection.connect(*cargs, **cparams)


def _bound_in_requests(timeouts: Timeouts, dbapi_connection, record, _proxy) -> None:
    """On checkout: a request's statement and client limits; none outside requests."""
    wanted = timeouts.statement_ms if has_request_context() else 0
    if record.info.get("statement_timeout") != wanted:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True  # a SET in a transaction would roll back with it
        dbapi_connection.execute(f"SET statement_timeout = {int(wanted)}")
        dbapi_connection.autocommit = autocommit
        record.info["statement_timeout"] = wanted
    if isinstance(dbapi_connection, DeadlineConnection):
        dbapi_connection.deadline = timeouts.client_seconds if wanted else None


def make_engine(url: str, timeouts: Timeouts | None = None) -> Engine:
    timeouts = timeouts or Timeouts()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": timeouts.busy_ms / 1000})
        event.listen(engine, "connect", partial(_sqlite_pragmas, timeouts.busy_ms))
        return engine
    # pre-ping: the first request after the database comes back gets a live connection
    engine = create_engine(url, pool_pre_ping=True)
    event.listen(engine, "do_connect", partial(_connect_bounded, timeouts))
    event.listen(engine, "connect", _postgres_settings)
    if timeouts.statement_ms:
        event.listen(engine, "checkout", partial(_bound_in_requests, timeouts))
    return engine


class Database:
    """Gives the current app's engine, and each app context one session closed at teardown.

    The engine lives in ``app.extensions``, not on this shared object: several apps in one
    process (tests, a CLI next to a server) must each keep their own database."""

    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"], Timeouts.from_config(app.config))
        app.extensions["database"] = _Bound(engine, sessionmaker(engine, expire_on_commit=False))
        app.teardown_appcontext(self._close_session)

    @property
    def engine(self) -> Engine:
        return current_app.extensions["database"].engine

    @property
    def session_factory(self) -> sessionmaker[Session]:
        return current_app.extensions["database"].session_factory

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = self.session_factory()
        return g.db_session

    @staticmethod
    def _close_session(_exc) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


@dataclass(frozen=True)
class _Bound:
    engine: Engine
    session_factory: sessionmaker[Session]
