"""Requests too long to read answer 414/431 in the API's error format, in the app and through
gunicorn configured by gunicorn.conf.py; past gunicorn's own limits gunicorn answers itself."""

import http.client
import os
import subprocess
import sys
from pathlib import Path

import pytest

from services_api.http_limits import MAX_FIELD_BYTES, MAX_FIELDS, MAX_TARGET_BYTES
from tests.elasticsearch_server import free_port
from tests.factories import build_app, dispose

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LONG_QUERY = "/api/v1/search?q=" + "a" * MAX_TARGET_BYTES
LONG_FIELD = {"X-Filler": "b" * MAX_FIELD_BYTES}


@pytest.fixture
def bare_client(tmp_path):
    app = build_app(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path, AUTO_SEED=False)
    yield app.test_client()
    dispose(app)


def test_a_target_past_the_limit_is_414_and_one_within_it_is_read(bare_client):
    refused = bare_client.get(LONG_QUERY)
    assert refused.status_code == 414
    assert refused.json["code"] == 414 and str(MAX_TARGET_BYTES) in refused.json["message"]
    assert bare_client.get("/healthz?x=" + "a" * (MAX_TARGET_BYTES - 20)).status_code == 200


def test_a_long_header_field_or_too_many_fields_is_431(bare_client):
    long_field = bare_client.get("/healthz", headers=LONG_FIELD)
    assert long_field.status_code == 431 and long_field.json["code"] == 431
    many = {f"X-Field-{i}": "1" for i in range(MAX_FIELDS + 1)}
    assert bare_client.get("/healthz", headers=many).status_code == 431
    fits = {"X-Filler": "b" * (MAX_FIELD_BYTES - 100)}
    assert bare_client.get("/healthz", headers=fits).status_code == 200


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """The service under gunicorn, from the checkout (so gunicorn.conf.py applies)."""
    instance = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = {
        **os.environ,
        "SERVICES_API_DATABASE_URL": f"sqlite:///{instance / 'db.sqlite3'}",
        "SERVICES_API_SEARCH_INDEX_DIR": str(instance / "index"),
        "SERVICES_API_AUTO_SEED": "false",
    }
    command = [str(BIN / "gunicorn"), "--workers", "1", "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(port: int) -> None:
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _get(port, "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("gunicorn did not start")


def _get(port: int, target: str, headers: dict | None = None) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", target, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


@pytest.mark.slow
def test_gunicorn_lets_the_app_answer_414_and_431_in_its_format(gunicorn):
    status, content_type, _ = _get(gunicorn, LONG_QUERY)
    assert (status, content_type) == (414, "application/json")
    status, content_type, _ = _get(gunicorn, "/healthz", LONG_FIELD)
    assert (status, content_type) == (431, "application/json")


@pytest.mark.slow
def test_past_its_own_limits_gunicorn_answers_itself(gunicorn):
    status, content_type, _ = _get(gunicorn, "/healthz?x=" + "a" * 9000)
    assert (status, content_type) == (414, "text/html")


def test_a_json_body_past_the_limit_is_413_and_one_within_it_is_read(small_client, admin):
    limit = small_client.application.config["MAX_CONTENT_LENGTH"]
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {admin}"}
    body = b'{"targets": [' + b" " * limit + b"]}"
    refused = small_client.put("/api/v1/stats/targets", data=body, headers=headers)
    assert refused.status_code == 413 and refused.json["code"] == 413
    body = b'{"targets": [' + b" " * (limit - 100) + b"]}"
    assert small_client.put("/api/v1/stats/targets", data=body, headers=headers).status_code == 200
