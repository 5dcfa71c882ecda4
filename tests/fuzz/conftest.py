"""The fuzz run's service: a small catalogue over HTTP, each request followed by a snapshot of
the database, and the figures of every run for the summary at the end of the session."""

import hashlib
import threading
from collections import Counter

import pytest
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from services_api.database import Base
from services_api.extensions import db

FIGURES: dict[str, dict] = {}


class SnapshotAfterEachRequest:
    """WSGI middleware: after each request, a digest of every table; a request answered 4xx
    that changed it is recorded in ``changed_by_4xx``. Requests are served one at a time, so
    the digest before a request is the one after the previous request."""

    def __init__(self, app) -> None:
        self.app, self.wsgi = app, app.wsgi_app
        self.changed_by_4xx: list[str] = []
        self.statuses: Counter = Counter()
        self.digest = self._digest()

    def __call__(self, environ, start_response):
        statuses = []

        def recording_start(status, headers, exc_info=None):
            statuses.append(int(status.split()[0]))
            return start_response(status, headers, exc_info)

        body = b"".join(self.wsgi(environ, recording_start))
        before, self.digest = self.digest, self._digest()
        self.statuses[statuses[0]] += 1
        if 400 <= statuses[0] < 500 and self.digest != before:
            target = f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}"
            query = environ.get("QUERY_STRING", "")
            self.changed_by_4xx.append(f"{target}?{query} → {statuses[0]}")
        return [body]

    def _digest(self) -> str:
        digest = hashlib.sha256()
        with self.app.app_context():
            with db.engine.connect() as connection:
                for table in Base.metadata.sorted_tables:
                    order = table.primary_key.columns
                    for row in connection.execute(select(table).order_by(*order)):
                        digest.update(repr(tuple(row)).encode())
                    digest.update(table.name.encode())
        return digest.hexdigest()


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # thousands of requests: no access log
        pass


class LiveServer:
    """``app`` on a free loopback port, one request at a time, from a thread until stopped."""

    def __init__(self, app) -> None:
        self.recorder = SnapshotAfterEachRequest(app)
        self.httpd = make_server(
            "127.0.0.1", 0, self.recorder, threaded=False, request_handler=QuietHandler
        )
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def live_server():
    servers = []

    def serve(app) -> LiveServer:
        servers.append(LiveServer(app))
        return servers[-1]

    yield serve
    for server in servers:
        server.stop()


@pytest.fixture
def record_figures():
    def record(name: str, figures: dict) -> None:
        FIGURES[name] = figures

    return record


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("fuzzing every operation (schemathesis, all checks)")
    for name, figures in FIGURES.items():
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(figures["statuses"].items()))
        terminalreporter.write_line(
            f"{name}: {figures['cases']} requests in {figures['seconds']:.0f} s over "
            f"{figures['operations']} operations, {figures['failures']} failures, "
            f"{figures['changed_by_4xx']} changes by a 4xx; statuses {statuses}"
        )
