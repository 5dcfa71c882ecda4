"""A PostgreSQL cluster of the test's own, on its own port, that the test stops, starts,
freezes (SIGSTOP of every process of the cluster) and thaws: a database outage made on purpose.

It is made with the server's own initdb and pg_ctl (Debian's /usr/lib/postgresql/<n>/bin), as
the ``postgres`` user when the tests run as root (the server refuses to run as root).
"""

import glob
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from tests.elasticsearch_server import free_port

BINARIES = "/usr/lib/postgresql/*/bin"
SERVER_USER = "postgres"


class ClusterUnavailable(Exception):
    """The PostgreSQL server's programs are not installed here."""


def _bin_dir() -> Path:
    found = sorted(glob.glob(BINARIES), key=lambda p: int(Path(p).parent.name))
    if not found or not Path(found[-1], "pg_ctl").exists():
        raise ClusterUnavailable(f"no initdb/pg_ctl in {BINARIES}")
    return Path(found[-1])


class PostgresCluster:
    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.as_user = ["runuser", "-u", SERVER_USER, "--"] if os.geteuid() == 0 else []
        self.root = Path(tempfile.mkdtemp(prefix="services-api-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        if self.as_user:
            shutil.chown(self.root, SERVER_USER)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def create(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def freeze(self) -> None:
        """SIGSTOP the server and every backend: connections stay open, nothing answers."""
        for pid in self._pids():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self._pids():
            os.kill(pid, signal.SIGCONT)

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.thaw()
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def _pids(self) -> list[int]:
        server = int((self.data / "postmaster.pid").read_text().split()[0])
        return [server, *_children(server)]

    def _run(self, program: str, *args: str) -> None:
        command = [*self.as_user, str(self.bin / program), *args]
        subprocess.run(command, check=True, capture_output=True, cwd=self.root)


def _children(parent: int) -> list[int]:
    children = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == parent:
            children.append(int(Path(stat).parent.name))
    return children
