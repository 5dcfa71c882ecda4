"""The catalogue listing and procedure records, on the whole seeded catalogue."""

import json
from pathlib import Path

import pytest

RELEVANCE_DEV = Path(__file__).parents[3] / "shared" / "eval" / "relevance-dev.jsonl"


def pagination(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


def all_items(client, query: str) -> list[dict]:
    response = client.get(f"/api/v1/procedures?page_size=100&{query}")
    assert response.status_code == 200, response.json
    items, total_pages = response.json, pagination(response)["total_pages"]
    for page in range(2, total_pages + 1):
        items += client.get(f"/api/v1/procedures?page_size=100&page={page}&{query}").json
    return items


def test_the_seeded_catalogue_has_every_province_and_commune_procedure(catalogue_client):
    response = catalogue_client.get("/api/v1/procedures?page_size=1")
    assert response.status_code == 200
    assert pagination(response)["total"] == 1601


def test_a_procedure_is_served_by_national_and_provincial_code(catalogue_client):
    national = catalogue_client.get("/api/v1/procedures/1.001193")
    provincial = catalogue_client.get("/api/v1/procedures/1.001193.000.00.00.H99")
    assert national.status_code == provincial.status_code == 200
    assert national.json == provincial.json
    record = national.json
    assert record["name"] == "Thủ tục đăng ký khai sinh"
    assert record["provincial_code"] == "1.001193.000.00.00.H99"
    assert record["maturity_level"] in (2, 3, 4)
    assert record["level_source"] == "derived"
    assert record["channels"] and record["steps"]


@pytest.mark.parametrize(
    "code", ["9.999999", "1.001193.000.00.00.H01", "abc", "1.001193.000.00.00"]
)
def test_unknown_codes_are_404_in_the_error_format(catalogue_client, code):
    response = catalogue_client.get(f"/api/v1/procedures/{code}")
    assert response.status_code == 404
    assert response.json["code"] == 404 and response.json["status"] == "Not Found"


@pytest.mark.skipif(not RELEVANCE_DEV.exists(), reason="shared evaluation set not present")
def test_every_code_of_the_relevance_set_is_served(catalogue_client):
    codes = {
        c for line in RELEVANCE_DEV.read_text().splitlines() for c in json.loads(line)["relevant"]
    }
    missing = [
        c
        for c in sorted(codes)
        if catalogue_client.get(f"/api/v1/procedures/{c}").status_code != 200
    ]
    assert missing == []


def test_level_filter_is_repeatable_and_matches_items(catalogue_client):
    items = all_items(catalogue_client, "level=3&level=4")
    assert items and {item["maturity_level"] for item in items} <= {3, 4}
    counts = {
        level: pagination(catalogue_client.get(f"/api/v1/procedures?page_size=1&level={level}"))[
            "total"
        ]
        for level in (3, 4)
    }
    assert len(items) == counts[3] + counts[4]


def test_filters_combine(catalogue_client):
    items = all_items(catalogue_client, "tier=commune&online=true&min_level=3")
    assert items
    for item in items:
        assert "commune" in item["tiers"] and item["online"] and item["maturity_level"] >= 3


def test_online_false_is_the_complement_of_online_true(catalogue_client):
    def total(query):
        return pagination(catalogue_client.get(f"/api/v1/procedures?page_size=1&{query}"))["total"]

    assert total("online=true") + total("online=false") == 1601
    assert total("online=false") == total("online=false&level=2")


def test_kind_maps_to_levels(catalogue_client):
    for item in all_items(catalogue_client, "kind=partial"):
        assert item["maturity_level"] == 3 and item["kind"] == "partial"


def test_agency_and_field_filters(catalogue_client):
    agency = catalogue_client.get("/api/v1/agencies/so-tu-phap").json
    items = all_items(catalogue_client, "agency=so-tu-phap")
    assert len(items) == agency["procedure_count"] > 0
    field = catalogue_client.get("/api/v1/fields").json[0]
    field_items = all_items(catalogue_client, f"field={field['code']}")
    assert len(field_items) == field["procedure_count"]
    assert {item["field"]["code"] for item in field_items} == {field["code"]}


def test_every_agency_code_filters_even_the_longest(catalogue_client):
    agencies = catalogue_client.get("/api/v1/agencies").json
    longest = max(agencies, key=lambda agency: len(agency["code"]))
    assert len(longest["code"]) > 200  # the real catalogue has such codes
    items = all_items(catalogue_client, f"agency={longest['code']}")
    assert len(items) == longest["procedure_count"] > 0


@pytest.mark.parametrize("key", ["name", "code", "level", "updated"])
@pytest.mark.parametrize("descending", [False, True])
def test_sorting(catalogue_client, key, descending):
    sort = f"-{key}" if descending else key
    items = all_items(catalogue_client, f"sort={sort}&tier=commune")
    field = {"name": "name", "code": "code", "level": "maturity_level", "updated": "updated_at"}[
        key
    ]
    values = [item[field] for item in items]
    assert values == sorted(values, reverse=descending) or key == "name"
    if key == "name":  # database collations differ; the order must still be total and stable
        assert len(values) == len(set(zip(values, [i["code"] for i in items], strict=True)))


def test_updated_since_in_the_future_finds_nothing(catalogue_client):
    response = catalogue_client.get("/api/v1/procedures?updated_since=2999-01-01T00:00:00Z")
    assert response.status_code == 200 and response.json == []
    everything = catalogue_client.get("/api/v1/procedures?page_size=1&updated_since=2000-01-01")
    assert pagination(everything)["total"] == 1601


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("level=5", "level"),
        ("level=abc", "level"),
        ("min_level=0", "min_level"),
        ("tier=district", "tier"),
        ("kind=total", "kind"),
        ("online=maybe", "online"),
        ("sort=popularity", "sort"),
        ("updated_since=yesterday", "updated_since"),
        ("agency=no-such-agency", "agency"),
        ("field=no-such-field", "field"),
        ("colour=red", "colour"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(catalogue_client, query, field):
    response = catalogue_client.get(f"/api/v1/procedures?{query}")
    assert response.status_code == 422
    assert field in response.json["errors"]["query"]


@pytest.mark.parametrize("query", ["page=0", "page_size=0", "page_size=1000", "page=x"])
def test_bad_pagination_is_422(catalogue_client, query):
    assert catalogue_client.get(f"/api/v1/procedures?{query}").status_code == 422


@pytest.mark.parametrize("page", [18, 2305843009213038402])
def test_a_page_past_the_last_is_empty(catalogue_client, page):
    response = catalogue_client.get(f"/api/v1/procedures?page_size=100&page={page}")
    assert response.status_code == 200
    assert response.json == []
    assert pagination(response)["total"] == 1601
