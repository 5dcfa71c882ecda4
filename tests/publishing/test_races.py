"""A publication that loses a race to another write of the same code: 409, and nothing of it is
written."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from services_api.publishing.writer import ContentWriter
from tests.helpers import bearer
from tests.publishing.conftest import NEW_CODE, new_procedure

POSTGRES_ONLY = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
OTHER_DECISION = {"number": "102/QĐ-UBND", "date": "2025-03-02"}
OTHER_NAME = "Cấp giấy phép tổ chức lễ hội bơi chải"


def create(app, token: str, body: dict):
    return app.test_client().post("/api/v1/procedures", json=body, headers=bearer(token))


@POSTGRES_ONLY
def test_a_code_another_write_has_just_created_is_409_and_writes_nothing(
    small_app, small_client, admin, monkeypatch
):
    """Both found the code new; the other commits first, so this one's insert breaks the unique
    code at its commit (SQLite takes one writer at a time: there the other would wait)."""
    commit = ContentWriter._commit

    def the_other_first(self, lost_race):
        monkeypatch.setattr(ContentWriter, "_commit", commit)  # the other commits as usual
        other = new_procedure(name=OTHER_NAME, decision=OTHER_DECISION)
        with ThreadPoolExecutor(1) as pool:
            response = pool.submit(create, small_app, admin, other).result(timeout=60)
        assert response.status_code == 201, response.json
        commit(self, lost_race)

    monkeypatch.setattr(ContentWriter, "_commit", the_other_first)
    response = create(small_app, admin, new_procedure())
    assert response.status_code == 409, response.json
    assert "vừa ghi cùng mã" in response.json["message"]
    record = small_client.get(f"/api/v1/procedures/{NEW_CODE}").json
    assert (record["name"], record["revision"], record["decision"]) == (
        OTHER_NAME,
        1,
        OTHER_DECISION,
    )
    changes = small_client.get("/api/v1/changes").json["changes"]
    decisions = [c["data"]["decision"]["number"] for c in changes if c["subject"] == NEW_CODE]
    assert decisions == [OTHER_DECISION["number"]]
