"""Every model of the application, imported in one place for Alembic and create_all."""

from services_api.agencies.models import Agency
from services_api.database import Base
from services_api.fields.models import Field
from services_api.procedures.models import (
    Channel,
    MaturityChange,
    Procedure,
    ProcedureAgency,
    ProcedureTier,
)
from services_api.searching.models import SearchOutbox

__all__ = [
    "Agency",
    "Base",
    "Channel",
    "Field",
    "MaturityChange",
    "Procedure",
    "ProcedureAgency",
    "ProcedureTier",
    "SearchOutbox",
]
