"""Real servers for the benchmarks: the service under gunicorn, and an ES-8 server from noida-db."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from tests.elasticsearch_server import ElasticsearchServer, free_port  # noqa: E402


def shared_file(*parts: str) -> Path:
    """A file of the shared folder beside the checkout (../shared), looked up in the folders
    above it too, so that a worktree nested one level deeper finds it."""
    for folder in ROOT.parents:
        candidate = folder.joinpath("shared", *parts)
        if candidate.exists():
            return candidate
    return ROOT.parent.joinpath("shared", *parts)


def wait_for(url: str, timeout: float = 180.0, request_timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=request_timeout):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


@contextmanager
def elasticsearch(url: str | None = None):
    """The server at ``url``, or one started from noida-db for the duration of the block."""
    if url:
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="noida-") as folder:
        server = ElasticsearchServer(Path(folder))
        try:
            yield server.start()
        finally:
            server.stop()


@contextmanager
def service(
    backend: str = "tantivy",
    elasticsearch_url: str | None = None,
    workers: int = 1,
    database_url: str | None = None,
    extra_env: dict | None = None,
):
    """The service under gunicorn (one worker by default) on a fresh instance; yields its URL."""
    instance = Path(tempfile.mkdtemp(prefix="services-api-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "SERVICES_API_DATABASE_URL": database_url or f"sqlite:///{instance / 'services.sqlite3'}",
        "SERVICES_API_SEARCH_INDEX_DIR": str(instance / "search-index"),
        "SERVICES_API_SEARCH_BACKEND": backend,
        "SERVICES_API_ELASTICSEARCH_INDEX": f"bench-{port}",
        **({"SERVICES_API_ELASTICSEARCH_URL": elasticsearch_url} if elasticsearch_url else {}),
        "SERVICES_API_RATELIMIT_ENABLED": "false",  # a bench is one client asking a lot
        **(extra_env or {}),
    }
    command = [
        str(BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "600",
        "wsgi:app",
    ]
    # The service logs every request: into a file (a pipe nobody reads would fill and block it).
    with open(instance / "service.log", "wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
        started = time.monotonic()
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz", timeout=900)
            ready = time.monotonic() - started
            print(f"# service ({backend}) ready in {ready:.1f} s", file=sys.stderr)
            yield f"http://127.0.0.1:{port}", instance
        finally:
            process.terminate()
            process.wait(timeout=30)
            shutil.rmtree(instance, ignore_errors=True)


@contextmanager
def bare_flask(workers: int = 2):
    """bench/bare_flask.py under gunicorn like the service; yields the URL of its fixed list."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, "bare_flask:app"],
        cwd=ROOT / "bench",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/items", timeout=60)
        yield f"http://127.0.0.1:{port}/items"
    finally:
        process.terminate()
        process.wait(timeout=30)
