"""The search endpoints over the seeded catalogue: ranking, filters, facets, bad input, outages."""

import pytest

from tests.factories import build_app, dispose


def search(client, **params):
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200, response.json
    return response.json


def test_query_without_tone_marks_finds_the_procedure_first(catalogue_client):
    result = search(catalogue_client, q="dang ky khai sinh")
    first = result["hits"][0]
    assert first["code"] == "1.001193"
    assert "<mark>" in first["highlight"]["name"]
    assert result["degraded"] is False and result["total"] >= len(result["hits"])


def test_hits_carry_what_a_result_list_shows(catalogue_client):
    hit = search(catalogue_client, q="đăng ký kết hôn")["hits"][0]
    assert set(hit) >= {
        "code",
        "name",
        "maturity_level",
        "kind",
        "tiers",
        "agency",
        "field",
        "score",
    }
    record = catalogue_client.get(f"/api/v1/procedures/{hit['code']}").json
    assert hit["name"] == record["name"] and hit["maturity_level"] == record["maturity_level"]


def test_abbreviation_reaches_the_expansion(catalogue_client):
    codes = [hit["code"] for hit in search(catalogue_client, q="gplx")["hits"][:5]]
    assert "3.000348" in codes


def test_filters_apply_and_facets_follow_the_query(catalogue_client):
    everything = search(catalogue_client, q="giấy phép")
    assert everything["facets"]["level"]
    only_level_3 = search(catalogue_client, q="giấy phép", level=3)
    assert {hit["maturity_level"] for hit in only_level_3["hits"]} == {3}
    assert only_level_3["total"] == everything["facets"]["level"]["3"]
    communes = search(catalogue_client, q="giấy phép", tier="commune")
    assert communes["total"] < everything["total"]
    assert all("commune" in hit["tiers"] for hit in communes["hits"])


def test_pagination_pages_do_not_overlap(catalogue_client):
    first = search(catalogue_client, q="cấp", page=1, page_size=5)
    second = search(catalogue_client, q="cấp", page=2, page_size=5)
    assert len(first["hits"]) == len(second["hits"]) == 5
    assert not {h["code"] for h in first["hits"]} & {h["code"] for h in second["hits"]}


def test_suggest_completes_the_last_word(catalogue_client):
    response = catalogue_client.get("/api/v1/search/suggest", query_string={"q": "dang ky ket h"})
    assert response.status_code == 200
    assert 0 < len(response.json) <= 8
    assert any("kết hôn" in s["name"].lower() for s in response.json)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "x" * 201},
        {"q": "khai\x00sinh"},
        {"q": "a", "page": 0},
        {"q": "a", "page_size": 51},
        {"q": "a", "page": 200, "page_size": 50},
        {"q": "a", "level": 7},
        {"q": "a", "agency": "khong-co-co-quan-nay"},
        {"q": "a", "sort": "name"},
    ],
)
def test_bad_queries_are_422(catalogue_client, params):
    response = catalogue_client.get("/api/v1/search", query_string=params)
    assert response.status_code == 422 and response.json["code"] == 422


def test_pure_punctuation_is_an_empty_result(catalogue_client):
    result = search(catalogue_client, q="?!...---")
    assert result["total"] == 0 and result["hits"] == []


def test_zero_result_queries_are_counted_and_listed(catalogue_app):
    client = catalogue_app.test_client()
    for _ in range(2):
        assert search(client, q="xyzzy qwerty plugh")["total"] == 0
    output = catalogue_app.test_cli_runner().invoke(args=["search", "zero-results"]).output
    line = next(line for line in output.splitlines() if "xyzzy qwerty plugh" in line)
    assert int(line.split()[0]) >= 2


def test_search_status_command(catalogue_app):
    output = catalogue_app.test_cli_runner().invoke(args=["search", "status"]).output
    assert "documents indexed: 1601" in output and "pending changes: 0" in output


@pytest.fixture
def engine_down_app(tmp_path):
    """The catalogue with an Elasticsearch backend that nobody answers for."""
    app = build_app(
        f"sqlite:///{tmp_path / 'services.sqlite3'}",
        tmp_path,
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_URL="http://127.0.0.1:9",
        SEARCH_TIMEOUT_SECONDS=0.5,
    )
    yield app
    dispose(app)


def test_engine_down_answers_from_the_database_marked_degraded(engine_down_app):
    client = engine_down_app.test_client()
    response = client.get("/api/v1/search", query_string={"q": "khai sinh"})
    assert response.status_code == 200
    assert response.headers["X-Search-Degraded"] == "true"
    assert response.json["degraded"] is True
    assert any(hit["code"] == "1.001193" for hit in response.json["hits"])
    suggest = client.get("/api/v1/search/suggest", query_string={"q": "Thủ tục đăng ký khai"})
    assert suggest.status_code == 200 and suggest.json
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json["search"] is False
