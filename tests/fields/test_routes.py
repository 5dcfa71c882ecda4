"""Fields with their procedure counts per level."""


def test_fields_counts_add_up_to_the_catalogue(catalogue_client):
    fields = catalogue_client.get("/api/v1/fields").json
    assert sum(f["procedure_count"] for f in fields) <= 1601
    assert any(f["name"] == "Hộ tịch" for f in fields)
