"""Several deliverers at once (workers' threads, the CLI): each change is sent once, in order;
and the service's own background thread delivers without being asked."""

import json
import threading
import time

from services_api.extensions import db
from services_api.webhooks.delivery import Deliverer, HttpSender, RetryPolicy
from tests.factories import SEED_DATE, SUBSET, catalogue_of, dispose, key_maker
from tests.helpers import bearer
from tests.webhooks.receiver import Receiver
from tests.webhooks.test_delivery import feed, level_changes


def test_two_deliverers_at_once_send_each_change_once_in_order(
    small_app, small_client, admin, subscribe, verify_webhook
):
    receiver = Receiver(delay=0.05).start()  # slow: the deliverers overlap
    try:
        subscription = subscribe(receiver.url)
        level_changes(small_client, admin, 8)
        start = threading.Barrier(2)

        def deliver_until_all_sent():
            with small_app.app_context():
                deliverer = Deliverer(db.session, HttpSender(5.0), RetryPolicy())
                start.wait(timeout=10)
                deadline = time.monotonic() + 60
                while len(receiver.received) < 8 and time.monotonic() < deadline:
                    if not deliverer.run_once().delivered:
                        time.sleep(0.01)  # the other one holds it

        threads = [threading.Thread(target=deliver_until_all_sent) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
    finally:
        receiver.stop()
    ids = [json.loads(r.body)["id"] for r in receiver.received]
    assert ids == [c["id"] for c in feed(small_client)]  # each once, in the feed's order
    for r in receiver.received:
        assert verify_webhook(subscription["secret"], r.headers["x-signature"], r.body)


def test_the_services_background_thread_delivers_after_a_write(database_url, tmp_path):
    app = catalogue_of(
        database_url,
        tmp_path,
        set(SUBSET),
        today=SEED_DATE,
        WEBHOOKS_BACKGROUND=True,
        WEBHOOKS_POLL_SECONDS=0.2,
    )
    receiver = Receiver().start()
    try:
        admin = key_maker(app)("admin")
        client = app.test_client()
        body = {"url": receiver.url, "kinds": ["level.changed"]}
        assert client.post("/api/v1/webhooks", json=body, headers=bearer(admin)).status_code == 201
        level_changes(client, admin, 2)
        deadline = time.monotonic() + 30
        while len(receiver.acknowledged()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [json.loads(r.body)["id"] for r in receiver.acknowledged()] == [
            c["id"] for c in feed(client)
        ]
    finally:
        app.extensions["webhook_delivery"].stop()
        receiver.stop()
        dispose(app)
