"""Search and procedure pages under load while agencies change levels: nothing lost.

    .venv/bin/python bench/load.py                       # 64 connections, 30 s, 50 updates
    .venv/bin/python bench/load.py --workers 4 --seconds 60 --updates 100

Starts the service (gunicorn, sync workers, SQLite + Tantivy, the seeded catalogue) and makes an
admin key with the CLI (`flask keys create --role admin`). Two wrk processes then drive it for
the run's length, half the connections each: searches (queries of ../shared/eval and
bench/data) and procedure pages (codes Zipf-distributed), as bench/http_mix.py makes them. While
they run, the updates are made through the API one after another, spread over the run
(`PUT /procedures/{code}/maturity` with the page's ETag, each on a different procedure). Prints
the requests, errors by status, p50/p99 of each kind and of the updates, then checks that every
update answered 200, is the last row of the procedure's history
(`GET /procedures/{code}/maturity/history`) and is in the search index (a search for the
procedure's name, cut to a query's 200 characters, filtered on the new level finds it in its
first 1,000 hits, not degraded, within --index-wait seconds of the run's end; it prints how long
the index took). Exits 1 if any check fails.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_mix import WRK_NEXT_PATH, catalogue, ensure_wrk, path_makers  # noqa: E402
from servers import BIN, ROOT, service  # noqa: E402

WRK_SCRIPT = (
    """
