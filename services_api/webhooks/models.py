"""A webhook subscription, with its place in the change feed, and the log of its deliveries."""

import datetime as dt

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services_api.database import Base
from services_api.types import UTCDateTime, utc_now


class WebhookSubscription(Base):
    """A subscriber's URL and the change kinds it receives.

    Deliveries are derived from the change feed: ``(after_generation, after_change_id)`` is
    the position of the last change handled (delivered, or of a kind not asked for); the next
    one of its kinds waits for it. A failed attempt sets ``next_attempt_at`` further each time
    (``failures`` in a row), and nothing after the change is sent until it is delivered.
    ``secret`` signs the deliveries: it is needed in the clear, and shown once, at creation."""

    __tablename__ = "webhook_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    kinds: Mapped[list[str]] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    after_generation: Mapped[int] = mapped_column(BigInteger, default=0)
    after_change_id: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    last_delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))

    @property
    def position(self) -> tuple[int, int]:
        return (self.after_generation, self.after_change_id)


class WebhookDelivery(Base):
    """One attempt to deliver a change to a subscription: the answer's status, or the error."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_subscription", "subscription_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_subscription.id", ondelete="CASCADE")
    )
    change_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    attempt: Mapped[int] = mapped_column(Integer)
    attempted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
    duration_ms: Mapped[int] = mapped_column(Integer)
    delivered: Mapped[bool] = mapped_column(default=False)
