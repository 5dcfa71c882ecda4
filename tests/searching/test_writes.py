"""A committed write of procedures (a level change, a publication, an import) answers its
success whatever its index step after the commit does: the change is in the database and waits
in the search outbox for the next drain."""

import io
import json

import pytest
from sqlalchemy import select

from search import SearchUnavailable
from services_api.extensions import db
from services_api.searching.extension import search_index
from services_api.searching.models import SearchOutbox
from tests.factories import AGENCY_A, pick
from tests.helpers import bearer, history, put_level
from tests.publishing.conftest import NEW_CODE, new_procedure


class FailsToIndex:
    """The real backend, but indexing or deleting raises ``error`` (after the write's commit)."""

    def __init__(self, backend, error: BaseException) -> None:
        self.backend, self.error = backend, error

    def index(self, docs) -> None:
        raise self.error

    def delete(self, codes) -> None:
        raise self.error

    def __getattr__(self, name):
        return getattr(self.backend, name)


@pytest.fixture(params=[SearchUnavailable("engine down"), RuntimeError("engine defect")])
def failing_index(request, small_app, monkeypatch):
    with small_app.app_context():
        backend = FailsToIndex(search_index.backend, request.param)
    monkeypatch.setattr(type(search_index), "backend", property(lambda _self: backend))


def waiting(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(SearchOutbox.procedure_code)))


def test_a_single_change_answers_200_and_waits_in_the_outbox(
    small_app, small_client, admin, failing_index
):
    code = pick(AGENCY_A, online=True, level=3)
    response = put_level(small_client, code, admin, level=4, reason="Trả kết quả trực tuyến")
    assert response.status_code == 200, response.json
    assert response.json["maturity_level"] == 4
    assert history(small_client, code)[-1]["to_level"] == 4
    assert waiting(small_app) == [code]


def upload(client, token: str, path: str, data: bytes, name: str, **query):
    return client.post(
        f"/api/v1/imports/{path}",
        data={"file": (io.BytesIO(data), name)},
        headers=bearer(token),
        query_string=query,
        content_type="multipart/form-data",
    )


def test_an_import_answers_200_and_waits_in_the_outbox(
    small_app, small_client, admin, failing_index
):
    code = pick(AGENCY_A, online=True, level=3)
    data = f"code,level,reason\n{code},4,Trả kết quả trực tuyến\n".encode()
    response = upload(small_client, admin, "maturity", data, "levels.csv")
    assert response.status_code == 200, response.json
    assert waiting(small_app) == [code]


def test_a_publication_answers_201_and_waits_in_the_outbox(
    small_app, small_client, admin, failing_index
):
    response = small_client.post("/api/v1/procedures", json=new_procedure(), headers=bearer(admin))
    assert response.status_code == 201, response.json
    assert small_client.get(f"/api/v1/procedures/{NEW_CODE}").status_code == 200
    assert waiting(small_app) == [NEW_CODE]


def test_a_decision_import_answers_200_and_waits_in_the_outbox(
    small_app, small_client, admin, failing_index
):
    code = pick(AGENCY_A, online=True, level=3)
    data = json.dumps([{"ma_thu_tuc": code, "hanh_dong": "Bãi bỏ"}]).encode()
    decision = {"decision_number": "345/QĐ-UBND", "decision_date": "2025-05-20"}
    response = upload(small_client, admin, "decisions", data, "decision.json", **decision)
    assert response.status_code == 200, response.json
    assert response.json["applied"] and response.json["rescinded_count"] == 1
    assert waiting(small_app) == [code]
