"""/metrics: requests counted and timed by route (the URL rule) and status, the engine's time,
the answer store's hits and misses, the search outbox's depth read at scrape time."""

import json
import uuid
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from services_api.extensions import db
from services_api.searching import sync
from tests.factories import dispose
from tests.operations.conftest import CODE, few_procedures

SPEC = Path(__file__).parents[2] / "openapi" / "openapi.json"
PROCEDURE_RULE = "/api/v1/procedures/<string:code>"


def scrape(client) -> dict[tuple, float]:
    """Every sample of /metrics: (name, sorted labels) -> value."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=0.0.4")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for s in family.samples
    }


def sample(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_and_timed_by_route_and_status(ops_client):
    ok = {"route": PROCEDURE_RULE, "method": "GET", "status": "200"}
    missing = {"route": PROCEDURE_RULE, "method": "GET", "status": "404"}
    before = scrape(ops_client)
    for _ in range(3):
        assert ops_client.get(f"/api/v1/procedures/{CODE}").status_code == 200
    assert ops_client.get("/api/v1/procedures/NO-SUCH-CODE").status_code == 404
    assert ops_client.get(f"/no/such/{uuid.uuid4().hex}").status_code == 404
    after = scrape(ops_client)
    delta = lambda name, labels: sample(after, name, **labels) - sample(before, name, **labels)  # noqa: E731
    assert delta("services_api_http_requests_total", ok) == 3
    assert delta("services_api_http_request_duration_seconds_count", ok) == 3
    assert delta("services_api_http_request_duration_seconds_sum", ok) > 0
    assert delta("services_api_http_requests_total", missing) == 1
    unmatched = {"route": "unmatched", "method": "GET", "status": "404"}
    assert delta("services_api_http_requests_total", unmatched) == 1
    routes = {dict(labels).get("route") for _name, labels in after}
    assert CODE not in " ".join(r for r in routes if r), "a raw path became a label"


def test_answer_store_hits_and_misses(ops_client):
    url = f"/api/v1/procedures?page_size={len(uuid.uuid4().hex)}&sort=name"
    before = scrape(ops_client)
    ops_client.get(url)  # built and kept
    ops_client.get(url)  # from the store
    etag = ops_client.get(url).headers["ETag"]
    assert ops_client.get(url, headers={"If-None-Match": etag}).status_code == 304
    after = scrape(ops_client)
    name = "services_api_answer_cache_total"
    assert sample(after, name, result="miss") - sample(before, name, result="miss") == 1
    assert sample(after, name, result="hit") - sample(before, name, result="hit") == 3


def test_engine_time_of_searches_and_suggestions(ops_client):
    name = "services_api_search_backend_duration_seconds_count"
    before = scrape(ops_client)
    assert ops_client.get("/api/v1/search?q=chứng thực bản sao").status_code == 200
    assert ops_client.get("/api/v1/search?q=chứng thực bản sao").status_code == 200  # stored
    assert ops_client.get("/api/v1/search/suggest?q=chứng th").status_code == 200
    after = scrape(ops_client)
    assert sample(after, name, operation="search") - sample(before, name, operation="search") == 1
    assert sample(after, name, operation="suggest") - sample(before, name, operation="suggest") == 1


def test_outbox_depth_is_read_at_scrape_time(tmp_path):
    app = few_procedures(tmp_path)
    client = app.test_client()
    gauge = "services_api_search_outbox_pending"
    assert sample(scrape(client), gauge) == 0
    with app.app_context():
        sync.enqueue(db.session, [CODE, CODE])
        db.session.commit()
    assert sample(scrape(client), gauge) == 2
    dispose(app)


def test_metrics_are_not_kept_nor_in_the_api_spec(ops_client):
    response = ops_client.get("/metrics")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Request-ID"]
    assert "/metrics" not in json.loads(SPEC.read_text("utf-8"))["paths"]


def test_metrics_can_be_switched_off(tmp_path):
    app = few_procedures(tmp_path, METRICS_ENABLED=False)
    assert app.test_client().get("/metrics").status_code == 404
    dispose(app)
