"""/webhooks: administrators register, list and delete subscribers; URLs are validated."""

import pytest

from tests.helpers import bearer

URL = "/api/v1/webhooks"


def test_a_subscription_is_created_listed_and_deleted_and_its_secret_shown_once(
    small_client, admin
):
    body = {"url": "https://portal.example/hooks", "kinds": ["level.changed", "level.changed"]}
    created = small_client.post(URL, json=body, headers=bearer(admin))
    assert created.status_code == 201, created.json
    subscription = created.json
    assert subscription["secret"].startswith("whsec_") and len(subscription["secret"]) > 40
    assert subscription["kinds"] == ["level.changed"] and subscription["pending"] == 0
    assert subscription["created_by"] and subscription["failures"] == 0
    listed = small_client.get(URL, headers=bearer(admin)).json
    assert [s["id"] for s in listed] == [subscription["id"]] and "secret" not in listed[0]
    one = small_client.get(f"{URL}/{subscription['id']}", headers=bearer(admin))
    assert one.status_code == 200 and "secret" not in one.json
    assert (
        small_client.delete(f"{URL}/{subscription['id']}", headers=bearer(admin)).status_code == 204
    )
    assert small_client.get(f"{URL}/{subscription['id']}", headers=bearer(admin)).status_code == 404
    assert (
        small_client.get(
            f"{URL}/{subscription['id']}/deliveries", headers=bearer(admin)
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "url",
    [
        "ftp://portal.example/hooks",
        "javascript:alert(1)",
        "portal.example/hooks",
        "http:///hooks",
        "https://user:secret@portal.example/hooks",
        "https://token@portal.example/hooks",
        "https://portal.example:99999/hooks",
        "https://portal.example/hooks#part",
        "https://portal .example/hooks",
        "https://portal.example/\nhooks",
        "https://portal.example/" + "a" * 2100,
    ],
)
def test_a_url_that_cannot_receive_is_422_and_nothing_is_made(small_client, admin, url):
    response = small_client.post(
        URL, json={"url": url, "kinds": ["level.changed"]}, headers=bearer(admin)
    )
    assert response.status_code == 422, response.json
    assert "url" in response.json["errors"]["json"]
    assert small_client.get(URL, headers=bearer(admin)).json == []


@pytest.mark.parametrize(
    "body",
    [
        {"url": "https://portal.example/hooks", "kinds": []},
        {"url": "https://portal.example/hooks", "kinds": ["procedure.deleted"]},
        {"url": "https://portal.example/hooks"},
        {"kinds": ["level.changed"]},
        {"url": "https://portal.example/hooks", "kinds": ["level.changed"], "secret": "mine"},
    ],
)
def test_bad_bodies_are_422(small_client, admin, body):
    assert small_client.post(URL, json=body, headers=bearer(admin)).status_code == 422


def test_only_administrators_manage_webhooks(small_client, editor_a, make_key):
    body = {"url": "https://portal.example/hooks", "kinds": ["level.changed"]}
    for token in (editor_a, make_key("reader")):
        assert small_client.post(URL, json=body, headers=bearer(token)).status_code == 403
        assert small_client.get(URL, headers=bearer(token)).status_code == 403
        assert small_client.get(f"{URL}/1/deliveries", headers=bearer(token)).status_code == 403
        assert small_client.delete(f"{URL}/1", headers=bearer(token)).status_code == 403
    assert small_client.post(URL, json=body).status_code == 401
    assert small_client.get(URL).status_code == 401
