"""The portal's public reads against the HTTP ceiling: req/s and p50/p99 per kind and for a mix.

    .venv/bin/python bench/http_mix.py                      # SQLite + Tantivy, 3 rounds of 5 s
    .venv/bin/python bench/http_mix.py --rounds 5 --seconds 10
    .venv/bin/python bench/http_mix.py --database-url postgresql+psycopg://postgres@127.0.0.1/db

Starts the service (gunicorn, 2 sync workers, the seeded catalogue) and a bare Flask app
answering a fixed 20-item JSON list the same way (bench/bare_flask.py), and drives both with wrk
(2 threads, 16 connections), alternating sides round by round: each kind of request alone, then
the realistic mix (35% search, 25% suggest, 20% procedure pages, 15% filtered lists, 5% statistics
and agency/field lists). Queries come from ../shared/eval and bench/data, suggest prefixes from
them as typed; queries, codes, agencies and fields are Zipf-distributed. Figures are medians over
the rounds; the ratio is the median of each round's req/s over the bare endpoint's in the same
round, after a warm-up of each kind (the service runs all day: its workers have met most of what
they are asked). Any 4xx/5xx answer or socket error fails the run.
"""

import argparse
import bisect
import gzip
import itertools
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import ROOT, bare_flask, service  # noqa: E402

# ../shared next to the checkout (or next to the folder of worktrees)
DEV_SET = next(
    folder / "shared" / "eval" / "relevance-dev.jsonl"
    for folder in ROOT.parents
    if (folder / "shared" / "eval" / "relevance-dev.jsonl").exists()
)
TEAM_SET = ROOT / "bench" / "data" / "relevance-team.jsonl"
SEEDS = ROOT / "seeds" / "data"
SORTS = ("code", "name", "-level", "-updated")
MIX = {
    "search": 35,
    "suggest": 25,
    "procedure": 20,
    "list": 15,
    "stats": 2.5,
    "agencies_fields": 2.5,
}
REQUESTS_PER_KIND = 20_000

