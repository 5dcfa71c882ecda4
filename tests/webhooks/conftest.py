"""Webhook fixtures: a receiver on 127.0.0.1, subscriptions made through the API, a deliverer
on a clock the test moves, and the README's verification recipe as a receiver would copy it."""

import datetime as dt
import re
from pathlib import Path

import pytest

from services_api.extensions import db
from services_api.webhooks.delivery import Deliverer, HttpSender, RetryPolicy
from tests.helpers import bearer
from tests.webhooks.receiver import Receiver

README = Path(__file__).parents[2] / "README.md"


@pytest.fixture
def receiver():
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def subscribe(small_client, admin):
    def subscribe(url: str, kinds=("level.changed",), **extra) -> dict:
        body = {"url": url, "kinds": list(kinds), **extra}
        response = small_client.post("/api/v1/webhooks", json=body, headers=bearer(admin))
        assert response.status_code == 201, response.json
        return response.json

    return subscribe


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def deliver(small_app, clock):
    """``deliver() -> Round``: one pass of a deliverer at ``clock``'s time."""

    def deliver():
        with small_app.app_context():
            return Deliverer(db.session, HttpSender(2.0), RetryPolicy(10, 3600), clock).run_once()

    return deliver


@pytest.fixture(scope="session")
def verify_webhook():
    """The README's recipe, run as written."""
    section = README.read_text("utf-8").split("## Change feed and webhooks", 1)[1]
    snippet = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace: dict = {}
    exec(compile(snippet, "README.md", "exec"), namespace)
    return namespace["verify_webhook"]
