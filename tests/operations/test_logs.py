"""Log output: plain lines by default, one JSON object a line with LOG_FORMAT=json; every record
carries the request id, and each answered request is one record with its details."""

import json
import logging

import pytest

from services_api import create_app
from services_api.operations import logs
from tests.factories import dispose
from tests.operations.conftest import CODE, few_procedures


@pytest.fixture(scope="module")
def json_app(tmp_path_factory):
    app = few_procedures(tmp_path_factory.mktemp("json-logs"), LOG_FORMAT="json")
    yield app
    dispose(app)


def logging_of(app):
    """Logging is the process's: the last app built set it up, so set it up for ``app``."""
    logs.configure(app)
    return app.test_client()


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_json_lines_parse_and_carry_the_request_id(json_app, capsys):
    client = logging_of(json_app)
    capsys.readouterr()
    sent = client.get(f"/api/v1/procedures/{CODE}", headers={"X-Request-ID": "trace-42"})
    stored = client.get(f"/api/v1/procedures/{CODE}")  # from the worker's store
    lines = [
        r for r in json_lines(capsys.readouterr().err) if r["logger"] == "services_api.requests"
    ]
    assert [r["request_id"] for r in lines] == ["trace-42", stored.headers["X-Request-ID"]]
    first = lines[0]
    assert first["method"] == "GET" and first["path"] == f"/api/v1/procedures/{CODE}"
    assert first["status"] == sent.status_code == 200
    assert first["level"] == "INFO" and first["time"]
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] > 0


def test_records_written_during_a_request_carry_its_id(json_app, capsys):
    logging_of(json_app)
    capsys.readouterr()
    with json_app.test_request_context("/", headers={"X-Request-ID": "q-1"}):
        json_app.preprocess_request()
        logging.getLogger("services_api.searching").warning("inside a request")
    logging.getLogger("services_api.elsewhere").warning("outside any request")
    records = json_lines(capsys.readouterr().err)
    inside = [r for r in records if r["message"] == "inside a request"]
    assert inside and inside[0]["request_id"] == "q-1"
    outside = [r for r in records if r["message"] == "outside any request"]
    assert outside and outside[0]["request_id"] == "-"


def test_plain_lines_by_default_with_the_id_and_the_query(ops_app, capsys):
    client = logging_of(ops_app)
    capsys.readouterr()
    response = client.get("/api/v1/agencies?page=1", headers={"X-Request-ID": "plain-7"})
    err = capsys.readouterr().err
    line = next(ln for ln in err.splitlines() if "services_api.requests" in ln)
    assert not line.startswith("{")
    assert "[plain-7]" in line and "GET /api/v1/agencies?page=1 " in line
    assert f" {response.status_code} " in line


def test_an_unknown_log_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        create_app({"AUTO_SEED": False, "INSTANCE_PATH": str(tmp_path), "LOG_FORMAT": "xml"})


def test_requests_are_not_logged_when_switched_off(tmp_path, capsys):
    app = few_procedures(tmp_path, LOG_REQUESTS=False)
    capsys.readouterr()
    app.test_client().get("/healthz")
    assert "services_api.requests" not in capsys.readouterr().err
    dispose(app)
