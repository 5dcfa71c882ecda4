"""``/metrics``: Prometheus' exposition format, for the operator's scraper (not an API
operation: it is outside the versioned spec, like the interactive docs and the citizen page)."""

from flask import Blueprint, Response, request

from services_api.extensions import db
from services_api.operations.metrics import scrape

bp = Blueprint("operations", __name__)


@bp.get("/metrics")
def prometheus_metrics() -> Response:
    body, content_type = scrape(db.session, request.headers.get("Accept"))
    response = Response(body, content_type=content_type)
    response.headers["Cache-Control"] = "no-store"
    return response
