"""How long a province-wide spreadsheet import takes: 1,601 rows, dry run then real run.

    .venv/bin/python bench/import_maturity.py                       # SQLite + Tantivy, temp dir
    .venv/bin/python bench/import_maturity.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

A fresh application seeds the real catalogue; an administrator's XLSX then changes the level of
every procedure (2 → 1 and 4 → 3 with a reason, 3 → 4). Both runs go through the HTTP layer
in-process (Flask test client): upload, parsing, checks, the transaction with one history row
per change, and, for the real run, the search index catching up. Target: under 10 s each.
"""

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bench.in_process import arguments, imported, seeded_app, timed_upload, verdict  # noqa: E402
from services_api.extensions import db  # noqa: E402
from services_api.procedures.models import MaturityChange, Procedure  # noqa: E402


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
    query = {"dry_run": str(dry_run).lower()}
    elapsed, response = timed_upload(client, token, "maturity", (data, "muc-do.xlsx"), query)
    if response.status_code != 200:
        raise SystemExit(f"import failed: {response.status_code} {response.json}")
    return elapsed, response.json


def main() -> None:
    args = arguments(__doc__).parse_args()
    with seeded_app(args.database_url) as (app, token):
        run(app, token)


def run(app, token: str) -> None:
    data, rows = spreadsheet(app)
    print(f"spreadsheet: {rows:,} rows, {len(data) / 1024:.0f} KiB")
    client = app.test_client()
    for dry_run in (True, False):
        elapsed, report = post(client, token, data, dry_run)
        print(
            f"{'dry run' if dry_run else 'real run'}: {elapsed:.2f} s ({verdict(elapsed)}); "
            f"{report['change_count']} changes, {report['error_count']} errors"
        )
    print(f"history rows written by the import: {imported(app, MaturityChange):,}")


if __name__ == "__main__":
    main()
