"""A life event's code, in PUT's path as in POST's body, is a slug its column holds: anything
else is a 422 in the API's one error format, and nothing is written. Read or deleted, such a code
names no event (404), on PostgreSQL too (which refuses a NUL in text)."""

import pytest
from sqlalchemy import func, select

from services_api.extensions import db
from services_api.life_events.models import LifeEvent
from tests.life_events.test_api import EVENT, auth

LONGEST = LifeEvent.code.type.length  # 80
BAD_CODES = [
    pytest.param("Sinh-Con", id="upper case"),
    pytest.param("sinh%20con", id="a space"),
    pytest.param("sinh--con", id="two dashes"),
    pytest.param("-sinh-con", id="a leading dash"),
    pytest.param("sinh-con-", id="a trailing dash"),
    pytest.param("sinh_con", id="an underscore"),
    pytest.param("%C4%91ang-ky", id="not ASCII"),  # đang-ky
    pytest.param("sinh%00con", id="NUL"),  # which PostgreSQL refuses in text
    pytest.param("sinh-con%0A", id="a trailing line feed"),
    # longer than the column holds (an agency's or a field's slug may be 300)
    pytest.param("a" * (LONGEST + 1), id="over the column"),
    pytest.param("a" * 400, id="over 300"),
]


def rows(app) -> list[tuple]:
    with app.app_context():
        found = db.session.execute(
            select(LifeEvent.code, LifeEvent.version, LifeEvent.name).order_by(LifeEvent.id)
        ).all()
        db.session.rollback()
    return [tuple(row) for row in found]


def assert_refused(response, location: str) -> None:
    assert response.status_code == 422, response.get_data(as_text=True)
    body = response.json
    assert (body["code"], body["status"]) == (422, "Unprocessable Entity")
    assert set(body) <= {"code", "status", "message", "errors"}  # the one error format
    assert list(body["errors"]) == [location] and list(body["errors"][location]) == ["code"]


@pytest.mark.parametrize("code", BAD_CODES)
def test_a_put_to_a_code_that_is_no_slug_is_422_and_writes_nothing(
    events_app, events_client, admin, code
):
    before = rows(events_app)
    response = events_client.put(f"/api/v1/life-events/{code}", json=EVENT, headers=auth(admin))
    assert_refused(response, "path")
    assert rows(events_app) == before


@pytest.mark.parametrize("code", BAD_CODES)
def test_a_code_that_is_no_slug_names_no_event_to_read_or_delete(
    events_app, events_client, admin, code
):
    before = rows(events_app)
    for method in ("GET", "DELETE"):
        response = events_client.open(
            f"/api/v1/life-events/{code}", method=method, headers=auth(admin)
        )
        assert response.status_code == 404, (method, response.get_data(as_text=True))
        assert response.json["code"] == 404 and response.json["message"]
    assert rows(events_app) == before


def test_a_post_of_a_code_longer_than_its_column_is_422_and_writes_nothing(
    events_app, events_client, admin
):
    before = rows(events_app)
    body = {**EVENT, "code": "a" * (LONGEST + 1)}
    response = events_client.post("/api/v1/life-events", json=body, headers=auth(admin))
    assert_refused(response, "json")
    assert rows(events_app) == before


def test_the_longest_slug_is_written_and_read_back(events_app, events_client, admin):
    code = "-".join(["a" * 9] * 8)  # 79 characters
    code += "b" * (LONGEST - len(code))
    response = events_client.put(f"/api/v1/life-events/{code}", json=EVENT, headers=auth(admin))
    assert response.status_code == 200, response.json
    assert events_client.get(f"/api/v1/life-events/{code}").json["code"] == code
    with events_app.app_context():
        assert db.session.scalar(select(func.count()).where(LifeEvent.code == code)) == 1


def test_an_invalid_code_is_refused_before_the_body_is_read(events_client, admin):
    """The path's problem is said even when the body has problems of its own."""
    response = events_client.put("/api/v1/life-events/Sinh-Con", json={}, headers=auth(admin))
    assert_refused(response, "path")
