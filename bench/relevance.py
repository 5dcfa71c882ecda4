"""Relevance of the search endpoint: Recall@5, MRR@10 and nDCG@10, per query kind.

    .venv/bin/python bench/relevance.py                       # tantivy, elasticsearch and LIKE
    .venv/bin/python bench/relevance.py --backend tantivy
    .venv/bin/python bench/relevance.py --elasticsearch-url http://127.0.0.1:9200
    .venv/bin/python bench/relevance.py --queries bench/data/relevance-team.jsonl  # see its README
    .venv/bin/python bench/relevance.py --queries bench/data/relevance-hard.jsonl

nDCG@10 counts every judged code (binary gain, 1/log2(rank + 1)), against the ideal ranking of
min(judged, 10) codes first: it rewards finding all the procedures a need involves, in order.

Each backend is queried through HTTP (the service under gunicorn, default settings, seeded
catalogue). The baseline is a plain SQL `LIKE '%query%'` over procedure names, shortest first.
"""

import argparse
import json
import math
import sqlite3
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import elasticsearch, service, shared_file  # noqa: E402

METRICS = ("recall@5", "mrr@10", "ndcg@10")
DEV_SET = shared_file("eval", "relevance-dev.jsonl")


def read_queries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def http_ranking(base_url: str, query: str) -> list[str]:
    """The first 10 codes; none (a miss, reported on stderr) when the engine did not answer."""
    url = f"{base_url}/api/v1/search?" + urllib.parse.urlencode({"q": query, "page_size": 10})
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            result = json.load(response)
    except (TimeoutError, urllib.error.URLError) as error:
        print(f"# unanswered, counted as a miss: {query!r} ({error})", file=sys.stderr)
        return []
    if result["degraded"]:  # the engine did not answer: this would measure the fallback
        print(f"# degraded answer, counted as a miss: {query!r}", file=sys.stderr)
        return []
    return [hit["code"] for hit in result["hits"]]


def like_ranking(database: Path, query: str) -> list[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT code FROM procedure WHERE name LIKE ? ORDER BY length(name), code LIMIT 10",
            (f"%{query}%",),
        )
        return [code for (code,) in rows]


def ndcg_at_10(ranking: list[str], relevant: set[str]) -> float:
    gain = sum(1 / math.log2(i + 1) for i, code in enumerate(ranking[:10], 1) if code in relevant)
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(len(relevant), 10) + 1))
    return gain / ideal


def scores(queries: list[dict], rankings: list[list[str]]) -> dict[str, dict[str, float]]:
    by_kind: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for query, ranking in zip(queries, rankings, strict=True):
        relevant = set(query["relevant"])
        ranks = [i for i, code in enumerate(ranking[:10], 1) if code in relevant]
        recall = 1.0 if ranks and ranks[0] <= 5 else 0.0
        row = (recall, 1 / ranks[0] if ranks else 0.0, ndcg_at_10(ranking, relevant))
        by_kind[query["kind"]].append(row)
        by_kind["all"].append(row)
    return {
        kind: {
            "n": len(rows),
            **{metric: sum(row[i] for row in rows) / len(rows) for i, metric in enumerate(METRICS)},
        }
        for kind, rows in by_kind.items()
    }


def print_table(results: dict[str, dict[str, dict[str, float]]]) -> None:
    kinds = sorted({k for r in results.values() for k in r if k != "all"}) + ["all"]
    print(f"{'':<22}" + "".join(f"{name:^27}" for name in results))
    columns = f"{'R@5':>9}{'MRR@10':>9}{'nDCG@10':>9}"
    print(f"{'kind':<18}{'n':>4}" + columns * len(results))
    for kind in kinds:
        n = next(r[kind]["n"] for r in results.values() if kind in r)
        row = f"{kind:<18}{n:>4}"
        for result in results.values():
            cell = result.get(kind, dict.fromkeys(METRICS, 0.0))
            row += "".join(f"{cell[metric]:>9.3f}" for metric in METRICS)
        print(row)


def misses(queries: list[dict], rankings: list[list[str]]) -> list[str]:
    return [
        f"  {q['kind']:<16} {q['q']!r} → {r[:5]}"
        for q, r in zip(queries, rankings, strict=True)
        if not set(q["relevant"]) & set(r[:5])
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["tantivy", "elasticsearch", "all"], default="all")
    parser.add_argument("--elasticsearch-url")
    parser.add_argument("--queries", type=Path, nargs="+", default=[DEV_SET])
    args = parser.parse_args()
    sets = {path.name: read_queries(path) for path in args.queries}
    queries = [q for questions in sets.values() for q in questions]
    rankings: dict[str, list[list[str]]] = {}
    backends = ["tantivy", "elasticsearch"] if args.backend == "all" else [args.backend]
    for backend in backends:
        with elasticsearch(
            args.elasticsearch_url if backend == "elasticsearch" else "unused"
        ) as es_url:
            es = es_url if backend == "elasticsearch" else None
            # The noida-db test server answers in seconds, not milliseconds: wait for it.
            slow = {"SERVICES_API_SEARCH_TIMEOUT_SECONDS": "120"} if es else {}
            with service(backend, elasticsearch_url=es, extra_env=slow) as (base_url, instance):
                rankings[backend] = [http_ranking(base_url, q["q"]) for q in queries]
                if "LIKE" not in rankings:
                    database = instance / "services.sqlite3"
                    rankings["LIKE"] = [like_ranking(database, q["q"]) for q in queries]
    start = 0
    for name, questions in sets.items():
        end = start + len(questions)
        part = {system: ranked[start:end] for system, ranked in rankings.items()}
        start = end
        print(f"\n{name}")
        print_table({system: scores(questions, ranked) for system, ranked in part.items()})
        for backend in backends:
            lines = misses(questions, part[backend])
            print(f"\nmissed in the first 5 ({backend}):", *lines or ["  none"], sep="\n")


if __name__ == "__main__":
    main()
