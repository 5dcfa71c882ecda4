"""Agencies with their procedure counts per level."""


def test_agencies_list_with_level_counts(catalogue_client):
    agencies = catalogue_client.get("/api/v1/agencies").json
    assert len(agencies) > 20
    for agency in agencies:
        assert agency["procedure_count"] == sum(row["count"] for row in agency["levels"])
    assert {a["tier"] for a in agencies} <= {"ministry", "province", "commune", "other"}


def test_one_agency_by_code(catalogue_client):
    agency = catalogue_client.get("/api/v1/agencies/so-tu-phap")
    assert agency.status_code == 200
    assert agency.json["name"] == "Sở Tư pháp" and agency.json["procedure_count"] > 0
    assert catalogue_client.get("/api/v1/agencies/khong-co").status_code == 404


def test_agencies_filter_by_tier(catalogue_client):
    communes = catalogue_client.get("/api/v1/agencies?tier=commune").json
    assert communes and {a["tier"] for a in communes} == {"commune"}
    assert catalogue_client.get("/api/v1/agencies?tier=moon").status_code == 422
