"""Each answered request counted and timed by route (the URL rule), method and status, and the
scrape served at ``/metrics``: every worker's values (gunicorn's workers write theirs to
PROMETHEUS_MULTIPROC_DIR) and the search outbox's depth, read from the database at scrape time.
"""

import logging
import os

from flask import Request, Response
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from services_api.metrics import UNMATCHED_ROUTE, observe_request
from services_api.searching import sync

log = logging.getLogger(__name__)
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"


def observe(request: Request, response: Response, seconds: float) -> None:
    rule = request.url_rule
    route = rule.rule if rule is not None else UNMATCHED_ROUTE
    observe_request(route, request.method, response.status_code, seconds)


def scrape(session: Session, accept: str | None) -> tuple[bytes, str]:
    """The exposition (the format the scraper accepts) of the process's, or all workers',
    metrics and the outbox gauge; and its content type."""
    encode, content_type = choose_encoder(accept)
    return encode(_Scrape(_registry(), _outbox_depth(session))), content_type


class _Scrape:
    """What an encoder reads: the registry's families, then those of this scrape."""

    def __init__(self, registry, extra: list) -> None:
        self.registry, self.extra = registry, extra

    def collect(self):
        yield from self.registry.collect()
        yield from self.extra


def _registry():
    if not os.environ.get(MULTIPROCESS_DIR):
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return registry


def _outbox_depth(session: Session) -> list[GaugeMetricFamily]:
    try:
        pending = sync.pending(session)
    except SQLAlchemyError as error:  # the scrape still answers; the gauge is absent
        log.warning("search outbox unreadable for /metrics: %s", error)
        session.rollback()
        return []
    return [
        GaugeMetricFamily(
            "services_api_search_outbox_pending",
            "Level changes committed but not yet taken by the search index",
            value=pending,
        )
    ]
