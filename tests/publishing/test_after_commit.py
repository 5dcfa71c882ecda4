"""A publishing write whose database becomes unreachable right after its commit answers its
success, with the body of the saved procedure: the write is saved, so a 503 would tell the
client to retry a write that is already done."""

import json

import pytest
from sqlalchemy import event, func, select

from services_api.extensions import db
from services_api.procedures.models import Procedure, ProcedureRevision
from services_api.publishing.writer import ContentWriter
from tests.factories import AGENCY_A, pick
from tests.helpers import bearer, etag_of
from tests.publishing.conftest import NEW_CODE, new_procedure

AMENDING = {"number": "202/QĐ-UBND", "date": "2025-06-01"}
RESTORING = {"number": "303/QĐ-UBND", "date": "2025-07-01"}


class OutageAfterCommit:
    """Every statement fails as a lost connection does, from the content writer's commit until
    ``end()``: the transaction is saved, and whatever the request reads after it cannot be."""

    def __init__(self, app, monkeypatch) -> None:
        with app.app_context():
            self.engine = db.engine
        self.down = False
        self.failed = 0
        commit = ContentWriter._commit

        def commit_then_fail(writer, lost_race):
            commit(writer, lost_race)
            self.down = True

        monkeypatch.setattr(ContentWriter, "_commit", commit_then_fail)
        event.listen(self.engine, "before_cursor_execute", self._refuse)

    def _refuse(self, _connection, _cursor, statement, _parameters, _context, _many):
        if self.down:
            self.failed += 1
            raise self.engine.dialect.loaded_dbapi.OperationalError(
                "server closed the connection unexpectedly"
            )
        return statement, _parameters

    def end(self) -> None:
        self.down = False

    def remove(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._refuse)


@pytest.fixture
def outage(small_app, monkeypatch):
    outage = OutageAfterCommit(small_app, monkeypatch)
    yield outage
    outage.remove()


def saved_revisions(app, code: str) -> list[str]:
    with app.app_context():
        procedure_id = select(Procedure.id).where(Procedure.code == code).scalar_subquery()
        kinds = db.session.scalars(
            select(ProcedureRevision.kind)
            .where(ProcedureRevision.procedure_id == procedure_id)
            .order_by(ProcedureRevision.number)
        )
        return [kind.value for kind in kinds]


def assert_saved_and_answered(client, response, status: int, outage) -> None:
    """The write answered ``status`` with exactly what the procedure's page now says."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert outage.down, "the database was not down after the commit"
    outage.end()
    code = response.json["code"]
    page = client.get(f"/api/v1/procedures/{code}")
    assert response.json == page.json
    assert response.headers["ETag"] == page.headers["ETag"]


def test_a_creation_answers_201_when_the_database_goes_down_after_its_commit(
    small_app, small_client, admin, outage
):
    body = new_procedure(
        implementing_agencies=["ban-le-hoi", AGENCY_A],
        field="le-hoi",
        new_agencies=[{"code": "ban-le-hoi", "name": "Ban Lễ hội", "tier": "province"}],
        new_fields=[{"code": "le-hoi", "name": "Lễ hội"}],
        legal_basis=[{"title": "Luật Di sản văn hóa", "number": "45/2024/QH15"}],
    )
    response = small_client.post("/api/v1/procedures", json=body, headers=bearer(admin))
    assert_saved_and_answered(small_client, response, 201, outage)
    assert response.json["name"] == body["name"] and response.json["revision"] == 1
    assert response.json["agency"] == {"code": "ban-le-hoi", "name": "Ban Lễ hội"}
    assert saved_revisions(small_app, NEW_CODE) == ["created"]


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_a_content_change_answers_200_when_the_database_goes_down_after_its_commit(
    small_app, small_client, admin, outage, method
):
    code = pick(AGENCY_A, online=False)
    seeded = small_client.get(f"/api/v1/procedures/{code}/revisions/1").json["content"]
    channels = [{"method": "in_person", "time_value": 5, "time_unit": "Ngày", "fee_vnd": 8000}]
    body = {"decision": AMENDING, "channels": channels, "name": "Tên đã sửa"}
    if method == "PUT":
        body = {**{k: v for k, v in seeded.items() if k != "status"}, **body}
    headers = {**bearer(admin), "If-Match": etag_of(small_client, code)}
    response = small_client.open(
        f"/api/v1/procedures/{code}", method=method, json=body, headers=headers
    )
    assert_saved_and_answered(small_client, response, 200, outage)
    assert (response.json["name"], response.json["revision"]) == ("Tên đã sửa", 2)
    assert response.json["channels"][0]["fee_vnd"] == 8000
    assert saved_revisions(small_app, code) == ["created", "changed"]


def test_a_rescission_and_a_restoration_answer_200_when_the_database_goes_down_after_the_commit(
    small_app, small_client, admin, outage
):
    code = pick(AGENCY_A, online=True)
    for status, decision in (("rescinded", AMENDING), ("active", RESTORING)):
        headers = {**bearer(admin), "If-Match": etag_of(small_client, code)}
        response = small_client.put(
            f"/api/v1/procedures/{code}/status",
            json={"status": status, "decision": decision},
            headers=headers,
        )
        assert_saved_and_answered(small_client, response, 200, outage)
        assert response.json["status"] == status and response.json["decision"] == decision
    assert saved_revisions(small_app, code) == ["created", "rescinded", "restored"]


def test_the_outage_simulated_is_one_the_api_answers_503(small_client, admin, outage):
    """The failure the tests above inject is an outage to the app (not a defect, a 500)."""
    outage.down = True
    response = small_client.get("/api/v1/procedures", headers=bearer(admin))
    assert response.status_code == 503 and outage.failed
    assert json.loads(response.get_data())["code"] == 503
    outage.end()
    with small_client.application.app_context():
        assert db.session.scalar(select(func.count()).select_from(Procedure)) > 0
