"""Liveness (`/healthz`) and readiness (`/readyz`: database and search engine reachable)."""

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from services_api.extensions import db
from services_api.services import search_service

blp = Blueprint("health", __name__, description="Sức khỏe của dịch vụ.")


class HealthSchema(ma.Schema):
    status = ma.fields.String()


class ReadinessSchema(HealthSchema):
    database = ma.fields.Boolean()
    search = ma.fields.Boolean()


@blp.route("/healthz")
class Liveness(MethodView):
    @blp.response(200, HealthSchema)
    def get(self):
        """The process is up"""
        return {"status": "ok"}


@blp.route("/readyz")
class Readiness(MethodView):
    @blp.response(200, ReadinessSchema)
    @blp.alt_response(503, schema=ReadinessSchema, description="Database or search unreachable")
    def get(self):
        """The database and the search engine answer"""
        checks = {"database": _database_ready(), "search": _search_ready()}
        ready = all(checks.values())
        return {"status": "ok" if ready else "unavailable", **checks}, 200 if ready else 503


def _database_ready() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False


def _search_ready() -> bool:
    return search_service().engine_ready()
