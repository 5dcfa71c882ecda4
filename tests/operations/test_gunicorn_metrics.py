"""Under gunicorn (the repository's gunicorn.conf.py, two workers) a scrape of /metrics, whichever
worker answers it, counts the requests of all workers, also of a worker that was killed; the
private metrics folder is created at start and removed at stop."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.elasticsearch_server import free_port
from tests.factories import dispose
from tests.operations.conftest import few_procedures
from tests.operations.test_metrics import sample

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 24


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # a new connection each time
        return response.read()


def scraped_count(base: str) -> float:
    families = text_string_to_metric_families(get(f"{base}/metrics").decode())
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value for f in families for s in f.samples
    }
    labels = {"route": "/healthz", "method": "GET", "status": "200"}
    return sample(samples, "services_api_http_requests_total", **labels)


def worker_pids(folder: Path) -> set[int]:
    return {int(p.stem.rsplit("_", 1)[1]) for p in folder.glob("counter_*.db")}


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            get(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def served(tmp_path):
    dispose(few_procedures(tmp_path))  # the database and index, made once
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    env |= {
        "TMPDIR": str(tmp_path),
        "SERVICES_API_DATABASE_URL": f"sqlite:///{tmp_path / 'services.sqlite3'}",
        "SERVICES_API_SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "SERVICES_API_AUTO_SEED": "false",
        "SERVICES_API_LOG_REQUESTS": "false",
    }
    command = [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    with open(tmp_path / "gunicorn.log", "wb") as log:
        master = subprocess.Popen(command, cwd=ROOT, env=env, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/readyz", 120)
            yield base, master, tmp_path / f"services-api-metrics-{master.pid}"
        finally:
            master.terminate()
            master.wait(timeout=30)


@pytest.mark.slow
def test_a_scrape_counts_every_worker(served):
    base, master, folder = served
    assert folder.is_dir()
    for _ in range(REQUESTS):
        get(f"{base}/healthz")
    workers = worker_pids(folder)
    assert len(workers - {master.pid}) == 2, workers
    assert [scraped_count(base) for _ in range(6)] == [REQUESTS] * 6
    os.kill(max(workers - {master.pid}), signal.SIGKILL)
    # the master notices (child_exit) and starts another worker: wait until it has its files
    deadline = time.monotonic() + 60
    while not worker_pids(folder) - workers and time.monotonic() < deadline:
        time.sleep(0.2)
    wait_for(f"{base}/readyz", 60)
    counts = [scraped_count(base) for _ in range(6)]
    log = (folder.parent / "gunicorn.log").read_text(errors="replace")
    assert counts == [REQUESTS] * 6, log[-3000:]
    master.terminate()
    master.wait(timeout=30)
    assert not folder.exists()
