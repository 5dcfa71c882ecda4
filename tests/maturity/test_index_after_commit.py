"""A committed level change answers its success whatever its index step after the commit
does: the change is in the database and waits in the search outbox for the next drain."""

import io

import pytest
from sqlalchemy import select

from search import SearchUnavailable
from services_api.extensions import db
from services_api.searching.extension import search_index
from services_api.searching.models import SearchOutbox
from tests.factories import AGENCY_A, pick
from tests.helpers import bearer, history, put_level


class FailsToIndex:
    """The real backend, but indexing raises ``error`` (after the write's commit)."""

    def __init__(self, backend, error: BaseException) -> None:
        self.backend, self.error = backend, error

    def index(self, docs) -> None:
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


def test_an_import_answers_200_and_waits_in_the_outbox(
    small_app, small_client, admin, failing_index
):
    code = pick(AGENCY_A, online=True, level=3)
    data = f"code,level,reason\n{code},4,Trả kết quả trực tuyến\n".encode()
    response = small_client.post(
        "/api/v1/imports/maturity",
        data={"file": (io.BytesIO(data), "levels.csv")},
        headers=bearer(admin),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.json
    assert waiting(small_app) == [code]
