"""What clients get while the database is down: the service under gunicorn (2 workers, the
seeded catalogue, the default timeouts) on a PostgreSQL cluster of its own, stopped then
started, frozen (SIGSTOP of every server process) then thawed.

    .venv/bin/python bench/db_outage.py [--requests 24]

Each phase sends the same mix one request at a time (a listing, a procedure, statistics, a
search, a level change with its ETag) and prints the answers by status with their median and
longest times; after each outage, the time and status of the first request. Target: only 503s
(with Retry-After) during an outage, each within a few seconds; 200 from the first request
after.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from bench.servers import service  # noqa: E402
from tests.postgres_cluster import PostgresCluster  # noqa: E402

CODE = "1.001193"  # đăng ký khai sinh
READS = [
    "/api/v1/procedures?page={n}",
    f"/api/v1/procedures/{CODE}",
    "/api/v1/stats/maturity",
    "/api/v1/search?q=khai+sinh+{n}",
]


def call(url: str, method: str = "GET", body: dict | None = None, headers=None):
    """(status, seconds, headers) of one request."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, time.monotonic() - started, response.headers
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started, error.headers
    except OSError:
        return "no answer", time.monotonic() - started, {}


def admin_key(database_url: str, instance: Path) -> str:
    env = {
        **os.environ,
        "SERVICES_API_DATABASE_URL": database_url,
        "SERVICES_API_SEARCH_INDEX_DIR": str(instance / "search-index"),
        "SERVICES_API_AUTO_SEED": "false",
    }
    command = [str(BIN / "flask"), "--app", "wsgi", "keys", "create", "--role", "admin"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


class Mix:
    def __init__(self, base: str, key: str) -> None:
        self.base, self.key, self.sent = base, key, 0
        self.etag = call(f"{base}/api/v1/procedures/{CODE}")[2]["ETag"]

    def next(self):
        self.sent += 1
        if self.sent % 5:
            return call(self.base + READS[self.sent % 5 - 1].format(n=self.sent))
        headers = {"Authorization": f"Bearer {self.key}", "If-Match": self.etag}
        body = {"level": 2 + self.sent % 2, "reason": "Đo thử khi cơ sở dữ liệu ngừng"}
        answer = call(f"{self.base}/api/v1/procedures/{CODE}/maturity", "PUT", body, headers)
        if answer[0] == 200:
            self.etag = answer[2]["ETag"]
        return answer


def phase(name: str, mix: Mix, requests: int) -> None:
    answers = [mix.next() for _ in range(requests)]
    times = [seconds for _, seconds, _ in answers]
    statuses = Counter(str(status) for status, _, _ in answers)
    retry = {h.get("Retry-After") for status, _, h in answers if status == 503}
    print(
        f"{name:<28} {dict(statuses)}  median {statistics.median(times):.2f} s, "
        f"longest {max(times):.2f} s" + (f", Retry-After {sorted(retry)}" if retry else "")
    )


def first_after(name: str, mix: Mix) -> None:
    status, seconds, _ = mix.next()
    print(f"{name:<28} first request: {status} in {seconds:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=24)
    requests = parser.parse_args().requests
    cluster = PostgresCluster()
    try:
        cluster.create()
        cluster.start()
        with service(database_url=cluster.url, workers=2) as (base, instance):
            mix = Mix(base, admin_key(cluster.url, instance))
            phase("database up", mix, requests)
            cluster.stop()
            phase("database stopped", mix, requests)
            cluster.start()
            first_after("database started again", mix)
            phase("after the restart", mix, requests)
            cluster.freeze()
            phase("database frozen (SIGSTOP)", mix, requests)
            cluster.thaw()
            first_after("database thawed (SIGCONT)", mix)
            phase("after the thaw", mix, requests)
    finally:
        cluster.remove()


if __name__ == "__main__":
    main()
