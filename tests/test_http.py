"""HTTP behaviour shared by the public reads: ETag, 304, Cache-Control, CORS, probes."""

import pytest

PUBLIC_READS = [
    "/api/v1/procedures?page_size=5",
    "/api/v1/procedures/1.001193",
    "/api/v1/agencies",
    "/api/v1/fields",
    "/api/v1/stats/maturity?by=tier",
]


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_public_reads_are_cacheable_and_revalidate(catalogue_client, path):
    first = catalogue_client.get(path)
    assert first.status_code == 200
    assert first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("public")
    again = catalogue_client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    stale = catalogue_client.get(path, headers={"If-None-Match": '"stale"'})
    assert stale.status_code == 200


def test_listing_etag_depends_on_the_page(catalogue_client):
    one = catalogue_client.get("/api/v1/procedures?page=1").headers["ETag"]
    two = catalogue_client.get("/api/v1/procedures?page=2").headers["ETag"]
    assert one != two


def test_cors_exposes_pagination_and_etag(catalogue_client):
    response = catalogue_client.get(
        "/api/v1/procedures?page_size=1", headers={"Origin": "https://dichvucong.example.gov.vn"}
    )
    exposed = response.headers["Access-Control-Expose-Headers"]
    assert response.headers["Access-Control-Allow-Origin"] in (
        "*",
        "https://dichvucong.example.gov.vn",
    )
    assert "X-Pagination" in exposed and "ETag" in exposed


def test_cors_only_for_configured_origins(tmp_path):
    from tests.factories import build_app, dispose

    app = build_app(
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        tmp_path,
        CORS_ORIGINS="https://portal.example",
        AUTO_SEED=False,
    )
    client = app.test_client()
    allowed = client.get("/healthz", headers={"Origin": "https://portal.example"})
    api_allowed = client.get("/api/v1/openapi.json", headers={"Origin": "https://portal.example"})
    other = client.get("/api/v1/openapi.json", headers={"Origin": "https://evil.example"})
    assert allowed.status_code == 200
    assert api_allowed.headers.get("Access-Control-Allow-Origin") == "https://portal.example"
    assert "Access-Control-Allow-Origin" not in other.headers
    dispose(app)


def test_probes(catalogue_client):
    assert catalogue_client.get("/healthz").json == {"status": "ok"}
    ready = catalogue_client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json == {"status": "ok", "database": True, "search": True}


def test_unknown_route_is_404_in_the_error_format(catalogue_client):
    response = catalogue_client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json["status"] == "Not Found"


def test_interactive_docs_are_served(catalogue_client):
    assert catalogue_client.get("/api/v1/docs").status_code == 200
    assert catalogue_client.get("/api/v1/openapi.json").json["info"]["version"] == "v1"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("TRACE", "/healthz", "GET, HEAD, OPTIONS"),
        ("DELETE", "/api/v1/procedures", "GET, HEAD, OPTIONS, POST"),
        ("GET", "/api/v1/procedures/1.001193/maturity", "OPTIONS, PUT"),
        ("PATCH", "/api/v1/search/rules/1", "DELETE, GET, HEAD, OPTIONS, PUT"),
    ],
)
def test_undeclared_methods_are_405_with_allow_in_the_error_format(
    catalogue_client, method, path, allowed
):
    response = catalogue_client.open(path, method=method)
    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    assert response.json["code"] == 405 and allowed in response.json["message"]


def test_pagination_header_is_the_json_text_its_spec_describes(catalogue_client):
    import json

    spec = catalogue_client.get("/api/v1/openapi.json").json
    header = spec["components"]["headers"]["PAGINATION"]["schema"]
    assert header["type"] == "string" and header["contentMediaType"] == "application/json"
    metadata = spec["components"]["schemas"]["PaginationMetadata"]
    page = catalogue_client.get("/api/v1/procedures?page_size=5")
    sent = json.loads(page.headers["X-Pagination"])
    assert sent["page"] == 1 and sent["total"] > 5
    assert set(sent) <= set(metadata["properties"])
