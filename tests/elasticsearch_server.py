"""An ES-8-compatible server from the `noida-db` dev dependency, for tests and benchmarks.

It can be stopped and started again on the same port and data, to test what happens while the
search engine is down.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

STARTUP_SECONDS = 60


class ServerUnavailable(RuntimeError):
    """noida-db is missing or its server did not start."""


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
            raise ServerUnavailable("ELASTICSEARCH_URL is not set and noida-db is not installed")
        self.port = free_port()
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
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
            # Its own process group: the noida-db script runs the server binary as a child, and
            # both must get the signal (a shell running pytest in the background ignores SIGINT).
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while not answers(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                output = log_path.read_text("utf-8", "replace")[-2000:]
                raise ServerUnavailable(
                    f"the noida-db Elasticsearch server did not start: {output}"
                )
            time.sleep(0.2)
        return self.url

    def stop(self) -> None:
        """Ctrl-C to the process group, as noida-db expects; kill it if that is not enough."""
        if self.process is None:
            return
        for signal_number, wait in ((signal.SIGINT, 20), (signal.SIGKILL, 10)):
            if self.process.poll() is not None:
                break
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal_number)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=wait)
        # The group may outlive the script that led it: the server binary is its child.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
