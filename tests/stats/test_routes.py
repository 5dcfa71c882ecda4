"""Maturity statistics: counts agree with the listing, shares add up to 100."""

import json

import pytest


def total(client, query: str) -> int:
    response = client.get(f"/api/v1/procedures?page_size=1&{query}")
    return json.loads(response.headers["X-Pagination"])["total"]


def test_province_counts_match_the_listing(catalogue_client):
    stats = catalogue_client.get("/api/v1/stats/maturity").json
    assert stats["procedure_count"] == 1601
    for row in stats["levels"]:
        assert row["count"] == total(catalogue_client, f"level={row['level']}")
    assert round(sum(row["share"] for row in stats["levels"]), 6) == 100.0
    online = sum(row["count"] for row in stats["levels"] if row["level"] >= 3)
    assert stats["online_rate"] == round(100 * online / 1601, 1)


@pytest.mark.parametrize("by", ["agency", "field", "tier"])
def test_groups_have_shares_adding_up_to_100(catalogue_client, by):
    stats = catalogue_client.get(f"/api/v1/stats/maturity?by={by}").json
    assert stats["by"] == by and stats["groups"]
    for group in stats["groups"]:
        assert group["procedure_count"] == sum(row["count"] for row in group["levels"])
        assert round(sum(row["share"] for row in group["levels"]), 6) == 100.0


def test_grouping_by_agency_or_field_counts_each_procedure_once(catalogue_client):
    for by in ("agency", "field"):
        groups = catalogue_client.get(f"/api/v1/stats/maturity?by={by}").json["groups"]
        assert sum(group["procedure_count"] for group in groups) == 1601


def test_grouping_by_tier_agrees_with_the_tier_filter(catalogue_client):
    groups = catalogue_client.get("/api/v1/stats/maturity?by=tier").json["groups"]
    by_code = {group["code"]: group for group in groups}
    assert by_code["commune"]["name"] == "Cấp xã"
    for code in ("province", "commune"):
        assert by_code[code]["procedure_count"] == total(catalogue_client, f"tier={code}")


@pytest.mark.parametrize("query", ["by=colour", "by=", "level=2"])
def test_bad_grouping_is_422(catalogue_client, query):
    assert catalogue_client.get(f"/api/v1/stats/maturity?{query}").status_code == 422
