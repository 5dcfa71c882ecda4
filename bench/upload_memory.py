"""A worker's memory and time on hostile spreadsheet uploads: peak RSS above idle, per file.

    .venv/bin/python bench/upload_memory.py                        # this checkout
    .venv/bin/python bench/upload_memory.py --app-dir ../other --memory-cap-mb 6144

Builds the small XLSX files that decompress into huge XML (a 1 MB sheet of blanks, a sheet
declaring A1:XFD20000, a 2 MB file holding one 2 GB shared string, a 107 KB file whose reason
is 100 MB) and a well-formed 1,601-row import for comparison, then posts each (a dry run, an
administrator's key) to the service under gunicorn (one worker, SQLite, Tantivy, the seeded
catalogue). gunicorn's --max-requests 3 gives every file a fresh worker: /healthz and a small import
warm it (openpyxl loaded), its RSS is the idle figure, then the file is sent while the worker's
VmHWM is polled. ``--app-dir`` runs another checkout of the service (e.g. an older commit);
``--memory-cap-mb`` caps the service's address space so a file that would take gigabytes
fails there instead of taking the machine. Target: every rejected file ≤ 200 MB above idle.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from bench.servers import wait_for  # noqa: E402
from seeds.loader import read_procedures  # noqa: E402
from tests import hostile_files as hostile  # noqa: E402
from tests.elasticsearch_server import free_port  # noqa: E402

TARGET_MB = 200


def hostile_uploads() -> dict[str, bytes]:
    rows = [[r["code"], 1, "Rà soát năm 2026"] for r in read_procedures()]
    return {
        "1 MB sheet of blanks": hostile.whitespace_sheet(1024**3),
        "dimension XFD, 20,000 rows": hostile.wide_dimension_sheet(20_000),
        "2 MB, one 2 GB shared string": hostile.huge_shared_string(2 * 1024**3),
        "107 KB, a 100 MB reason": hostile.huge_shared_string(100 * 1024**2),
        "well-formed, 1,601 rows": hostile.workbook(rows),
    }


def post(url: str, token: str, data: bytes) -> tuple[str, float]:
    started = time.perf_counter()
    status = hostile.upload(f"{url}/api/v1/imports/maturity?dry_run=true", token, data, 600)
    return str(status), time.perf_counter() - started


def status_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1])


def worker_of(master: int, not_pid: int | None, timeout: float = 120.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        fresh = [int(pid) for pid in children if int(pid) != not_pid]
        if fresh:
            return fresh[0]
        time.sleep(0.1)
    raise TimeoutError("gunicorn started no worker")


class PeakWatcher(threading.Thread):
    """Polls a process's high-water mark of resident memory until stopped or gone."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.running = pid, 0, True

    def run(self) -> None:
        while self.running:
            try:
                self.peak_kb = max(self.peak_kb, status_kb(self.pid, "VmHWM"))
            except (OSError, StopIteration):
                return
            time.sleep(0.01)


def start(app_dir: Path, instance: Path, port: int, cap_mb: int | None):
    env = {
        **os.environ,
        "PYTHONPATH": str(app_dir),
        "SERVICES_API_DATABASE_URL": f"sqlite:///{instance / 'services.sqlite3'}",
        "SERVICES_API_SEARCH_INDEX_DIR": str(instance / "search-index"),
        "GUNICORN_CMD_ARGS": "--max-requests 3",
        "SERVICES_API_RATELIMIT_ENABLED": "false",  # a bench is one client asking a lot
    }

    def limit():
        if cap_mb:
            cap = cap_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    command = [str(BIN / "gunicorn"), "--workers", "1", "--bind", f"127.0.0.1:{port}"]
    command += ["--timeout", "600", "wsgi:app"]
    process = subprocess.Popen(command, cwd=app_dir, env=env, preexec_fn=limit)
    return process, env


def admin_key(app_dir: Path, env: dict) -> str:
    command = [str(BIN / "flask"), "--app", "wsgi", "keys", "create", "--role", "admin"]
    output = subprocess.run(
        command,
        cwd=app_dir,
        env={**env, "SERVICES_API_AUTO_SEED": "false"},
        capture_output=True,
        text=True,
        check=True,
    )
    return output.stdout.strip().splitlines()[-1]


def measure(url: str, master: int, new_key, files: dict[str, bytes]) -> None:
    warm = hostile.workbook([["1.001193", 2, "Rà soát"]])
    previous = token = None
    print(
        f"{'file':32} {'size':>9} {'status':>10} {'idle MB':>8} {'peak MB':>8} "
        f"{'above':>8} {'time s':>7}"
    )
    for name, data in files.items():
        pid = worker_of(master, previous)
        # One request at a time, waiting as long as the worker takes to boot: a request given
        # up while it boots would still be served and count against its three.
        wait_for(f"{url}/healthz", timeout=900, request_timeout=900)  # request 1 of 3
        token = token if previous else new_key()  # once the first worker has migrated
        post(url, token, warm)  # request 2
        idle = status_kb(pid, "VmRSS")
        watcher = PeakWatcher(pid)
        watcher.start()
        status, elapsed = post(url, token, data)
        watcher.running = False
        watcher.join()
        above = (watcher.peak_kb - idle) / 1024
        flag = "" if above <= TARGET_MB or name.startswith("well") else "  over target"
        print(
            f"{name:32} {len(data) / 1024:>7.0f}KB {status:>10} {idle / 1024:>8.0f} "
            f"{watcher.peak_kb / 1024:>8.0f} {above:>8.0f} {elapsed:>7.2f}{flag}",
            flush=True,
        )
        previous = pid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="checkout to serve")
    parser.add_argument("--memory-cap-mb", type=int, help="RLIMIT_AS of the service")
    args = parser.parse_args()
    started = time.perf_counter()
    files = hostile_uploads()
    print(f"# files built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="upload-memory-") as folder:
        port = free_port()
        process, env = start(args.app_dir.resolve(), Path(folder), port, args.memory_cap_mb)
        try:
            url = f"http://127.0.0.1:{port}"
            print(f"# serving {args.app_dir.resolve()} (cap {args.memory_cap_mb} MB)")
            measure(url, process.pid, lambda: admin_key(args.app_dir.resolve(), env), files)
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
