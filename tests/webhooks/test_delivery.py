"""Deliveries: in order per subscription, signed, retried with backoff while the receiver is
down or refuses, never lost, never followed through a redirect, logged."""

import datetime as dt
import json
import time

from services_api.changes.recorder import record_change
from services_api.extensions import db
from services_api.webhooks.signing import signature_header
from tests.factories import AGENCY_A, pick
from tests.helpers import bearer, put_level


def level_changes(client, token, count: int) -> list[tuple[str, int]]:
    """``count`` level changes on two procedures of agency A, each between 3 and 4."""
    codes = [pick(AGENCY_A, online=True, level=3, skip=i) for i in range(2)]
    writes = []
    for i in range(count):
        code = codes[i % 2]
        level = 7 - client.get(f"/api/v1/procedures/{code}").json["maturity_level"]
        response = put_level(client, code, token, level=level, reason=f"mức {level}")
        assert response.status_code == 200, response.json
        writes.append((code, level))
    return writes


def feed(client) -> list[dict]:
    return client.get("/api/v1/changes", query_string={"limit": 1000}).json["changes"]


def test_a_receiver_down_for_a_while_gets_every_change_afterwards_in_order_signed(
    small_client, admin, receiver, subscribe, deliver, clock, verify_webhook
):
    subscription = subscribe(receiver.url)
    receiver.stop()  # down: nothing listens
    writes = level_changes(small_client, admin, 5)

    first = deliver()
    assert (first.delivered, first.failed) == (0, 1)
    assert deliver().failed == 0  # not yet due: no attempt
    clock.advance(10)
    receiver.start()
    receiver.status = 503  # up, but refusing
    assert deliver().failed == 1 and len(receiver.received) == 1
    clock.advance(19)
    assert deliver().failed == 0  # the second wait is 20 s
    clock.advance(1)
    assert deliver().failed == 1 and len(receiver.received) == 2

    receiver.status = 204
    clock.advance(40)
    done = deliver()
    assert (done.delivered, done.failed) == (5, 0)
    assert deliver().delivered == 0  # nothing sent twice

    changes = feed(small_client)
    got = receiver.acknowledged()
    assert [json.loads(r.body) for r in got] == changes
    assert [(c["subject"], c["data"]["to_level"]) for c in changes] == writes
    assert [r.headers["x-event-id"] for r in got] == [str(c["id"]) for c in changes]
    assert {r.headers["x-event-kind"] for r in got} == {"level.changed"}
    assert {r.headers["x-webhook-id"] for r in got} == {str(subscription["id"])}
    assert {r.path for r in receiver.received} == {"/hooks/catalogue"}
    for r in receiver.received:
        assert r.headers["content-type"] == "application/json"
        assert verify_webhook(subscription["secret"], r.headers["x-signature"], r.body)


def test_the_delivery_log_holds_every_attempt_and_the_subscription_its_state(
    small_client, admin, receiver, subscribe, deliver, clock
):
    subscription = subscribe(receiver.url)
    level_changes(small_client, admin, 2)
    receiver.status = 500
    deliver()
    url = f"/api/v1/webhooks/{subscription['id']}"
    state = small_client.get(url, headers=bearer(admin)).json
    assert state["failures"] == 1 and state["pending"] == 2
    assert state["last_error"] == "HTTP 500" and state["next_attempt_at"]
    receiver.status = 200
    clock.advance(10)
    deliver()
    log = small_client.get(f"{url}/deliveries", headers=bearer(admin)).json
    first_change = feed(small_client)[0]["id"]
    assert [(d["change_id"] == first_change, d["attempt"], d["status_code"]) for d in log][::-1][
        :2
    ] == [(True, 1, 500), (True, 2, 200)]
    assert [d["delivered"] for d in log] == [True, True, False]
    assert all(d["duration_ms"] >= 0 and d["attempted_at"] for d in log)
    state = small_client.get(url, headers=bearer(admin)).json
    assert state["failures"] == 0 and state["pending"] == 0 and state["last_error"] is None
    assert state["position"] == feed(small_client)[-1]["cursor"]


