"""Cold start on an empty database: create the schema, seed the catalogue, build the index.

    .venv/bin/python bench/cold_start.py                                   # SQLite + Tantivy
    .venv/bin/python bench/cold_start.py --database-url postgresql+psycopg://postgres@127.0.0.1/test

Times `create_app()` (what every fresh service does before it answers) in a new process, and
prints the seconds and the number of procedures the started service reports.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

PROBE = """
import json, sys, time
started = time.perf_counter()
from services_api import create_app
app = create_app({"INSTANCE_PATH": sys.argv[1], "DATABASE_URL": sys.argv[2]})
elapsed = time.perf_counter() - started
response = app.test_client().get("/api/v1/procedures?page_size=1")
total = json.loads(response.headers["X-Pagination"])["total"]
print(json.dumps({"seconds": round(elapsed, 2), "total": total}))
"""


def postgres_database(url: str, statement: str) -> None:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(statement))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL server; a new database is made on it")
    args = parser.parse_args()
    instance = tempfile.mkdtemp(prefix="cold-start-")
    url, name = f"sqlite:///{Path(instance) / 'services.sqlite3'}", None
    if args.database_url:
        name = f"cold_start_{uuid.uuid4().hex[:8]}"
        postgres_database(args.database_url, f'CREATE DATABASE "{name}"')
        url = make_url(args.database_url).set(database=name).render_as_string(hide_password=False)
    try:
        output = subprocess.run(
            [sys.executable, "-c", PROBE, instance, url],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        ).stdout
        print(f"{make_url(url).get_backend_name()}: {output.strip()}")
    finally:
        if name:
            postgres_database(args.database_url, f'DROP DATABASE "{name}" WITH (FORCE)')
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
