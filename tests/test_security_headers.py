"""Security headers on every kind of answer, and CORS: reads as configured, writes only from
CORS_WRITE_ORIGINS, never `*` nor `null`."""

import re

import pytest

from services_api.security_headers import frame_ancestors, write_origins
from tests.factories import build_app, dispose

PORTAL = "https://dichvucong.example.gov.vn"
ADMIN = "https://quantri.example.gov.vn"
PUT_PREFLIGHT = {
    "Access-Control-Request-Method": "PUT",
    "Access-Control-Request-Headers": "authorization, content-type, if-match",
}
MATURITY = "/api/v1/procedures/1.001193/maturity"


def make_app(tmp_path, **config):
    settings = {"AUTO_SEED": False, "CORS_ORIGINS": PORTAL, **config}
    return build_app(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path, **settings)


@pytest.fixture
def client(tmp_path):
    app = make_app(tmp_path, CORS_WRITE_ORIGINS=f"{ADMIN}, null, *")
    yield app.test_client()
    dispose(app)


def csp(response) -> dict[str, str]:
    directives = [d.strip() for d in response.headers["Content-Security-Policy"].split(";")]
    return dict(d.split(" ", 1) for d in directives if d)


def cors_headers(response) -> dict[str, str]:
    return {k: v for k, v in response.headers if k.lower().startswith("access-control-")}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/static/portal/app.js", 200),
        ("/api/v1/openapi.json", 200),
        ("/api/v1/docs", 200),
        ("/api/v1/docs/static/docs.js", 200),
        ("/healthz", 200),
        ("/api/v1/nothing-here", 404),
        ("/nothing-here", 404),
    ],
)
def test_every_answer_is_not_sniffed_and_keeps_its_referrer_to_the_origin(client, path, status):
    with client.get(path) as response:
        assert response.status_code == status
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Content-Security-Policy" in response.headers


def test_the_citizen_page_allows_its_own_files_and_its_portal_as_a_frame(client):
    policy = csp(client.get("/"))
    assert policy == {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "data:",
        "connect-src": "'self'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": PORTAL,
    }


@pytest.mark.parametrize("path", ["/", "/api/v1/docs"])
def test_the_pages_hold_nothing_inline_that_their_policy_would_block(client, path):
    html = client.get(path).get_data(as_text=True)
    assert re.findall(r"<script\b[^>]*>", html)
    assert all(" src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))
    assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=|javascript:", html)


def test_frame_ancestors_follow_the_configured_origins(tmp_path):
    app = make_app(tmp_path, CORS_ORIGINS="https://a.example, https://b.example:8443")
    ancestors = csp(app.test_client().get("/"))["frame-ancestors"]
    assert ancestors == "https://a.example https://b.example:8443"
    dispose(app)


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        ("*", "*"),
        ("", "'none'"),
        ("null", "'none'"),
        (["https://a.example", "null"], "https://a.example"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_frame_ancestors_of_each_setting(configured, expected):
    assert frame_ancestors(configured) == expected


def test_an_origin_that_would_change_the_policy_is_refused_at_start():
    with pytest.raises(ValueError, match="not an origin"):
        frame_ancestors("https://a.example; script-src *")


def test_json_error_and_file_answers_allow_nothing(client):
    for path in ("/api/v1/openapi.json", "/api/v1/nothing-here", "/static/portal/app.js"):
        with client.get(path) as response:
            assert csp(response) == {"default-src": "'none'", "frame-ancestors": "'none'"}


def test_an_error_answer_to_a_write_has_the_headers(client):
    response = client.put(MATURITY, json={"level": 3})
    assert response.status_code == 401
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert csp(response)["default-src"] == "'none'"


def test_the_docs_page_allows_only_its_own_assets(client):
    policy = csp(client.get("/api/v1/docs"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["connect-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in client.get("/api/v1/docs").headers["Content-Security-Policy"]


def test_reads_keep_their_cors(client):
    read = client.get("/api/v1/openapi.json", headers={"Origin": PORTAL})
    assert read.headers["Access-Control-Allow-Origin"] == PORTAL
    assert "X-Pagination" in read.headers["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/procedures",
        headers={"Origin": PORTAL, "Access-Control-Request-Method": "GET"},
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == PORTAL
    # A browser keeps a preflight's methods for a while: a read's must not let a write through.
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_a_write_from_a_write_origin_is_allowed(client):
    preflight = client.options(MATURITY, headers={"Origin": ADMIN, **PUT_PREFLIGHT})
    assert preflight.headers["Access-Control-Allow-Origin"] == ADMIN
    assert "PUT" in preflight.headers["Access-Control-Allow-Methods"]
    allowed = preflight.headers["Access-Control-Allow-Headers"].lower()
    assert {"authorization", "content-type", "if-match"} <= set(allowed.split(", "))
    assert "Origin" in preflight.headers["Vary"]
    write = client.put(MATURITY, headers={"Origin": ADMIN}, json={"level": 3})
    assert write.headers["Access-Control-Allow-Origin"] == ADMIN  # its 401 is readable


@pytest.mark.parametrize("origin", [PORTAL, "https://evil.example", "null"])
@pytest.mark.parametrize("method", ["PUT", "POST", "PATCH", "DELETE"])
def test_a_write_from_any_other_origin_is_refused(client, origin, method):
    asked = {"Origin": origin, **PUT_PREFLIGHT, "Access-Control-Request-Method": method}
    assert cors_headers(client.options(MATURITY, headers=asked)) == {}
    write = client.open(MATURITY, method=method, headers={"Origin": origin}, json={})
    assert cors_headers(write) == {}


def test_reads_for_every_origin_still_refuse_writes(tmp_path):
    app = make_app(tmp_path, CORS_ORIGINS="*")
    client = app.test_client()
    assert client.get("/api/v1/openapi.json").headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(MATURITY, headers={"Origin": PORTAL, **PUT_PREFLIGHT})
    assert cors_headers(preflight) == {}
    assert cors_headers(client.put(MATURITY, headers={"Origin": PORTAL}, json={})) == {}
    dispose(app)


def test_no_write_origin_by_default(tmp_path):
    app = make_app(tmp_path)
    client = app.test_client()
    assert cors_headers(client.options(MATURITY, headers={"Origin": ADMIN, **PUT_PREFLIGHT})) == {}
    dispose(app)


def test_write_origins_never_hold_the_wildcard_nor_null(caplog):
    origins = write_origins("https://a.example, *, null, NULL, https://b.example:8443")
    assert origins == ["https://a.example", "https://b.example:8443"]
    assert caplog.text.count("never allowed to write") == 3
    assert write_origins("*") == [] and write_origins("") == [] and write_origins(None) == []
    with pytest.raises(ValueError, match="not an origin"):
        write_origins("https://*.example")