statuses = {}
function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  position = math.random(#paths)
end
"""
    + WRK_NEXT_PATH
    + """
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
"""
)
WRK_DONE = """
local threads = {}
function setup(thread) threads[#threads + 1] = thread end
function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      counts[tostring(status)] = (counts[tostring(status)] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(counts) do parts[#parts + 1] = '"' .. status .. '": ' .. n end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "socket_errors": %d, "p50_ms": %f, "p99_ms": %f, ' ..
    '"statuses": {%s}}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, table.concat(parts, ", ")))
end
"""
REASON = "Đo tải: đổi mức độ trong lúc phục vụ"
MAX_QUERY = 200  # characters of a search query


def admin_key(database_url: str, folder: Path) -> str:
    """A key made as an operator makes one: `flask keys create --role admin`, last line."""
    env = {
        **os.environ,
        "SERVICES_API_DATABASE_URL": database_url,
        "SERVICES_API_AUTO_SEED": "false",
        "SERVICES_API_SEARCH_INDEX_DIR": str(folder / "cli-index"),
    }
    command = [str(BIN / "flask"), "--app", "wsgi", "keys", "create", "--role", "admin"]
    output = subprocess.run(
        [*command, "--name", "bench/load.py"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return output.stdout.decode().strip().splitlines()[-1]


def call(base: str, path: str, method: str = "GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.headers, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read() or b"null")


class Updater(threading.Thread):
    """Makes the updates one after another, about evenly over ``seconds``."""

    def __init__(self, base: str, token: str, codes: list[str], seconds: float) -> None:
        super().__init__(daemon=True)
        self.base, self.token, self.codes = base, token, codes
        self.interval = seconds / (len(codes) + 1)
        self.made: list[dict] = []

    def run(self) -> None:
        started = time.monotonic()
        for number, code in enumerate(self.codes, start=1):
            time.sleep(max(0.0, started + number * self.interval - time.monotonic()))
            self.made.append(self.update(code))

    def update(self, code: str) -> dict:
        began = time.monotonic()
        status, headers, procedure = call(self.base, f"/api/v1/procedures/{code}")
        level = 1 if procedure["maturity_level"] != 1 else 2
        status, _, answer = call(
            self.base,
            f"/api/v1/procedures/{code}/maturity",
            "PUT",
            {"level": level, "reason": REASON},
            {"Authorization": f"Bearer {self.token}", "If-Match": headers["ETag"]},
        )
        seconds = time.monotonic() - began
        return {"code": code, "name": procedure["name"], "level": level, "status": status,
                "seconds": seconds, "answer": answer}  # fmt: skip


def wrk(base: str, paths: Path, script: Path, connections: int, seconds: int) -> subprocess.Popen:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    return subprocess.Popen(
        [*command, "-s", str(script), base, "--", str(paths)], stdout=subprocess.PIPE, text=True
    )


def figures_of(process: subprocess.Popen) -> dict:
    output, _ = process.communicate()
    return json.loads(next(line for line in output.splitlines() if line.startswith("{")))


def history_problems(base: str, update: dict) -> list[str]:
    """An update that did not answer 200, or is not the last row of its procedure's history."""
    code, level = update["code"], update["level"]
    if update["status"] != 200:
        return [f"{code}: update answered {update['status']}: {update['answer']}"]
    _, _, rows = call(base, f"/api/v1/procedures/{code}/maturity/history")
    last = rows[-1] if rows else {}
    if (last.get("to_level"), last.get("reason")) != (level, REASON):
        return [f"{code}: history ends with {last}, not level {level}"]
    return []


def index_catch_up(base: str, made: list[dict], wait: float) -> tuple[list[dict], float]:
    """The updates a search does not find at their level after ``wait`` seconds, and the
    seconds it took the index to hold all the others."""
    started = time.monotonic()
    missing = [u for u in made if u["status"] == 200]
    while True:
        missing = [u for u in missing if not found_at_level(base, u["code"], u["name"], u["level"])]
        if not missing or time.monotonic() - started > wait:
            return missing, time.monotonic() - started
        time.sleep(1)


def found_at_level(base: str, code: str, name: str, level: int) -> bool:
    """A search for ``name`` filtered on ``level`` lists ``code``, in its first 1,000 hits."""
    text = name if len(name) <= MAX_QUERY else name[:MAX_QUERY].rsplit(" ", 1)[0]
    for page in range(1, 21):
        query = {"q": text, "level": level, "page_size": 50, "page": page}
        _, _, found = call(base, f"/api/v1/search?{urllib.parse.urlencode(query)}")
        if found.get("degraded") or not found.get("hits"):
            return False
        if code in {hit["code"] for hit in found["hits"]}:
            return True
    return False


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(kinds: dict[str, dict], made: list[dict]) -> None:
    print("| requests | count | req/s | p50 ms | p99 ms | statuses | socket errors |")
    print("|---|---|---|---|---|---|---|")
    for kind, f in kinds.items():
        statuses = ", ".join(f"{s}: {n:,}" for s, n in sorted(f["statuses"].items()))
        print(
            f"| {kind} | {f['requests']:,} | {f['requests'] / f['seconds']:,.0f} "
            f"| {f['p50_ms']:.1f} | {f['p99_ms']:.1f} | {statuses} | {f['socket_errors']} |"
        )
    times = [u["seconds"] * 1000 for u in made]
    statuses = Counter(u["status"] for u in made)
    print(
        f"| level updates (GET + PUT) | {len(made)} | | {statistics.median(times):.1f} "
        f"| {percentile(times, 0.99):.1f} | {dict(sorted(statuses.items()))} | |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=64, help="in all, half per kind")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--updates", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--index-wait", type=float, default=40.0, help="seconds the index may take to catch up"
    )
    args = parser.parse_args()
    ensure_wrk()
    rng = random.Random(args.seed)
    makers = path_makers(catalogue(rng), rng)
    codes = rng.sample(catalogue(random.Random(args.seed))["codes"], args.updates)
    with tempfile.TemporaryDirectory(prefix="load-") as name:
        folder = Path(name)
        database_url = f"sqlite:///{folder / 'services.sqlite3'}"
        (folder / "load.lua").write_text(WRK_SCRIPT + WRK_DONE)
        files = {}
        for kind in ("search", "procedure"):
            files[kind] = folder / f"{kind}.txt"
            files[kind].write_text("\n".join(makers[kind]() for _ in range(20_000)) + "\n")
        with service(workers=args.workers, database_url=database_url) as (base, _):
            token = admin_key(database_url, folder)
            half = args.connections // 2
            script = folder / "load.lua"
            runs = {k: wrk(base, p, script, half, args.seconds) for k, p in files.items()}
            updater = Updater(base, token, codes, args.seconds * 0.9)
            updater.start()
            kinds = {kind: figures_of(process) for kind, process in runs.items()}
            updater.join()
            checked = {u["code"]: history_problems(base, u) for u in updater.made}
            missing, caught_up = index_catch_up(base, updater.made, args.index_wait)
            for update in missing:
                checked[update["code"]].append(
                    f"{update['code']}: a search for its name at level {update['level']} does "
                    f"not find it {args.index_wait:.0f} s after the run"
                )
    print(
        f"== gunicorn {args.workers} sync workers, SQLite + Tantivy, 2 × wrk (2 threads, "
        f"{half} connections), {args.seconds} s, {args.updates} level updates during the run"
    )
    report(kinds, updater.made)
    errors = {
        kind: {s: n for s, n in f["statuses"].items() if not s.startswith(("2", "3"))}
        for kind, f in kinds.items()
    }
    problems = [p for found in checked.values() for p in found]
    problems += [f"{kind}: answers {e}" for kind, e in errors.items() if e]
    problems += [f"{kind}: {f['socket_errors']} socket errors" for kind, f in kinds.items()
                 if f["socket_errors"]]  # fmt: skip
    print(f"search index checked within {caught_up:.1f} s of the run's end")
    whole = sum(1 for found in checked.values() if not found)
    print(f"updates answered 200, last in their history and found at their level: {whole} of "
          f"{args.updates}")  # fmt: skip
    for problem in problems:
        print(f"FAILED {problem}")
    sys.exit(1 if problems or len(updater.made) != args.updates else 0)


if __name__ == "__main__":
    main()
