"""Every model of the application, imported in one place for Alembic and create_all."""

from services_api.agencies.models import Agency
from services_api.catalogue.counts import ProcedureCount
from services_api.catalogue.generation import CatalogueGeneration
from services_api.changes.models import CatalogueChange
from services_api.database import Base
from services_api.decisions.models import Decision
from services_api.fields.models import Field
from services_api.keys.models import ApiKey
from services_api.life_events.models import LifeEvent
from services_api.procedures.models import (
    Channel,
    MaturityChange,
    Procedure,
    ProcedureAgency,
    ProcedureRevision,
    ProcedureTier,
)
from services_api.search_rules.models import SearchRule
from services_api.searching.models import SearchOutbox, ZeroResultQuery
from services_api.stats.models import MaturityTarget
from services_api.webhooks.models import WebhookDelivery, WebhookSubscription

__all__ = [
    "Agency",
    "ApiKey",
    "Base",
    "CatalogueChange",
    "CatalogueGeneration",
    "Channel",
    "Decision",
    "Field",
    "LifeEvent",
    "MaturityChange",
    "MaturityTarget",
    "Procedure",
    "ProcedureAgency",
    "ProcedureCount",
    "ProcedureRevision",
    "ProcedureTier",
    "SearchOutbox",
    "SearchRule",
    "WebhookDelivery",
    "WebhookSubscription",
    "ZeroResultQuery",
]
