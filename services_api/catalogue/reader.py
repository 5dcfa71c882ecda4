"""Reading the catalogue generation on every public read, for the price of one primary-key row.

Each thread of a worker keeps a database connection of its own, in autocommit mode, outside the
pool and the ORM: every read sees the latest commit (SQLite in WAL mode, PostgreSQL in any
isolation), and costs one statement, not a session with its transaction. The connections are
closed when the engine is disposed. A connection that fails is closed and replaced once (the
server restarted); one that timed out is not retried (the server is frozen: a second wait would
only double the time to the 503).
"""

import os
import threading

from sqlalchemy import event
from sqlalchemy.engine import Engine

from services_api.database import DatabaseDeadline

# the one row of services_api.catalogue.generation's table, read without the ORM
_CURRENT = "SELECT generation FROM catalogue_generation WHERE id = 1"


class GenerationReader:
    """``current()``: the generation last committed, read on this thread's own connection."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        dbapi = engine.dialect.loaded_dbapi
        self.errors = dbapi.Error
        self.outages = (dbapi.OperationalError, dbapi.InterfaceError)  # unreachable, not wrong
        self._sql = _CURRENT
        self._local = threading.local()
        self._opened: list = []
        self._lock = threading.Lock()
        event.listen(engine, "engine_disposed", lambda _engine: self.close())

    def current(self) -> int:
        """The generation; a broken connection is replaced once, then the error is raised."""
        try:
            return self._read()
        except self.errors as error:
            self._discard()
            if isinstance(error, DatabaseDeadline):
                raise
            return self._read()

    def close(self) -> None:
        """Close every thread's connection (the next read opens a new one)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for pid, connection in opened:
            if pid == os.getpid():
                _close_quietly(connection)
        self._local = threading.local()

    def _discard(self) -> None:
        held = getattr(self._local, "held", None)
        self._local.held = None
        if held is not None:
            with self._lock:
                self._opened = [item for item in self._opened if item is not held]
            _close_quietly(held[1])

    def _read(self) -> int:
        cursor = self._connection().cursor()
        try:
            cursor.execute(self._sql)
            return cursor.fetchone()[0]
        finally:
            cursor.close()

    def _connection(self):
        held = getattr(self._local, "held", None)
        if held is None or held[0] != os.getpid():  # a forked worker opens its own
            pooled = self.engine.raw_connection()
            connection = pooled.driver_connection
            pooled.detach()  # this thread's for good: the pool neither counts nor resets it
            _autocommit(connection)
            held = self._local.held = (os.getpid(), connection)
            with self._lock:
                self._opened.append(held)
        return held[1]


def _autocommit(connection) -> None:
    if hasattr(connection, "autocommit"):  # psycopg
        connection.autocommit = True
    else:  # sqlite3: no implicit transactions
        connection.isolation_level = None


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - a broken connection may refuse to close
        pass
