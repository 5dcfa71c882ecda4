"""Service factories: each service built for the current app context from its database
session, configuration and search index. Routes and commands get their services here, and
reach the search index only through them."""

from flask import current_app

from services_api.agencies.service import AgencyService
from services_api.changes.feed import ChangeFeed
from services_api.exports.service import ExportService
from services_api.extensions import db
from services_api.fields.service import FieldService
from services_api.imports.decisions import DecisionImportService
from services_api.imports.service import ImportService
from services_api.keys.service import KeyService
from services_api.life_events.service import LifeEventService
from services_api.maturity.service import MaturityService
from services_api.maturity.writer import LevelWriter
from services_api.procedures.service import ProcedureService
from services_api.publishing.service import PublishingService
from services_api.publishing.writer import ContentWriter
from services_api.searching.extension import search_index
from services_api.searching.service import QueryKnowledge, SearchService
from services_api.stats.service import StatsService
from services_api.stats.targets import TargetService
from services_api.stats.timeline import Timeline
from services_api.webhooks.delivery import Deliverer, HttpSender, RetryPolicy
from services_api.webhooks.service import WebhookService


def _province_code() -> str:
    return current_app.config["PROVINCE_CODE"]


def procedure_service() -> ProcedureService:
    return ProcedureService(db.session, _province_code())


def level_writer() -> LevelWriter:
    return LevelWriter(db.session, search_index.backend)


def maturity_service() -> MaturityService:
    return MaturityService(db.session, procedure_service(), level_writer())


def import_service() -> ImportService:
    return ImportService(db.session, _province_code(), level_writer())


def search_service() -> SearchService:
    cap = current_app.config["ZERO_RESULT_MAX_QUERIES"]
    return SearchService(
        db.session,
        search_index.backend,
        search_index.drains,
        cap,
        _query_knowledge(),
        search_index.repairs,
    )


def _query_knowledge() -> QueryKnowledge:
    """One per app in each worker: it reloads by itself when the catalogue's generation moves."""
    extensions = current_app.extensions
    if "query_knowledge" not in extensions:
        extensions["query_knowledge"] = QueryKnowledge()
    return extensions["query_knowledge"]


def export_service() -> ExportService:
    return ExportService(db.session, _province_code())


def agency_service() -> AgencyService:
    return AgencyService(db.session)


def field_service() -> FieldService:
    return FieldService(db.session)


def stats_service() -> StatsService:
    return StatsService(db.session)


def target_service() -> TargetService:
    return TargetService(db.session)


def timeline() -> Timeline:
    return Timeline(db.session)


def life_event_service() -> LifeEventService:
    return LifeEventService(db.session)


def key_service() -> KeyService:
    return KeyService(db.session)


def change_feed() -> ChangeFeed:
    return ChangeFeed(db.session)


def webhook_service() -> WebhookService:
    return WebhookService(db.session)


def webhook_deliverer() -> Deliverer:
    config = current_app.config
    policy = RetryPolicy(config["WEBHOOKS_RETRY_SECONDS"], config["WEBHOOKS_MAX_RETRY_SECONDS"])
    return Deliverer(db.session, HttpSender(config["WEBHOOKS_TIMEOUT_SECONDS"]), policy)


def content_writer() -> ContentWriter:
    return ContentWriter(db.session, search_index.backend)


def publishing_service() -> PublishingService:
    return PublishingService(db.session, procedure_service(), content_writer())


def decision_import_service() -> DecisionImportService:
    return DecisionImportService(db.session, content_writer())
