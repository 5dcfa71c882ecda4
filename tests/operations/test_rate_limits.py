"""Per-client rate limits on search, suggest, exports and imports: a 429 in the API's error
format with Retry-After and the RateLimit headers once a client is over its budget, answers
from the store counted too; other clients, other groups and other endpoints unaffected."""

import json
import socket
import uuid
from pathlib import Path

import pytest

from tests.factories import dispose
from tests.operations.conftest import few_procedures

SPEC = Path(__file__).parents[2] / "openapi" / "openapi.json"
LIMITS = {
    "RATELIMIT_ENABLED": True,
    "RATE_LIMIT_SEARCH": "3/minute",
    "RATE_LIMIT_SUGGEST": "2/minute",
    "RATE_LIMIT_EXPORTS": "1/minute",
    "RATE_LIMIT_IMPORTS": "1/minute",
}
SEARCH = "/api/v1/search?q=chứng thực"


@pytest.fixture(scope="module")
def limited_app(tmp_path_factory):
    app = few_procedures(tmp_path_factory.mktemp("limits"), **LIMITS)
    yield app
    dispose(app)


def client_at(app, address: str | None = None):
    """A test client calling from its own address (each test its own budgets)."""
    address = address or f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_429_after_the_limit_stored_answers_counted(limited_app):
    client = client_at(limited_app)
    answers = [client.get(SEARCH) for _ in range(3)]  # the 2nd and 3rd from the store
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0"]
    assert answers[2].headers["RateLimit"].startswith('"search";r=0;t=')
    assert answers[0].headers["RateLimit-Policy"] == '"search";q=3;w=60'
    assert all("Retry-After" not in a.headers for a in answers)
    refused = client.get(SEARCH, headers={"X-Request-ID": "over-1"})
    assert refused.status_code == 429
    assert refused.json["code"] == 429 and refused.json["status"] == "Too Many Requests"
    assert "search allows 3/minute per client" in refused.json["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["X-RateLimit-Limit"] == "3"
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert int(refused.headers["X-RateLimit-Reset"]) > 0
    assert refused.headers["RateLimit-Policy"] == '"search";q=3;w=60'
    assert refused.headers["X-Request-ID"] == "over-1"
    assert refused.headers["Cache-Control"] == "no-store"


def test_each_client_has_its_own_budget(limited_app):
    first, second = client_at(limited_app), client_at(limited_app)
    for _ in range(3):
        first.get(SEARCH)
    assert first.get(SEARCH).status_code == 429
    assert second.get(SEARCH).status_code == 200
    assert second.get(SEARCH).headers["X-RateLimit-Remaining"] == "1"


def test_groups_are_separate_and_the_exports_share_one(limited_app):
    client = client_at(limited_app)
    for _ in range(4):
        client.get(SEARCH)
    assert client.get("/api/v1/search/suggest?q=chứng").status_code == 200
    assert client.get("/api/v1/exports/procedures.csv").status_code == 200
    assert client.get("/api/v1/exports/procedures.xlsx").status_code == 429


def test_imports_count_before_the_key_is_checked(limited_app):
    client = client_at(limited_app)
    assert client.post("/api/v1/imports/maturity").status_code == 401
    refused = client.post("/api/v1/imports/maturity")
    assert refused.status_code == 429 and refused.json["code"] == 429


def test_other_endpoints_are_not_limited(limited_app):
    client = client_at(limited_app)
    answers = [client.get("/api/v1/agencies") for _ in range(6)]
    assert {a.status_code for a in answers} == {200}
    assert not any("RateLimit" in a.headers or "X-RateLimit-Limit" in a.headers for a in answers)


def test_behind_trusted_proxies_clients_are_told_apart(tmp_path):
    app = few_procedures(tmp_path, TRUSTED_PROXIES=1, **LIMITS)
    proxy = client_at(app, "192.0.2.1")
    first = {"X-Forwarded-For": "203.0.113.5"}
    for _ in range(3):
        proxy.get(SEARCH, headers=first)
    assert proxy.get(SEARCH, headers=first).status_code == 429
    assert proxy.get(SEARCH, headers={"X-Forwarded-For": "203.0.113.6"}).status_code == 200
    dispose(app)


def test_without_trusted_proxies_a_forwarded_address_changes_nothing(limited_app):
    client = client_at(limited_app)
    for n in range(3):
        client.get(SEARCH, headers={"X-Forwarded-For": f"198.51.100.{n}"})
    refused = client.get(SEARCH, headers={"X-Forwarded-For": "198.51.100.9"})
    assert refused.status_code == 429


def test_disabled_limits_never_answer_429(tmp_path):
    app = few_procedures(tmp_path, **{**LIMITS, "RATELIMIT_ENABLED": False})
    client = client_at(app)
    answers = [client.get(SEARCH) for _ in range(8)]
    assert {a.status_code for a in answers} == {200}
    assert "X-RateLimit-Limit" not in answers[-1].headers
    dispose(app)


def redis_reachable(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis at 127.0.0.1:6379")
def test_redis_storage_is_shared_by_the_workers(tmp_path):
    redis = {
        **LIMITS,
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        "RATELIMIT_KEY_PREFIX": f"services-api-test-{uuid.uuid4().hex}",
    }
    one = few_procedures(tmp_path / "one", **redis)
    other = few_procedures(tmp_path / "other", **redis)  # another worker, same Redis
    address = "10.9.9.9"
    assert [client_at(one, address).get(SEARCH).status_code for _ in range(2)] == [200, 200]
    assert client_at(other, address).get(SEARCH).status_code == 200
    assert client_at(other, address).get(SEARCH).status_code == 429
    assert client_at(one, address).get(SEARCH).status_code == 429
    dispose(one)
    dispose(other)


def test_an_unreachable_redis_counts_in_memory_instead_of_failing(tmp_path):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # nothing listens there
    app = few_procedures(tmp_path, **LIMITS, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{port}/0")
    client = client_at(app)
    assert [client.get(SEARCH).status_code for _ in range(4)] == [200, 200, 200, 429]
    dispose(app)


def test_preflights_are_not_counted(limited_app):
    client = client_at(limited_app)
    preflight = {"Origin": "https://portal.example", "Access-Control-Request-Method": "GET"}
    for _ in range(5):
        client.options(SEARCH, headers=preflight)
    assert client.get(SEARCH).headers["X-RateLimit-Remaining"] == "2"


def test_the_spec_documents_429_on_the_limited_operations_only():
    paths = json.loads(SPEC.read_text("utf-8"))["paths"]
    limited = {
        ("/api/v1/search", "get"),
        ("/api/v1/search/suggest", "get"),
        ("/api/v1/exports/procedures.csv", "get"),
        ("/api/v1/exports/procedures.xlsx", "get"),
        ("/api/v1/imports/maturity", "post"),
        ("/api/v1/imports/decisions", "post"),
    }
    documented = {
        (path, method)
        for path, operations in paths.items()
        for method, operation in operations.items()
        if isinstance(operation, dict) and "429" in operation.get("responses", {})
    }
    assert documented == limited
    headers = paths["/api/v1/search"]["get"]["responses"]["429"]["headers"]
    assert {"Retry-After", "RateLimit", "RateLimit-Policy"} <= set(headers)
