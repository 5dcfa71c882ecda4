"""A gunicorn worker killed (SIGKILL) in the middle of a real import leaves all or nothing.

The service runs under gunicorn on the test's database (the whole catalogue, SQLite and
PostgreSQL); an administrator imports a new level for every procedure. The test watches the
database from outside and kills the worker as soon as the import's transaction is writing
(SQLite: the write lock is held; PostgreSQL: the worker's session has a transaction id), then
checks that no history row and no level of the import is in the database. A second import
is killed as soon as its rows are visible (committed, maybe not yet in the index): every change
is there, and the next worker drains the search outbox.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, make_url, select, text

from seeds.loader import load_catalogue
from services_api import migrate
from services_api.extensions import db
from services_api.procedures.models import ChangeVia, MaturityChange, Procedure
from services_api.searching.models import SearchOutbox
from tests import hostile_files as hostile
from tests.elasticsearch_server import free_port
from tests.factories import build_app, dispose, key_maker

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def whole_app(database_url, tmp_path):
    app = build_app(database_url, tmp_path, AUTO_SEED=False)
    with app.app_context():
        migrate.upgrade(db.engine)
        load_catalogue(db.session)
    yield app
    dispose(app)


@pytest.fixture
def served(whole_app, database_url, tmp_path):
    """gunicorn (one worker) on the same database; yields (url, master process, probe)."""
    name = f"kill-{uuid.uuid4().hex[:8]}"
    url = database_url
    if url.startswith("postgresql"):
        url = make_url(url).update_query_dict({"application_name": name})
        url = url.render_as_string(hide_password=False)
    port = free_port()
    env = {
        **os.environ,
        "SERVICES_API_DATABASE_URL": url,
        "SERVICES_API_SEARCH_INDEX_DIR": str(tmp_path / "served-index"),
        "SERVICES_API_AUTO_SEED": "false",
    }
    command = [str(BIN / "gunicorn"), "--workers", "1", "--bind", f"127.0.0.1:{port}"]
    master = subprocess.Popen(
        [*command, "--timeout", "120", "wsgi:app"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
    )
    probe = WriteProbe(database_url, name)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: answers(f"{base}/healthz"), 120)
        yield base, master, probe
    finally:
        probe.close()
        master.terminate()
        master.wait(timeout=30)


class WriteProbe:
    """Tells, from outside, whether the service's transaction is writing right now."""

    def __init__(self, database_url: str, application_name: str) -> None:
        self.sqlite = None
        if database_url.startswith("sqlite"):
            path = make_url(database_url).database
            self.sqlite = sqlite3.connect(path, timeout=0, isolation_level=None)
        else:
            self.engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
            self.connection = self.engine.connect()
            self.name = application_name

    def writing(self) -> bool:
        if self.sqlite is not None:
            try:
                self.sqlite.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                return True  # another connection holds the write lock
            self.sqlite.execute("ROLLBACK")
            return False
        statement = text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE application_name = :name AND backend_xid IS NOT NULL"
        )
        return self.connection.execute(statement, {"name": self.name}).scalar() > 0

    def close(self) -> None:
        if self.sqlite is not None:
            self.sqlite.close()
        else:
            self.connection.close()
            self.engine.dispose()


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.002)
    return False


def worker_of(master: subprocess.Popen) -> int:
    """The master's one live child (a killed worker may linger as a zombie until reaped)."""
    found: list[int] = []

    def live() -> bool:
        children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
        found[:] = [int(pid) for pid in children if _state(int(pid)) not in ("Z", "?")]
        return bool(found)

    assert wait_until(live, 60)
    return found[0]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "?"


def send_import(base: str, token: str, data: bytes, answered: list) -> threading.Thread:
    url = f"{base}/api/v1/imports/maturity"
    thread = threading.Thread(target=lambda: answered.append(hostile.upload(url, token, data, 120)))
    thread.start()
    return thread


def every_level_changed(app) -> tuple[bytes, dict[str, int]]:
    with app.app_context():
        levels = dict(db.session.execute(select(Procedure.code, Procedure.maturity_level)).all())
    new = {code: {1: 2, 2: 1, 3: 2, 4: 3}[level] for code, level in levels.items()}
    rows = [[code, level, "Rà soát"] for code, level in sorted(new.items())]
    return hostile.workbook(rows), levels


def import_state(app) -> tuple[int, dict[str, int], int]:
    with app.app_context():
        db.session.rollback()
        imported = db.session.scalar(
            select(func.count()).where(MaturityChange.via == ChangeVia.IMPORT)
        )
        levels = dict(db.session.execute(select(Procedure.code, Procedure.maturity_level)).all())
        pending = db.session.scalar(select(func.count()).select_from(SearchOutbox))
    return imported, levels, pending


def kill_when(served, token: str, data: bytes, condition) -> list:
    base, master, _probe = served
    worker = worker_of(master)
    answered: list = []
    thread = send_import(base, token, data, answered)
    caught = wait_until(lambda: answered or condition(), 120) and not answered
    if caught:
        os.kill(worker, signal.SIGKILL)
    thread.join()
    assert caught, f"the import answered {answered} before it could be killed"
    return answered


def test_a_worker_killed_mid_import_leaves_all_or_nothing(whole_app, served):
    token = key_maker(whole_app)("admin")
    data, before = every_level_changed(whole_app)
    _base, _master, probe = served
    assert kill_when(served, token, data, probe.writing) == ["dropped"]
    imported, levels, pending = import_state(whole_app)
    assert (imported, pending) == (0, 0) and levels == before

    def committed():
        return import_state(whole_app)[0] > 0

    assert wait_until(lambda: answers(f"{served[0]}/healthz"), 60)
    assert kill_when(served, token, data, committed) == ["dropped"]
    imported, levels, _pending = import_state(whole_app)
    assert imported == len(before)
    assert all(levels[code] != level for code, level in before.items())
    base = served[0]
    wait_until(lambda: answers(f"{base}/healthz"), 60)
    code = next(iter(sorted(before)))
    with urllib.request.urlopen(f"{base}/api/v1/search?q={code}", timeout=300) as response:
        assert response.status == 200
    assert wait_until(lambda: import_state(whole_app)[2] == 0, 30)
