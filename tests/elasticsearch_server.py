"""An ES-8-compatible server from the `noida-db` dev dependency, for tests that need one.

It can be stopped and started again on the same port and data, to test what happens while the
search engine is down.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

STARTUP_SECONDS = 60


def unavailable(reason: str) -> None:
    """Skip, or fail when REQUIRE_ELASTICSEARCH=1 (as in CI)."""
    if os.environ.get("REQUIRE_ELASTICSEARCH") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def noida_db() -> str | None:
    beside_python = Path(sys.executable).with_name("noida-db")
    return str(beside_python) if beside_python.exists() else shutil.which("noida-db")


class ElasticsearchServer:
    """A noida-db Elasticsearch in the foreground, on a fixed port and data folder."""

    def __init__(self, folder: Path) -> None:
        self.binary = noida_db()
        if self.binary is None:
            unavailable("ELASTICSEARCH_URL is not set and noida-db is not installed")
        self.port = free_port()
        self.folder = folder
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> str:
        command = [
            self.binary,
            "start",
            "--only",
            "elasticsearch",
            "--elasticsearch-port",
            str(self.port),
            "--data-dir",
            str(self.folder / "data"),
        ]
        log_path = self.folder / "server.log"
        with log_path.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_SECONDS
        while not answers(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                output = log_path.read_text("utf-8", "replace")[-2000:]
                self.stop()
                unavailable(f"the noida-db Elasticsearch server did not start: {output}")
            time.sleep(0.2)
        return self.url

    def stop(self) -> None:
        """Ctrl-C, as noida-db's foreground server expects; kill if it does not stop in time."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
