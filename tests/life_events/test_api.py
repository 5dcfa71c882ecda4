"""The life-events resource: public reads, administrators' validated and versioned writes."""

from tests.factories import dispose, key_maker
from tests.life_events.conftest import small_events_app

EVENT = {
    "name": "Nuôi chó mèo",
    "audience": "citizen",
    "description": "Thử nghiệm.",
    "phrases": ["nuôi chó mèo", "mua chó cảnh"],
    "procedures": ["1.001193", "1.000894"],
    "reason": "Vì sao các thủ tục này.",
    "source": "Kiểm thử.",
}


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_events_are_listed_and_read_with_their_procedures_in_order(events_client):
    events = events_client.get("/api/v1/life-events").json
    assert "sinh-con" in {e["code"] for e in events}
    birth = events_client.get("/api/v1/life-events/sinh-con").json
    codes = [p["code"] for p in birth["procedures"]]
    assert codes == birth["procedure_codes"] and codes[0] == "1.001193"
    first = birth["procedures"][0]
    record = events_client.get("/api/v1/procedures/1.001193").json
    assert first["maturity_level"] == record["maturity_level"]
    assert first["kind"] in {"full", "partial", "info"} and isinstance(first["online"], bool)
    assert events_client.get("/api/v1/life-events/khong-co").status_code == 404


def test_writing_needs_an_admin_key(events_client, events_app):
    from tests.conftest import key_maker

    assert events_client.put("/api/v1/life-events/nuoi-cho", json=EVENT).status_code == 401
    reader = key_maker(events_app)("reader")
    response = events_client.put("/api/v1/life-events/nuoi-cho", json=EVENT, headers=auth(reader))
    assert response.status_code == 403


def test_create_replace_delete_bump_the_version(events_client, admin):
    created = events_client.post(
        "/api/v1/life-events", json={**EVENT, "code": "nuoi-cho"}, headers=auth(admin)
    )
    assert created.status_code == 201 and created.json["version"] == 1
    again = events_client.post(
        "/api/v1/life-events", json={**EVENT, "code": "nuoi-cho"}, headers=auth(admin)
    )
    assert again.status_code == 409
    changed = {**EVENT, "procedures": ["1.000894"]}
    replaced = events_client.put("/api/v1/life-events/nuoi-cho", json=changed, headers=auth(admin))
    assert replaced.status_code == 200 and replaced.json["version"] == 2
    assert [p["code"] for p in replaced.json["procedures"]] == ["1.000894"]
    deleted = events_client.delete("/api/v1/life-events/nuoi-cho", headers=auth(admin))
    assert deleted.status_code == 204
    assert events_client.get("/api/v1/life-events/nuoi-cho").status_code == 404
    assert "nuoi-cho" not in {e["code"] for e in events_client.get("/api/v1/life-events").json}


def test_unknown_procedure_codes_are_refused_and_nothing_changes(events_client, admin):
    before = events_client.get("/api/v1/life-events/sinh-con").json
    bad = {**EVENT, "procedures": ["1.001193", "9.999999"]}
    response = events_client.put("/api/v1/life-events/sinh-con", json=bad, headers=auth(admin))
    assert response.status_code == 422 and "9.999999" in response.json["message"]
    assert events_client.get("/api/v1/life-events/sinh-con").json == before


def test_malformed_bodies_are_refused(events_client, admin):
    cases = [
        {**EVENT, "procedures": []},
        {**EVENT, "procedures": ["1.001193", "1.001193"]},
        {**EVENT, "phrases": ["a b", "A  B"]},
        {**EVENT, "audience": "alien"},
        {**EVENT, "unknown": 1},
        {k: v for k, v in EVENT.items() if k != "reason"},
    ]
    for body in cases:
        response = events_client.put("/api/v1/life-events/thu", json=body, headers=auth(admin))
        assert response.status_code == 422, body
    bad_code = events_client.post(
        "/api/v1/life-events", json={**EVENT, "code": "Có Dấu"}, headers=auth(admin)
    )
    assert bad_code.status_code == 422
    assert events_client.get("/api/v1/life-events/thu").status_code == 404


def test_every_worker_sees_a_write_at_its_next_query(events_app, events_client, admin):
    from services_api.extensions import db
    from services_api.life_events.service import Recogniser

    workers = [Recogniser(), Recogniser()]  # each gunicorn worker holds its own
    with events_app.app_context():
        assert [w.recognise(db.session, "nuôi chó mèo") for w in workers] == [None, None]
    response = events_client.put("/api/v1/life-events/nuoi-cho", json=EVENT, headers=auth(admin))
    assert response.status_code == 200
    with events_app.app_context():
        seen = [w.recognise(db.session, "nuôi chó mèo") for w in workers]
    assert [event["code"] for event in seen] == ["nuoi-cho", "nuoi-cho"]


def test_two_apps_in_one_process_never_share_their_events(events_app, tmp_path):
    """Each app reads its own database's events, even at the same catalogue generation."""
    other = small_events_app(f"sqlite:///{tmp_path / 'other.sqlite3'}", tmp_path / "other")
    apps = {"edited": events_app, "other": other}
    for name, app in apps.items():
        event = EVENT if name == "edited" else {**EVENT, "phrases": ["nuôi cá cảnh"]}
        response = app.test_client().put(
            "/api/v1/life-events/nuoi-cho", json=event, headers=auth(key_maker(app)("admin"))
        )
        assert response.status_code == 200
    found = {
        name: app.test_client().get("/api/v1/search?q=nuôi chó mèo").json["life_event"]
        for name, app in apps.items()
    }
    dispose(other)
    assert found["edited"]["code"] == "nuoi-cho"
    assert found["other"] is None
