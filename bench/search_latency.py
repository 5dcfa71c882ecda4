"""Search and suggest latency through HTTP on one gunicorn worker, at the real catalogue and at
100,000 documents; plus rebuild time, index size and peak memory.

    .venv/bin/python bench/search_latency.py                 # 1,601 and ~100,000 documents
    .venv/bin/python bench/search_latency.py --scales 1      # the real catalogue only

The 100,000-document index holds the real catalogue as 63 provinces would publish it: each
procedure once per province, under its provincial code `<code>.000.00.00.H<nn>`. Queries are the
dev set's queries and the first words of real procedure names, each sent once (no result cache
helps); suggest gets every prefix of those queries, as typed. Each request opens a connection,
as gunicorn's sync worker closes it after each answer, and is timed to its last byte.
"""

import argparse
import gc
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from servers import ROOT, free_port, shared_file, wait_for  # noqa: E402

from search.text import fold  # noqa: E402
from services_api import create_app  # noqa: E402
from services_api.extensions import db  # noqa: E402
from services_api.procedures.documents import all_documents  # noqa: E402
from services_api.searching.extension import search_index  # noqa: E402

DEV_SET = shared_file("eval", "relevance-dev.jsonl")
PROVINCES = 63


def build_instance(instance: Path, copies: int) -> dict:
    """Seed the catalogue, then index it `copies` times; return rebuild figures."""
    app = create_app({"INSTANCE_PATH": str(instance)})
    with app.app_context():
        documents = list(all_documents(db.session))
        scaled = list(_scaled(documents, copies))
        started = time.perf_counter()
        indexed = search_index.backend.rebuild(scaled)
        seconds = time.perf_counter() - started
        search_index.close()
    size = sum(f.stat().st_size for f in (instance / "search-index").rglob("*") if f.is_file())
    names = [d["name"] for d in documents]
    return {"documents": indexed, "rebuild_s": seconds, "index_mb": size / 2**20, "names": names}


def _scaled(documents: list[dict], copies: int):
    if copies == 1:
        yield from documents
        return
    for province in range(1, copies + 1):
        for document in documents:
            yield {**document, "code": f"{document['code']}.000.00.00.H{province:02d}"}


def queries(names: list[str], count: int = 300) -> list[str]:
    dev = [json.loads(line)["q"] for line in DEV_SET.read_text("utf-8").splitlines() if line]
    rng = random.Random(42)
    picked = []
    for name in rng.sample(names, count):
        words = fold(name).split()
        if words[:2] == ["thu", "tuc"]:  # many names open with "Thủ tục"
            words = words[2:]
        picked.append(" ".join(words[: rng.randint(2, 4)]))
    return list(dict.fromkeys(dev + [q for q in picked if q]))


def prefixes(texts: list[str]) -> list[str]:
    typed = [text[:i] for text in texts for i in range(3, len(text) + 1)]
    return list(dict.fromkeys(typed))


def timed_get(url: str) -> float:
    """Milliseconds from connecting to the last byte of a 200 answer. The request is written and
    the answer read on a plain socket: urllib's opener and header parsing cost the client about
    a millisecond a request on this kind of machine, which is not the service's time."""
    parts = urllib.parse.urlsplit(url)
    request = f"GET {parts.path}?{parts.query} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
    started = time.perf_counter()
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
        connection.sendall(f"{request}Connection: close\r\n\r\n".encode())
        answer = b"".join(iter(lambda: connection.recv(65536), b""))
    elapsed = (time.perf_counter() - started) * 1000
    if not answer.startswith(b"HTTP/1.1 200 "):
        raise RuntimeError(f"{url} answered {answer[:80]!r}")
    return elapsed


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {cuts[49]:6.1f}  p95 {cuts[94]:6.1f}  p99 {cuts[98]:6.1f} ms  (n={len(samples)})"


def worker_peak_rss_mb(master_pid: int) -> float:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    status = Path(f"/proc/{children[0]}/status").read_text()
    return (
        int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
        / 1024
    )


def measure(instance: Path, names: list[str]) -> dict:
    port = free_port()
    env = {
        **os.environ,
        "SERVICES_API_AUTO_SEED": "false",
        "SERVICES_API_RATELIMIT_ENABLED": "false",  # a bench is one client asking a lot
        "SERVICES_API_DATABASE_URL": f"sqlite:///{instance / 'services.sqlite3'}",
        "SERVICES_API_SEARCH_INDEX_DIR": str(instance / "search-index"),
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers",
        "1",
        "--bind",
        f"127.0.0.1:{port}",
        "wsgi:app",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/v1/search"
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        timed_get(f"{base}?q=warm")  # opens the index in the worker
        texts = queries(names)
        search_urls = [f"{base}?{urllib.parse.urlencode({'q': q})}" for q in texts]
        suggest_urls = [
            f"{base}/suggest?{urllib.parse.urlencode({'q': p})}" for p in prefixes(texts[:60])
        ]
        gc.disable()  # this process holds the catalogue: its collections are not the service's
        try:
            search = [timed_get(url) for url in search_urls]
            suggest = [timed_get(url) for url in suggest_urls]
        finally:
            gc.enable()
        return {"search": search, "suggest": suggest, "rss": worker_peak_rss_mb(server.pid)}
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales",
        type=int,
        nargs="+",
        default=[1, PROVINCES],
        help="copies of the catalogue to index (63 → about 100,000 documents)",
    )
    args = parser.parse_args()
    for copies in args.scales:
        with tempfile.TemporaryDirectory(prefix="latency-") as folder:
            built = build_instance(Path(folder), copies)
            figures = measure(Path(folder), built["names"])
        print(f"== {built['documents']:,} documents, Tantivy, HTTP, 1 gunicorn sync worker")
        print(f"search   {percentiles(figures['search'])}")
        print(f"suggest  {percentiles(figures['suggest'])}")
        print(
            f"rebuild  {built['rebuild_s']:.1f} s, index {built['index_mb']:.1f} MiB, "
            f"worker peak RSS {figures['rss']:.0f} MiB, "
            f"builder peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )


if __name__ == "__main__":
    main()