# Each request is the next line of the paths file given to the script (paths, position).
WRK_NEXT_PATH = """
function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
"""
WRK_SCRIPT = (
    """
local threads = 0
function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end
function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  position = (thread_index * 7919) % #paths
end
"""
    + WRK_NEXT_PATH
    + """
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "microseconds": %d, "status_errors": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""
)


class Zipf:
    """Picks from ``items`` with probability proportional to 1 / rank (the first is rank 1)."""

    def __init__(self, items: list, rng: random.Random):
        self.items, self.rng = items, rng
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(items) + 1)))

    def __call__(self):
        point = self.rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_left(self.cumulative, point)]


def catalogue(rng: random.Random) -> dict[str, list[str]]:
    """Queries, codes, agencies and fields, in the order of their Zipf ranks."""
    texts = [
        json.loads(line)["q"]
        for path in (DEV_SET, TEAM_SET)
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    queries = list(dict.fromkeys(texts))
    rng.shuffle(queries)
    with gzip.open(SEEDS / "procedures.jsonl.gz", "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    codes = [record["code"] for record in records]
    rng.shuffle(codes)
    fields = {f["name"]: f["code"] for f in json.loads((SEEDS / "fields.json").read_text())}
    by_field = Counter(fields[r["field"]] for r in records if r.get("field") in fields)
    by_agency = Counter(a for r in records for a in r.get("implementing_agencies") or [])
    return {
        "queries": queries,
        "codes": codes,
        "agencies": [code for code, _ in by_agency.most_common()],
        "fields": [code for code, _ in by_field.most_common()],
    }


def path_makers(data: dict, rng: random.Random) -> dict:
    """One function per kind of request, each giving a path and query string."""
    query, code = Zipf(data["queries"], rng), Zipf(data["codes"], rng)
    agency, field = Zipf(data["agencies"], rng), Zipf(data["fields"], rng)
    page = Zipf([1, 2, 3], rng)

    def suggest() -> str:
        text = query()
        return _path("/api/v1/search/suggest", q=text[: rng.randint(min(3, len(text)), len(text))])

    def listing() -> str:
        choice = rng.choice(("level", "agency", "field", "none"))
        filters = {
            "level": {"level": rng.randint(1, 4)},
            "agency": {"agency": agency()},
            "field": {"field": field()},
            "none": {},
        }[choice]
        sort = {"sort": rng.choice(SORTS)} if rng.random() < 0.3 else {}
        return _path("/api/v1/procedures", **filters, **sort, page=page())

    def stats() -> str:
        by = rng.choice((None, "agency", "field", "tier"))
        return _path("/api/v1/stats/maturity", **({"by": by} if by else {}))

    return {
        "search": lambda: _path("/api/v1/search", q=query()),
        "suggest": suggest,
        "procedure": lambda: f"/api/v1/procedures/{code()}",
        "list": listing,
        "stats": stats,
        "agencies_fields": lambda: rng.choice(("/api/v1/agencies", "/api/v1/fields")),
    }


def _path(path: str, **params) -> str:
    return f"{path}?{urllib.parse.urlencode(params)}" if params else path


def request_lists(seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    makers = path_makers(catalogue(rng), rng)
    lists = {kind: [make() for _ in range(REQUESTS_PER_KIND)] for kind, make in makers.items()}
    kinds, weights = list(MIX), list(MIX.values())
    lists["mix"] = [makers[kind]() for kind in rng.choices(kinds, weights, k=REQUESTS_PER_KIND)]
    return lists


def check_answers(base: str, paths: list[str]) -> None:
    """Every distinct path of a sample answers 200 before any timing."""
    for path in dict.fromkeys(paths):
        try:
            with urllib.request.urlopen(base + path, timeout=60) as answer:
                answer.read()
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{path} answered {error.code}: {error.read()[:200]!r}") from None


def wrk(base: str, paths_file: Path, script: Path, seconds: int) -> dict:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
    output = subprocess.run(
        [*command, base, "--", str(paths_file)], capture_output=True, text=True, check=True
    ).stdout
    figures = json.loads(next(line for line in output.splitlines() if line.startswith("{")))
    if figures["status_errors"] or figures["socket_errors"]:
        raise SystemExit(f"{paths_file.name}: errors in the run: {figures}")
    return {
        "rps": figures["requests"] / figures["microseconds"] * 1e6,
        "p50": figures["p50_us"] / 1000,
        "p99": figures["p99_us"] / 1000,
    }


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    print("# installing wrk from Debian", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)


def run(args, folder: Path, base: str, bare: str) -> dict[str, list[dict]]:
    script = folder / "paths.lua"
    script.write_text(WRK_SCRIPT)
    bare_paths = folder / "bare.txt"
    bare_paths.write_text(urllib.parse.urlsplit(bare).path + "\n")
    bare_root = bare.rsplit("/", 1)[0]
    files = {}
    for kind, paths in request_lists(args.seed).items():
        check_answers(base, paths[: args.check])
        files[kind] = folder / f"{kind}.txt"
        files[kind].write_text("\n".join(paths) + "\n")
    wrk(bare_root, bare_paths, script, 2)  # warm both sides up: the portal runs all day, so
    for paths in files.values():  # each worker has met most of what it is asked
        wrk(base, paths, script, args.warm)
    results = {kind: [] for kind in files}
    for round_number, kind in itertools.product(range(args.rounds), files):
        sides = [("bare", bare_root, bare_paths), ("service", base, files[kind])]
        if round_number % 2:
            sides.reverse()
        measured = {side: wrk(url, paths, script, args.seconds) for side, url, paths in sides}
        results[kind].append({**measured["service"], "bare": measured["bare"]["rps"]})
        print(f"# round {round_number + 1} {kind}: {measured}", file=sys.stderr)
    return results


def report(results: dict[str, list[dict]]) -> None:
    print("| requests | req/s | p50 ms | p99 ms | bare req/s | ratio to bare |")
    print("|---|---|---|---|---|---|")
    for kind, rounds in results.items():
        median = {key: statistics.median(r[key] for r in rounds) for key in ("rps", "p50", "p99")}
        bare = statistics.median(r["bare"] for r in rounds)
        ratio = statistics.median(r["rps"] / r["bare"] for r in rounds)
        print(
            f"| {kind} | {median['rps']:,.0f} | {median['p50']:.1f} | {median['p99']:.1f} "
            f"| {bare:,.0f} | {ratio:.0%} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--warm", type=int, default=10, help="seconds of each kind before timing")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--check", type=int, default=400, help="paths per kind checked first")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--backend", default="tantivy")
    args = parser.parse_args()
    ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="http-mix-") as folder:
        with (
            service(args.backend, workers=2, database_url=args.database_url) as (base, _),
            bare_flask(workers=2) as bare,
        ):
            results = run(args, Path(folder), base, bare)
    print(
        f"== gunicorn 2 sync workers, wrk 2 threads 16 connections, {args.backend}, "
        f"{'PostgreSQL' if args.database_url else 'SQLite'}, medians of {args.rounds} rounds "
        f"of {args.seconds} s per side"
    )
    report(results)


if __name__ == "__main__":
    main()
