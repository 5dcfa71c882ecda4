"""How long a province-wide spreadsheet import takes: 1,601 rows, dry run then real run.

    .venv/bin/python bench/import_maturity.py                       # SQLite + Tantivy, temp dir
    .venv/bin/python bench/import_maturity.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

A fresh application seeds the real catalogue; an administrator's XLSX then changes the level of
every procedure (2 → 1 and 4 → 3 with a reason, 3 → 4). Both runs go through the HTTP layer
in-process (Flask test client): upload, parsing, checks, the transaction with one history row
per change, and, for the real run, the search index catching up. Target: under 10 s each.
"""

import argparse
import io
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402
from sqlalchemy import create_engine, func, make_url, select, text  # noqa: E402

from services_api import create_app  # noqa: E402
from services_api.extensions import db  # noqa: E402
from services_api.keys.models import Role  # noqa: E402
from services_api.keys.service import KeyService  # noqa: E402
from services_api.procedures.models import MaturityChange, Procedure  # noqa: E402
from services_api.searching.extension import search_index  # noqa: E402

TARGET_SECONDS = 10.0


def spreadsheet(app) -> tuple[bytes, int]:
    """One row per procedure of the catalogue, each asking for a different level."""
    with app.app_context():
        levels = db.session.execute(select(Procedure.code, Procedure.maturity_level)).all()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Mức độ")
    sheet.append(["Mã thủ tục", "Tên thủ tục", "Mức độ", "Lý do"])
    for code, level in sorted(levels):
        new = {2: 1, 3: 4, 4: 3}.get(level, 2)
        sheet.append([code, "", new, "Rà soát năm 2026" if new < level else None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), len(levels)


def post(client, token: str, data: bytes, dry_run: bool) -> tuple[float, dict]:
    started = time.perf_counter()
    response = client.post(
        "/api/v1/imports/maturity",
        data={"file": (io.BytesIO(data), "muc-do.xlsx")},
        headers={"Authorization": f"Bearer {token}"},
        query_string={"dry_run": str(dry_run).lower()},
        content_type="multipart/form-data",
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"import failed: {response.status_code} {response.json}")
    return elapsed, response.json


def postgres_url(url: str) -> tuple[str, str]:
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


def drop_schema(url: str, schema: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url, schema = args.database_url or f"sqlite:///{folder}/bench.sqlite3", None
        if args.database_url:
            url, schema = postgres_url(args.database_url)
        run(url, folder)
        if schema:
            drop_schema(args.database_url, schema)


def run(url: str, folder: str) -> None:
    started = time.perf_counter()
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": folder, "AUTO_SEED": True})
    print(
        f"database: {make_url(url).get_backend_name()}; catalogue seeded and indexed in "
        f"{time.perf_counter() - started:.1f} s"
    )
    with app.app_context():
        _key, token = KeyService(db.session).create(Role.ADMIN, name="benchmark")
    data, rows = spreadsheet(app)
    print(f"spreadsheet: {rows:,} rows, {len(data) / 1024:.0f} KiB")
    client = app.test_client()
    for dry_run in (True, False):
        elapsed, report = post(client, token, data, dry_run)
        verdict = "ok" if elapsed < TARGET_SECONDS else f"OVER the {TARGET_SECONDS:.0f} s target"
        print(
            f"{'dry run' if dry_run else 'real run'}: {elapsed:.2f} s ({verdict}); "
            f"{report['change_count']} changes, {report['error_count']} errors"
        )
    with app.app_context():
        changes = db.session.scalar(
            select(func.count()).select_from(MaturityChange).where(MaturityChange.via == "import")
        )
        search_index.close()
        db.engine.dispose()
    print(f"history rows written by the import: {changes:,}")


if __name__ == "__main__":
    main()
