"""Reading the change feed from cursor to cursor, and delivering it to a webhook receiver.

    .venv/bin/python bench/change_feed.py                       # SQLite, temp dir
    .venv/bin/python bench/change_feed.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/empty_db

A fresh, empty database records ``--changes`` changes in transactions of ``--per-commit``; the
feed is then read through the HTTP layer in-process (Flask test client) in pages of
``--page``, and one subscription (made before the writes) receives every change from a local
HTTP server on 127.0.0.1 answering 204, one POST at a time, signed, each position committed.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services_api import create_app, migrate  # noqa: E402
from services_api.changes.recorder import record_change  # noqa: E402
from services_api.extensions import db  # noqa: E402
from services_api.services import webhook_deliverer, webhook_service  # noqa: E402
from tests.webhooks.receiver import Receiver  # noqa: E402


def record(app, changes: int, per_commit: int) -> float:
    started = time.perf_counter()
    with app.app_context():
        for start in range(0, changes, per_commit):
            for n in range(start, min(start + per_commit, changes)):
                record_change(db.session, "level.changed", f"1.{n:06d}", {"to_level": 3})
            db.session.commit()
    return time.perf_counter() - started


def read_feed(app, page: int) -> tuple[int, float]:
    client, cursor, seen = app.test_client(), None, 0
    started = time.perf_counter()
    while True:
        query = {"limit": page, **({"after": cursor} if cursor else {})}
        body = client.get("/api/v1/changes", query_string=query).json
        seen += len(body["changes"])
        cursor = body["next"]
        if not body["has_more"]:
            return seen, time.perf_counter() - started


def deliver(app, receiver: Receiver, expected: int) -> float:
    started = time.perf_counter()
    with app.app_context():
        while len(receiver.received) < expected:
            if webhook_deliverer().run_once().delivered == 0:
                raise SystemExit(f"stalled at {len(receiver.received)} of {expected}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--changes", type=int, default=5000)
    parser.add_argument("--per-commit", type=int, default=100)
    parser.add_argument("--page", type=int, default=500)
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="bench-changes-"))
    url = args.database_url or f"sqlite:///{instance / 'bench.sqlite3'}"
    config = {"DATABASE_URL": url, "INSTANCE_PATH": str(instance), "AUTO_SEED": False}
    app = create_app({**config, "WEBHOOKS_BACKGROUND": False, "ANSWER_CACHE_BYTES": 0})
    receiver = Receiver(status=204).start()
    try:
        with app.app_context():
            migrate.upgrade(db.engine)
            webhook_service().create(receiver.url, ["level.changed"], "bench", None)
        written = record(app, args.changes, args.per_commit)
        seen, reading = read_feed(app, args.page)
        delivering = deliver(app, receiver, args.changes)
    finally:
        receiver.stop()
    backend = url.split(":", 1)[0]
    print(f"{backend}: {args.changes} changes recorded in {written:.2f} s")
    print(f"feed read in pages of {args.page}: {seen} changes in {reading:.2f} s")
    rate = args.changes / delivering
    print(f"webhook deliveries: {args.changes} in {delivering:.2f} s ({rate:.0f}/s)")


if __name__ == "__main__":
    main()
