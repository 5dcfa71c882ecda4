"""Writes while the search engine is down are kept in the outbox and reach it once it is back."""

import json

import pytest

from services_api.extensions import db
from services_api.searching import sync
from tests.conftest import skip_unless_required
from tests.elasticsearch_server import ElasticsearchServer, ServerUnavailable
from tests.factories import AGENCY_A, catalogue_of, codes_of, dispose

pytestmark = pytest.mark.elasticsearch
LOWERED = ["1.001193", "1.000894", "1.000656"]  # khai sinh, kết hôn, khai tử
# Sở Tư pháp's procedures (their neighbours in search) rather than the whole catalogue: the
# test server is slow on a large index, and a slow answer would hide what the engine holds.
CODES = set(codes_of(AGENCY_A)) | set(LOWERED)


@pytest.fixture
def server(tmp_path):
    try:
        server = ElasticsearchServer(tmp_path / "es")
        server.start()
    except ServerUnavailable as error:
        skip_unless_required("REQUIRE_ELASTICSEARCH", str(error))
    yield server
    server.stop()


@pytest.fixture
def es_app(server, tmp_path):
    app = catalogue_of(
        f"sqlite:///{tmp_path / 'services.sqlite3'}",
        tmp_path,
        CODES,
        indexed=True,
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_URL=server.url,
        ELASTICSEARCH_INDEX="outage",
        # Long enough for the slow test server: a search that times out answers from the
        # database, which would hide what the engine holds. Refused connections fail at once.
        SEARCH_TIMEOUT_SECONDS=30.0,
    )
    yield app
    dispose(app)


def lower_to_level_1(client, key: str, code: str) -> None:
    etag = client.get(f"/api/v1/procedures/{code}").headers["ETag"]
    response = client.put(
        f"/api/v1/procedures/{code}/maturity",
        json={"level": 1, "reason": "Tạm ngừng cung cấp biểu mẫu trực tuyến"},
        headers={"Authorization": f"Bearer {key}", "If-Match": etag},
    )
    assert response.status_code == 200, response.json


def level_1_codes(client, query: str) -> set[str]:
    """The engine's level-1 hits (never the database fallback's)."""
    response = client.get("/api/v1/search", query_string={"q": query, "level": 1})
    assert response.status_code == 200
    assert response.json["degraded"] is False
    return {hit["code"] for hit in response.json["hits"]}


def test_writes_during_an_outage_reach_the_index_when_it_is_back(es_app, server):
    client, runner = es_app.test_client(), es_app.test_cli_runner()
    key = runner.invoke(args=["keys", "create", "--role", "admin"]).output.strip().splitlines()[-1]
    assert level_1_codes(client, "đăng ký khai sinh") == set()

    server.stop()
    for code in LOWERED:
        lower_to_level_1(client, key, code)
    with es_app.app_context():
        assert sync.pending(db.session) == len(LOWERED)
    degraded = client.get("/api/v1/search", query_string={"q": "khai sinh"})
    assert degraded.headers["X-Search-Degraded"] == "true"

    server.start()
    output = runner.invoke(args=["search", "drain"]).output
    assert f"{len(LOWERED)} changes applied, 0 pending" in output
    found = level_1_codes(client, "đăng ký khai sinh kết hôn khai tử")
    assert found == set(LOWERED)
    listing = client.get("/api/v1/procedures?level=1")
    assert {item["code"] for item in listing.json} == set(LOWERED)
    assert json.loads(listing.headers["X-Pagination"])["total"] == len(LOWERED)
