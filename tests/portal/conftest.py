"""Browser fixtures: the catalogue over HTTP (root, /dvc, another origin) and headless Chromium."""

# Chromium and chromedriver come from Debian's packages and are looked up on PATH; the tests are
# skipped without them, unless REQUIRE_BROWSER=1. Screenshots of failed tests go to
# tests/_artifacts/.

import json
import os
import shutil
import statistics
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from tests.factories import build_app, dispose

ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=vi-VN",
)
TIMINGS: dict[str, list[float]] = {}


class Server:
    """A WSGI app on a free loopback port, served from a thread until stopped."""

    def __init__(self, wsgi_app, host: str = "127.0.0.1") -> None:
        self.httpd = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
        self.origin = f"http://{host}:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> "Server":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def embedding_pages(portal_origin: str):
    """Another site's pages: one mounts the portal with a script tag, one frames it."""
    script = f"{portal_origin}/static/portal/app.js"
    pages = {
        "/script.html": f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Cổng thông tin tỉnh</title></head><body>
<h1>Cổng thông tin điện tử tỉnh</h1>
<div id="dvc" data-tthc-portal></div>
<script type="module" src="{script}"></script></body></html>""",
        "/iframe.html": f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Cổng thông tin tỉnh</title></head><body>
<h1>Cổng thông tin điện tử tỉnh</h1>
<iframe id="dvc" title="Tra cứu thủ tục hành chính" src="{portal_origin}/?q=dang+ky+ket+hon"
  style="width:100%;height:900px;border:0"></iframe></body></html>""",
    }

    def app(environ, start_response):
        body = pages.get(environ.get("PATH_INFO", ""))
        if body is None:
            return NotFound()(environ, start_response)
        return Response(body, mimetype="text/html")(environ, start_response)

    return app


@pytest.fixture(scope="session")
def servers(tmp_path_factory) -> Iterator[dict]:
    """The seeded catalogue at the root and under /dvc, and a host site on another origin that
    CORS_ORIGINS allows (localhost, where the portal is 127.0.0.1)."""
    host = Server(None, host="localhost")
    tmp_path = tmp_path_factory.mktemp("portal")
    database = f"sqlite:///{tmp_path / 'services.sqlite3'}"
    app = build_app(database, tmp_path, CORS_ORIGINS=host.origin)
    root = Server(app).start()
    prefixed = Server(DispatcherMiddleware(NotFound(), {"/dvc": app})).start()
    host.httpd.app = embedding_pages(root.origin)
    host.start()
    yield {
        "app": app,
        "root": root.origin,
        "prefixed": f"{prefixed.origin}/dvc",
        "host": host.origin,
    }
    for server in (host, prefixed, root):
        server.stop()
    dispose(app)


def _chromium_paths() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not (chromium and driver):
        reason = "Chromium and chromedriver are needed: apt-get install chromium chromium-driver"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return chromium, driver


@pytest.fixture(scope="session")
def driver_session() -> Iterator:
    chromium, chromedriver = _chromium_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="tthc-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1280,900")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(chromedriver))
    driver.set_script_timeout(10)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(driver_session, request) -> Iterator:
    """The shared Chromium, on a blank page at desktop size; drains the previous test's logs."""
    driver = driver_session
    for stale in ARTIFACTS.glob(f"{request.node.name}.*"):
        stale.unlink()
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.get("about:blank")
    driver.get_log("performance")
    driver.get_log("browser")
    yield driver
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(os.fspath(ARTIFACTS / f"{request.node.name}.png"))
        (ARTIFACTS / f"{request.node.name}.browser-log.json").write_text(
            json.dumps(driver.get_log("browser"), ensure_ascii=False, indent=1)
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


@pytest.fixture
def timings():
    """record(name, milliseconds): kept for the summary at the end of the run."""

    def record(name: str, milliseconds: float) -> None:
        TIMINGS.setdefault(name, []).append(milliseconds)

    return record


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS:
        return
    terminalreporter.section("portal timings (ms, measured in Chromium)")
    for name, values in TIMINGS.items():
        terminalreporter.write_line(
            f"{name}: n={len(values)} median={statistics.median(values):.0f} "
            f"max={max(values):.0f} all={[round(v) for v in values]}"
        )
