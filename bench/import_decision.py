"""How long a 500-procedure decision takes as a file: dry run, then real run.

    .venv/bin/python bench/import_decision.py                       # SQLite + Tantivy, temp dir
    .venv/bin/python bench/import_decision.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

A fresh application seeds the real catalogue (1,601 procedures). The decision is built from the
national crawl (../shared/data/tthc-national/procedures.raw.jsonl.gz): 400 ministry-tier
procedures the seeded catalogue lacks, published new; 60 seeded procedures amended (their
national record with a new name and the fee of their first channel doubled); 40 seeded
procedures rescinded. It goes through the HTTP layer in-process (Flask test client) as the
national database's JSON, with the agencies and fields the catalogue lacks created
(`create_missing=true`): upload, parsing with the seed importer's parsers, the rules, and for
the real run the one transaction (a revision per procedure) and the search index catching up.
Target: under 10 s each.
"""

import argparse
import io
import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, make_url, select  # noqa: E402

from bench.import_maturity import drop_schema, postgres_url  # noqa: E402
from seeds.importer.source import DEFAULT_SOURCE, is_local, read_records  # noqa: E402
from seeds.loader import read_procedures  # noqa: E402
from services_api import create_app  # noqa: E402
from services_api.extensions import db  # noqa: E402
from services_api.keys.models import Role  # noqa: E402
from services_api.keys.service import KeyService  # noqa: E402
from services_api.procedures.models import ProcedureRevision  # noqa: E402
from services_api.searching.extension import search_index  # noqa: E402

TARGET_SECONDS = 10.0
NEW, AMENDED, RESCINDED = 400, 60, 40
DECISION = {"decision_number": "1500/QĐ-UBND", "decision_date": "2025-10-01"}
_FEE = re.compile(r"(\d[\d,.]*)(\s?(?:Việt Nam Đồng|VNĐ))")


def decision(source: Path) -> list[dict]:
    """The decision's records: new ministry-tier ones, amended and rescinded seeded ones."""
    seeded = {r["code"] for r in read_procedures()}
    raw = list(read_records(source))
    new = [r for r in raw if not is_local(r) and r["ma_thu_tuc"].strip() not in seeded]
    local = sorted((r for r in raw if r["ma_thu_tuc"].strip() in seeded), key=_code)
    amended = [_amended(r) for r in local[:AMENDED]]
    rescinded = [
        {"ma_thu_tuc": _code(r), "hanh_dong": "Bãi bỏ"}
        for r in local[AMENDED : AMENDED + RESCINDED]
    ]
    return [*sorted(new, key=_code)[:NEW], *amended, *rescinded]


def _code(record: dict) -> str:
    return record["ma_thu_tuc"].strip()


def _amended(record: dict) -> dict:
    channels = _FEE.sub(lambda m: _doubled(m[1]) + m[2], record["cach_thuc_thuc_hien"], count=1)
    return {
        **record,
        "ten_thu_tuc": record["ten_thu_tuc"].strip() + " (sửa đổi, bổ sung)",
        "cach_thuc_thuc_hien": channels,
        "hanh_dong": "Sửa đổi, bổ sung",
    }


def _doubled(amount: str) -> str:
    digits = re.sub(r"\D", "", amount)
    return f"{int(digits) * 2:,}" if digits else amount


def post(client, token: str, data: bytes, dry_run: bool) -> tuple[float, int, dict]:
    started = time.perf_counter()
    response = client.post(
        "/api/v1/imports/decisions",
        data={"file": (io.BytesIO(data), "quyet-dinh.json")},
        headers={"Authorization": f"Bearer {token}"},
        query_string={**DECISION, "dry_run": str(dry_run).lower(), "create_missing": "true"},
        content_type="multipart/form-data",
    )
    elapsed = time.perf_counter() - started
    report = response.json if response.status_code == 200 else response.json["errors"]["report"]
    return elapsed, response.status_code, report


def summary(report: dict) -> str:
    counts = ("new", "changed", "rescinded", "unchanged", "rejected")
    figures = ", ".join(f"{report[f'{name}_count']} {name}" for name in counts)
    return (
        f"{figures}; {len(report['new_agencies'])} agencies and "
        f"{len(report['new_fields'])} fields created"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url, schema = args.database_url or f"sqlite:///{folder}/bench.sqlite3", None
        if args.database_url:
            url, schema = postgres_url(args.database_url)
        run(url, folder, args.source)
        if schema:
            drop_schema(args.database_url, schema)


def run(url: str, folder: str, source: Path) -> None:
    started = time.perf_counter()
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": folder, "AUTO_SEED": True})
    print(
        f"database: {make_url(url).get_backend_name()}; catalogue seeded and indexed in "
        f"{time.perf_counter() - started:.1f} s"
    )
    with app.app_context():
        _key, token = KeyService(db.session).create(Role.ADMIN, name="benchmark")
    records = decision(source)
    data = json.dumps(records, ensure_ascii=False).encode("utf-8")
    print(f"decision: {len(records)} procedures, {len(data) / 1024 / 1024:.1f} MiB of JSON")
    client = app.test_client()
    elapsed, status, report = post(client, token, data, dry_run=True)
    print(f"dry run: {elapsed:.2f} s ({_verdict(elapsed)}); {summary(report)}")
    rejected = {p["code"] for p in report["procedures"] if p["status"] == "rejected"}
    for line in [p for p in report["procedures"] if p["status"] == "rejected"][:5]:
        print(f"  rejected {line['code']}: {line['problems'][0]['message']}")
    if rejected:
        records = [r for r in records if _code(r) not in rejected]
        data = json.dumps(records, ensure_ascii=False).encode("utf-8")
        print(f"real run without the {len(rejected)} rejected: {len(records)} procedures")
    elapsed, status, report = post(client, token, data, dry_run=False)
    print(f"real run: {elapsed:.2f} s ({_verdict(elapsed)}), HTTP {status}; {summary(report)}")
    with app.app_context():
        written = db.session.scalar(
            select(func.count())
            .select_from(ProcedureRevision)
            .where(ProcedureRevision.via == "import")
        )
        search_index.close()
        db.engine.dispose()
    print(f"revisions written by the decision: {written:,}")


def _verdict(elapsed: float) -> str:
    return "ok" if elapsed < TARGET_SECONDS else f"OVER the {TARGET_SECONDS:.0f} s target"


if __name__ == "__main__":
    main()
