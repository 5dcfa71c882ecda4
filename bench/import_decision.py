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

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.in_process import arguments, imported, seeded_app, timed_upload, verdict  # noqa: E402
from seeds.importer.source import DEFAULT_SOURCE, is_local, read_records  # noqa: E402
from seeds.loader import read_procedures  # noqa: E402
from services_api.procedures.models import ProcedureRevision  # noqa: E402

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
    query = {**DECISION, "dry_run": str(dry_run).lower(), "create_missing": "true"}
    elapsed, response = timed_upload(client, token, "decisions", (data, "quyet-dinh.json"), query)
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
    parser = arguments(__doc__)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    with seeded_app(args.database_url) as (app, token):
        run(app, token, args.source)


def run(app, token: str, source: Path) -> None:
    records = decision(source)
    data = json.dumps(records, ensure_ascii=False).encode("utf-8")
    print(f"decision: {len(records)} procedures, {len(data) / 1024 / 1024:.1f} MiB of JSON")
    client = app.test_client()
    elapsed, status, report = post(client, token, data, dry_run=True)
    print(f"dry run: {elapsed:.2f} s ({verdict(elapsed)}); {summary(report)}")
    rejected = {p["code"] for p in report["procedures"] if p["status"] == "rejected"}
    for line in [p for p in report["procedures"] if p["status"] == "rejected"][:5]:
        print(f"  rejected {line['code']}: {line['problems'][0]['message']}")
    if rejected:
        records = [r for r in records if _code(r) not in rejected]
        data = json.dumps(records, ensure_ascii=False).encode("utf-8")
        print(f"real run without the {len(rejected)} rejected: {len(records)} procedures")
    elapsed, status, report = post(client, token, data, dry_run=False)
    print(f"real run: {elapsed:.2f} s ({verdict(elapsed)}), HTTP {status}; {summary(report)}")
    print(f"revisions written by the decision: {imported(app, ProcedureRevision):,}")


if __name__ == "__main__":
    main()
