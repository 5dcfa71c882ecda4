"""The service in-process for the import benchmarks: a fresh application on a throwaway database
(a SQLite file, or a schema of its own on PostgreSQL) with the real catalogue seeded, an
administrator's key, and uploads timed through the HTTP layer (Flask test client)."""

import argparse
import io
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, func, make_url, select, text  # noqa: E402

from services_api import create_app  # noqa: E402
from services_api.extensions import db  # noqa: E402
from services_api.keys.models import Role  # noqa: E402
from services_api.keys.service import KeyService  # noqa: E402
from services_api.searching.extension import search_index  # noqa: E402

TARGET_SECONDS = 10.0


def arguments(doc: str) -> argparse.ArgumentParser:
    """The options every import benchmark takes; described by the first line of ``doc``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    return parser


@contextmanager
def seeded_app(database_url: str | None):
    """A fresh application, the catalogue seeded and indexed, on a throwaway database (a schema
    of its own at ``database_url``, else SQLite); yields it and an administrator's token."""
    with tempfile.TemporaryDirectory() as folder, _database(database_url, folder) as url:
        started = time.perf_counter()
        app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": folder, "AUTO_SEED": True})
        print(
            f"database: {make_url(url).get_backend_name()}; catalogue seeded and indexed in "
            f"{time.perf_counter() - started:.1f} s"
        )
        with app.app_context():
            _key, token = KeyService(db.session).create(Role.ADMIN, name="benchmark")
        try:
            yield app, token
        finally:
            with app.app_context():
                search_index.close()
                db.engine.dispose()


def timed_upload(client, token: str, path: str, upload: tuple[bytes, str], query: dict):
    """POST the file ``upload`` (its bytes and name) to ``/api/v1/imports/{path}``; the
    seconds it took and the response."""
    data, name = upload
    started = time.perf_counter()
    response = client.post(
        f"/api/v1/imports/{path}",
        data={"file": (io.BytesIO(data), name)},
        headers={"Authorization": f"Bearer {token}"},
        query_string=query,
        content_type="multipart/form-data",
    )
    return time.perf_counter() - started, response


def verdict(elapsed: float) -> str:
    return "ok" if elapsed < TARGET_SECONDS else f"OVER the {TARGET_SECONDS:.0f} s target"


def imported(app, model) -> int:
    """How many rows of ``model`` (a history or revision table) imports wrote."""
    with app.app_context():
        statement = select(func.count()).select_from(model).where(model.via == "import")
        return db.session.scalar(statement)


@contextmanager
def _database(url: str | None, folder: str):
    if not url:
        yield f"sqlite:///{folder}/bench.sqlite3"
        return
    selected, schema = _postgres_schema(url)
    try:
        yield selected
    finally:
        _drop_schema(url, schema)


def _postgres_schema(url: str) -> tuple[str, str]:
    """A throwaway schema, so the benchmark never touches existing tables: the URL selecting
    it, and its name."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    selected = (
        make_url(url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    return selected, schema


def _drop_schema(url: str, schema: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()
