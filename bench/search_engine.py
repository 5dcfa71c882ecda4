"""Relevance and per-query latency of a search backend on the real national procedures.

    .venv/bin/python bench/search_engine.py                  # tantivy, 1,601 local procedures
    .venv/bin/python bench/search_engine.py --scale 100000   # the same, copied up to 100,000
    .venv/bin/python bench/search_engine.py --backend elasticsearch --url http://127.0.0.1:9200

Documents are made from shared/data/tthc-national/procedures.raw.jsonl.gz the simple way (the
application's own importer decides the real mapping); relevance uses shared/eval/*.jsonl. Times
are in-process (no HTTP): "cold" clears the backend's result and facet caches before each query.
"""

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import search  # noqa: E402
from search import text as vi  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
RAW = SHARED / "data/tthc-national/procedures.raw.jsonl.gz"
RELEVANCE = SHARED / "eval/relevance-dev.jsonl"
TEXT_KEYS = (
    "doi_tuong_thuc_hien",
    "trinh_tu_thuc_hien",
    "thanh_phan_ho_so",
    "yeu_cau_dieu_kien",
    "ket_qua_xu_ly",
)


def to_document(raw: dict) -> dict:
    """A crawled record as a search document (a simple stand-in for the application's mapping)."""
    levels = raw["cap_thuc_hien"]
    tiers = [
        tier for tier, label in (("province", "Cấp tỉnh"), ("commune", "Cấp xã")) if label in levels
    ]
    online = "Trực tuyến" in (raw.get("cach_thuc_thuc_hien") or "")
    agency = (raw.get("co_quan_thuc_hien") or "").split(",")[0].strip() or None
    return {
        "code": raw["ma_thu_tuc"],
        "name": " ".join(raw["ten_thu_tuc"].split()),
        "text": "\n".join(raw.get(key) or "" for key in TEXT_KEYS),
        "agency": vi.slugify(agency) if agency else None,
        "agency_name": agency,
        "field": vi.slugify(raw["linh_vuc"]) if raw.get("linh_vuc") else None,
        "field_name": raw.get("linh_vuc") or None,
        "tiers": tiers,
        "maturity_level": 4 if online else 2,
        "kind": "full" if online else "partial",
        "online": online,
    }


def local_documents() -> list[dict]:
    with gzip.open(RAW, "rt", encoding="utf-8") as lines:
        docs = [to_document(json.loads(line)) for line in lines]
    return [doc for doc in docs if doc["tiers"]]


def scaled(docs: list[dict], size: int) -> list[dict]:
    out = list(docs)
    copy = 0
    while len(out) < size:
        copy += 1
        for doc in docs[: size - len(out)]:
            out.append(doc | {"code": f"{doc['code']}.{copy}"})
    return out


def evaluate(backend, cases: list[dict]) -> dict:
    by_kind: dict[str, list[tuple[bool, float]]] = defaultdict(list)
    misses = []
    for case in cases:
        result = backend.search(search.SearchQuery(text=case["q"], page_size=10))
        codes = [hit.code for hit in result.hits]
        ranks = [i for i, code in enumerate(codes, 1) if code in case["relevant"]]
        first = ranks[0] if ranks else None
        by_kind[case["kind"]].append((bool(first and first <= 5), 1 / first if first else 0.0))
        if not first or first > 1:
            misses.append((case["q"], first, codes[:3]))
    every = [item for items in by_kind.values() for item in items]
    return {
        "recall@5": sum(hit for hit, _ in every) / len(every),
        "mrr@10": sum(rr for _, rr in every) / len(every),
        "by_kind": {k: round(sum(h for h, _ in v) / len(v), 2) for k, v in by_kind.items()},
        "not_first": misses,
    }


def like_baseline(docs: list[dict], cases: list[dict]) -> dict:
    hits, rr = 0, 0.0
    for case in cases:
        needle = case["q"].lower()
        found = sorted(
            (d for d in docs if needle in d["name"].lower()), key=lambda d: len(d["name"])
        )
        codes = [d["code"] for d in found[:10]]
        ranks = [i for i, code in enumerate(codes, 1) if code in case["relevant"]]
        hits += bool(ranks and ranks[0] <= 5)
        rr += 1 / ranks[0] if ranks else 0
    return {"recall@5": hits / len(cases), "mrr@10": rr / len(cases)}


def timed(function, repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered):.2f} ms, p99 {p99:.2f} ms, max {ordered[-1]:.2f} ms"


def sample_queries(docs: list[dict], count: int) -> list[str]:
    """Folded 2–4-word windows of names, like what citizens type."""
    queries = []
    for i, doc in enumerate(docs[: count * 7 : 7]):
        terms = vi.fold(doc["name"]).split()
        start = i % max(1, len(terms) - 3)
        queries.append(" ".join(terms[start : start + 2 + i % 3]))
    return queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", default="tantivy")
    parser.add_argument("--scale", type=int, default=0)
    parser.add_argument("--url", default="http://127.0.0.1:9200")
    parser.add_argument("--relevance-only", action="store_true")
    parser.add_argument("--timeout", type=float, default=30.0, help="elasticsearch only")
    parser.add_argument("--text-chars", type=int, default=0, help="cut texts (slow test servers)")
    args = parser.parse_args()
    docs = local_documents()
    if args.text_chars:
        docs = [doc | {"text": doc["text"][: args.text_chars]} for doc in docs]
    corpus = scaled(docs, args.scale) if args.scale else docs
    cases = [json.loads(line) for line in RELEVANCE.read_text("utf-8").splitlines() if line]
    with tempfile.TemporaryDirectory() as directory:
        options = (
            {"index_dir": directory}
            if args.backend == "tantivy"
            else {"url": args.url, "timeout": args.timeout, "index_name": "bench-procedures"}
        )
        backend = search.create_backend(args.backend, **options)
        start = time.perf_counter()
        count = backend.rebuild(corpus)
        print(f"{args.backend}: indexed {count} documents in {time.perf_counter() - start:.1f} s")
        report = evaluate(backend, cases)
        print(f"relevance: recall@5 {report['recall@5']:.3f}  mrr@10 {report['mrr@10']:.3f}")
        print(f"  by kind: {report['by_kind']}")
        for miss in report["not_first"]:
            print("  not first:", miss)
        print(f"LIKE baseline on names: {like_baseline(docs, cases)}")
        if args.relevance_only:
            backend.close()
            return
        queries = [case["q"] for case in cases] + sample_queries(docs, 200)
        backend.search(search.SearchQuery(text="khởi động"))  # open the index
        cold, warm, suggest = [], [], []
        for query in queries:
            generation = getattr(backend, "_current", None)
            if generation:  # tantivy: measure without its caches
                generation().results.clear()
                generation().facets.clear()
            cold += timed(lambda q=query: backend.search(search.SearchQuery(text=q)))
            warm += timed(lambda q=query: backend.search(search.SearchQuery(text=q)))
            suggest += timed(lambda q=query: backend.suggest(q[: max(3, len(q) - 2)]))
        filtered = timed(
            lambda: backend.search(
                search.SearchQuery(
                    text="cap giay phep", filters={"tier": ["province"], "level": [4]}
                )
            ),
            50,
        )
        print(f"search cold ({len(cold)} queries): {percentiles(cold)}")
        print(f"search cached: {percentiles(warm)}")
        print(f"search with 2 filters (cached after first): {percentiles(filtered)}")
        print(f"suggest: {percentiles(suggest)}")
        backend.close()


if __name__ == "__main__":
    main()
