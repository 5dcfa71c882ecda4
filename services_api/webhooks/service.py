"""Webhook subscriptions: registered, listed and deleted by administrators, with their log."""

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from services_api.changes import feed
from services_api.changes.models import CatalogueChange, ChangeKind
from services_api.errors import InvalidParameter, NotFound
from services_api.webhooks.models import WebhookDelivery, WebhookSubscription
from services_api.webhooks.signing import new_secret
from services_api.webhooks.urls import url_problem


class WebhookService:
    """Subscriptions start at the end of the change feed: they receive the changes committed
    after their creation."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(self, url: str, kinds: list[str], created_by: str, description: str | None):
        """A subscription of ``url`` to ``kinds``; a URL that cannot receive is a 422."""
        problem = url_problem(url)
        if problem:
            raise InvalidParameter("url", problem, "json")
        generation, change_id = feed.ChangeFeed(self.session).end()
        subscription = WebhookSubscription(
            url=url,
            kinds=sorted(set(kinds)),
            secret=new_secret(),
            description=description,
            created_by=created_by,
            after_generation=generation,
            after_change_id=change_id,
        )
        self.session.add(subscription)
        self.session.commit()
        return subscription

    def subscriptions(self) -> list[WebhookSubscription]:
        return list(self.session.scalars(select(WebhookSubscription).order_by("id")))

    def get(self, subscription_id: int) -> WebhookSubscription:
        subscription = self.session.get(WebhookSubscription, subscription_id)
        if subscription is None:
            raise NotFound(f"Không có webhook {subscription_id}")
        return subscription

    def delete(self, subscription_id: int) -> None:
        subscription = self.get(subscription_id)
        self.session.execute(
            delete(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription.id)
        )
        self.session.delete(subscription)
        self.session.commit()

    def pending(self, subscription: WebhookSubscription) -> int:
        """How many changes of its kinds wait to be delivered."""
        waiting = pending_changes(subscription).with_only_columns(func.count())
        return self.session.scalar(waiting.order_by(None))

    def deliveries(
        self, subscription_id: int, page: int, page_size: int
    ) -> tuple[list[WebhookDelivery], int]:
        """The subscription's delivery attempts, newest first."""
        self.get(subscription_id)
        where = WebhookDelivery.subscription_id == subscription_id
        total = self.session.scalar(select(func.count()).select_from(WebhookDelivery).where(where))
        rows = self.session.scalars(
            select(WebhookDelivery)
            .where(where)
            .order_by(WebhookDelivery.id.desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
        return list(rows), total


def pending_changes(subscription: WebhookSubscription, up_to: tuple[int, int] | None = None):
    """The changes of the subscription's kinds after its position (up to ``up_to``), oldest
    first."""
    kinds = [ChangeKind(kind) for kind in subscription.kinds]
    statement = feed.changes_after(subscription.position)
    if up_to is not None:
        statement = statement.where(feed.position_column() <= up_to)
    return statement.where(CatalogueChange.kind.in_(kinds))