def test_the_wait_doubles_up_to_its_bound(small_client, admin, receiver, subscribe, deliver, clock):
    subscription = subscribe(receiver.url)
    level_changes(small_client, admin, 1)
    receiver.status = 502
    waits = []
    for _ in range(11):
        deliver()
        state = small_client.get(
            f"/api/v1/webhooks/{subscription['id']}", headers=bearer(admin)
        ).json
        due = dt.datetime.fromisoformat(state["next_attempt_at"])
        waits.append(round((due - clock.now).total_seconds()))
        clock.now = due
    assert waits == [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]


def test_a_redirect_is_not_followed_and_counts_as_a_failure(
    small_client, admin, receiver, subscribe, deliver
):
    subscription = subscribe(receiver.url)
    level_changes(small_client, admin, 1)
    receiver.status = 307
    assert deliver().failed == 1
    assert [r.path for r in receiver.received] == ["/hooks/catalogue"]  # never /elsewhere
    state = small_client.get(f"/api/v1/webhooks/{subscription['id']}", headers=bearer(admin))
    assert "307" in state.json["last_error"] and state.json["pending"] == 1


def test_a_subscription_gets_only_its_kinds_and_only_changes_after_its_creation(
    small_app, small_client, admin, receiver, subscribe, deliver
):
    level_changes(small_client, admin, 1)  # before the subscription: not sent
    subscription = subscribe(receiver.url, kinds=["procedure.rescinded"])
    level_changes(small_client, admin, 2)
    assert deliver().delivered == 0 and receiver.received == []
    state = small_client.get(f"/api/v1/webhooks/{subscription['id']}", headers=bearer(admin))
    assert state.json["position"] == feed(small_client)[-1]["cursor"]  # passed over, once
    with small_app.app_context():
        record_change(db.session, "procedure.rescinded", "1.000001", {"decision": "9/QĐ"})
        db.session.commit()
    assert deliver().delivered == 1
    (only,) = receiver.received
    assert json.loads(only.body)["subject"] == "1.000001"
    assert json.loads(only.body)["tombstone"] is True


def test_a_tampered_delivery_fails_the_documented_check(
    small_client, admin, receiver, subscribe, deliver, verify_webhook
):
    subscription = subscribe(receiver.url)
    level_changes(small_client, admin, 1)
    deliver()
    (delivery,) = receiver.received
    secret, header, body = subscription["secret"], delivery.headers["x-signature"], delivery.body
    assert verify_webhook(secret, header, body)
    timestamp = header.split(",")[0].split("=")[1]
    tampered_body = body.replace(b'"to_level":4', b'"to_level":1')
    assert tampered_body != body and not verify_webhook(secret, header, tampered_body)
    assert not verify_webhook("whsec_another", header, body)
    digest = header.split("v1=")[1]
    flipped = digest[:-1] + ("0" if digest[-1] != "0" else "1")
    assert not verify_webhook(secret, f"t={timestamp}, v1={flipped}", body)
    assert not verify_webhook(secret, f"t={int(timestamp) - 1}, v1={digest}", body)
    replayed = signature_header(secret, int(time.time()) - 301, body)  # signed, but too old
    assert not verify_webhook(secret, replayed, body)
    assert verify_webhook(secret, signature_header(secret, int(time.time()) - 200, body), body)
    assert not verify_webhook(secret, "v1=" + digest, body)
    assert not verify_webhook(secret, "", body)


def test_flask_webhooks_deliver_runs_a_pass(small_app, small_client, admin, receiver, subscribe):
    subscribe(receiver.url)
    level_changes(small_client, admin, 3)
    result = small_app.test_cli_runner().invoke(args=["webhooks", "deliver"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "3 delivered, 0 failed"
    assert len(receiver.acknowledged()) == 3
