"""Fixtures for the search library: the real-procedure corpus and every backend.

`search_backend` is parametrised over the backends and holds corpus.jsonl (50 real procedures,
see make_corpus.py); tests must not change it. `empty_backend` is a fresh, empty backend per test.
Elasticsearch tests use the server at ELASTICSEARCH_URL, or start the ES-8-compatible test
server of the `noida-db` package on a free port; when neither works they are skipped, or fail
when REQUIRE_ELASTICSEARCH=1.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import search

CORPUS = Path(__file__).with_name("corpus.jsonl")
BACKENDS = ["tantivy", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
STARTUP_SECONDS = 60


@pytest.fixture(scope="session")
def corpus() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines() if line]


def _unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_ELASTICSEARCH") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _noida_db() -> str | None:
    beside_python = Path(sys.executable).with_name("noida-db")
    return str(beside_python) if beside_python.exists() else shutil.which("noida-db")


@pytest.fixture(scope="session")
def elasticsearch_url(tmp_path_factory) -> Iterator[str]:
    """ELASTICSEARCH_URL, or a noida-db server started for the session and stopped after it."""
    if url := os.environ.get("ELASTICSEARCH_URL"):
        if not _answers(url):
            _unavailable(f"no Elasticsearch answers at ELASTICSEARCH_URL={url}")
        yield url
        return
    binary = _noida_db()
    if binary is None:
        _unavailable("ELASTICSEARCH_URL is not set and noida-db is not installed")
    port = _free_port()
    data = tmp_path_factory.mktemp("noida-db")
    command = [
        binary,
        "start",
        "--only",
        "elasticsearch",
        "--elasticsearch-port",
        str(port),
        "--data-dir",
        str(data / "data"),
    ]
    log_path = data / "server.log"
    with log_path.open("wb") as log:
        # Its own process group: the noida-db script runs the server binary as a child, and
        # both must get the signal (a shell running pytest in the background ignores SIGINT).
        server = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(url):
            if server.poll() is not None or time.monotonic() > deadline:
                output = log_path.read_text("utf-8", "replace")[-2000:]
                _unavailable(f"the noida-db Elasticsearch server did not start: {output}")
            time.sleep(0.2)
        yield url
    finally:
        _stop(server)


def _stop(server: subprocess.Popen) -> None:
    """Ctrl-C to the server's process group, as noida-db expects; kill it if that is not enough."""
    for signal_number, wait in ((signal.SIGINT, 20), (signal.SIGKILL, 10)):
        if server.poll() is not None:
            break
        try:
            os.killpg(server.pid, signal_number)
        except ProcessLookupError:
            break
        try:
            server.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    # The group may outlive the script that led it: the server binary is its child.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)


def make_backend(name: str, request, tmp_path_factory) -> search.SearchBackend:
    if name == "tantivy":
        return search.create_backend("tantivy", index_dir=tmp_path_factory.mktemp("tantivy"))
    url = request.getfixturevalue("elasticsearch_url")
    index_name = f"test-procedures-{uuid.uuid4().hex[:10]}"
    return search.create_backend("elasticsearch", url=url, index_name=index_name, timeout=30)


def drop(backend: search.SearchBackend) -> None:
    if backend.name == "elasticsearch" and backend.client.indices.exists_alias(name=backend.alias):
        for index in backend.client.indices.get_alias(name=backend.alias):
            backend.client.indices.delete(index=index)
    backend.close()


@pytest.fixture(scope="session", params=BACKENDS)
def search_backend(request, tmp_path_factory, corpus) -> Iterator[search.SearchBackend]:
    """A backend holding the corpus, shared by the read-only contract tests."""
    backend = make_backend(request.param, request, tmp_path_factory)
    backend.rebuild(corpus)
    yield backend
    drop(backend)


@pytest.fixture(params=BACKENDS)
def empty_backend(request, tmp_path_factory) -> Iterator[search.SearchBackend]:
    backend = make_backend(request.param, request, tmp_path_factory)
    yield backend
    drop(backend)
