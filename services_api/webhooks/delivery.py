"""Delivering the change feed to webhook subscribers, after commit, in order, never losing one.

Each subscription's next change (the oldest of its kinds after its position) is sent as JSON,
signed; a 2xx answer moves the position past it, anything else (an error status, a redirect,
no answer within the timeout) leaves it there and puts the next attempt off, twice as long each
time up to a bound. Every attempt is logged. So a receiver that is down gets every change once
it is back, in order, and a change is only ever sent again when it was not acknowledged.

Two deliverers (the workers' background threads, ``flask webhooks deliver``) never send one
change at once: on PostgreSQL each delivery holds its subscription's row (``SELECT … FOR UPDATE
SKIP LOCKED``) from reading the position until the new one is committed, and another deliverer
passes over a locked subscription; on SQLite, one deliverer at a time holds a lock file beside
the database.
"""

import contextlib
import datetime as dt
import fcntl
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import requests
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from services_api.changes.feed import ChangeFeed
from services_api.changes.models import CatalogueChange
from services_api.changes.schemas import ChangeSchema
from services_api.types import utc_now
from services_api.webhooks.models import WebhookDelivery, WebhookSubscription
from services_api.webhooks.service import pending_changes
from services_api.webhooks.signing import SIGNATURE_HEADER, signature_header

USER_AGENT = "services-api-webhooks/1"
_CHANGE = ChangeSchema()


@dataclass(frozen=True)
class RetryPolicy:
    """After the n-th failure in a row, wait ``first_delay * 2**(n-1)``, at most ``max_delay``."""

    first_delay: float = 10.0
    max_delay: float = 3600.0

    def delay(self, failures: int) -> dt.timedelta:
        seconds = min(self.first_delay * 2 ** (failures - 1), self.max_delay)
        return dt.timedelta(seconds=seconds)


@dataclass(frozen=True)
class Answer:
    """What a receiver answered: its status, or why there was none."""

    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class HttpSender:
    """POSTs a body, following no redirect, within ``timeout`` seconds to connect and to read."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.http = requests.Session()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Answer:
        started = time.monotonic()
        try:
            response = self.http.post(
                url,
                data=body,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
                stream=True,  # the body is not read: the status is the answer
            )
            response.close()
            return Answer(response.status_code, _redirect_error(response), _ms(started))
        except requests.RequestException as error:
            return Answer(None, f"{type(error).__name__}: {error}"[:500], _ms(started))


@dataclass
class Round:
    """What one pass over the subscriptions did."""

    delivered: int = 0
    failed: int = 0
    subscriptions: set[int] = field(default_factory=set)


class Deliverer:
    """Delivers what is due: ``run_once`` passes once over the subscriptions."""

    def __init__(
        self,
        session: Session,
        sender: HttpSender,
        policy: RetryPolicy = RetryPolicy(),
        clock: Callable[[], dt.datetime] = utc_now,
        batch: int = 100,
    ) -> None:
        self.session = session
        self.sender = sender
        self.policy = policy
        self.clock = clock
        self.batch = batch  # changes sent to one subscription in a pass, at most

    def run_once(self) -> Round:
        done = Round()
        with _one_deliverer(self.session) as alone:
            if alone:
                for subscription_id in self._due():
                    self._deliver(subscription_id, done)
        return done

    def _due(self) -> list[int]:
        statement = select(WebhookSubscription.id).where(_due(self.clock()))
        ids = list(self.session.scalars(statement.order_by(WebhookSubscription.id)))
        self.session.rollback()  # end the read: each delivery is a transaction of its own
        return ids

    def _deliver(self, subscription_id: int, done: Round) -> None:
        for _ in range(self.batch):
            answer = self._deliver_next(subscription_id)
            if answer is None:
                return
            done.subscriptions.add(subscription_id)
            if not answer.delivered:
                done.failed += 1
                return
            done.delivered += 1

    def _deliver_next(self, subscription_id: int) -> Answer | None:
        """Send the subscription's next change, if it is due and no one else is at it."""
        with self.session.begin():
            subscription = self.session.scalar(
                select(WebhookSubscription)
                .where(WebhookSubscription.id == subscription_id, _due(self.clock()))
                .with_for_update(skip_locked=True)
            )
            if subscription is None:
                return None
            end = ChangeFeed(self.session).end()  # read first: a later commit comes after it
            change = self.session.scalar(pending_changes(subscription, end).limit(1))
            if change is None:  # none of its kinds up to the end: the next pass starts there
                subscription.after_generation, subscription.after_change_id = end
                return None
            answer = self._send(subscription, change)
            self._record(subscription, change, answer)
        return answer

    def _send(self, subscription: WebhookSubscription, change: CatalogueChange) -> Answer:
        body = json.dumps(_CHANGE.dump(change), ensure_ascii=False, separators=(",", ":"))
        body = body.encode()
        timestamp = int(time.time())  # the receiver's replay check is against its own clock
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: signature_header(subscription.secret, timestamp, body),
            "X-Webhook-Id": str(subscription.id),
            "X-Event-Id": str(change.id),
            "X-Event-Kind": change.kind.value,
        }
        return self.sender.post(subscription.url, body, headers)

    def _record(
        self, subscription: WebhookSubscription, change: CatalogueChange, answer: Answer
    ) -> None:
        now = self.clock()
        self.session.add(
            WebhookDelivery(
                subscription_id=subscription.id,
                change_id=change.id,
                kind=change.kind.value,
                attempt=subscription.failures + 1,
                attempted_at=now,
                status_code=answer.status_code,
                error=answer.error,
                duration_ms=answer.duration_ms,
                delivered=answer.delivered,
            )
        )
        if answer.delivered:
            subscription.after_generation, subscription.after_change_id = change.position
            subscription.failures, subscription.next_attempt_at = 0, None
            subscription.last_delivered_at, subscription.last_error = now, None
        else:
            subscription.failures += 1
            subscription.next_attempt_at = now + self.policy.delay(subscription.failures)
            subscription.last_error = answer.error or f"HTTP {answer.status_code}"


def _due(now: dt.datetime):
    return or_(
        WebhookSubscription.next_attempt_at.is_(None), WebhookSubscription.next_attempt_at <= now
    )


@contextlib.contextmanager
def _one_deliverer(session: Session) -> Iterator[bool]:
    """True when this deliverer may go on: always on PostgreSQL (rows are locked one by one);
    on SQLite, when no other process or thread holds the lock file beside the database."""
    url = session.get_bind().url
    if url.get_backend_name() != "sqlite" or not url.database:
        yield True
        return
    with open(f"{url.database}.webhooks.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _redirect_error(response: requests.Response) -> str | None:
    if response.is_redirect:
        return f"HTTP {response.status_code}: chuyển hướng không được theo"
    if not 200 <= response.status_code < 300:
        return f"HTTP {response.status_code}"
    return None


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
