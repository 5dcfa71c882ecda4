"""The catalogue as table rows for open data: one row per procedure, levels now or on a date."""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from services_api.procedures.as_of import level_column
from services_api.procedures.filters import catalogue_conditions
from services_api.procedures.models import Procedure
from services_api.vocabulary import OnlineKind, provincial_code

HEADERS = (
    "code",
    "provincial_code",
    "name",
    "maturity_level",
    "kind",
    "level_source",
    "online",
    "online_service_url",
    "tiers",
    "agency_code",
    "agency",
    "field",
    "procedure_type",
    "decision_number",
    "source_url",
    "updated_at",
)


class ExportService:
    """The catalogue as rows of ``HEADERS``, for the CSV and XLSX writers."""

    def __init__(self, session: Session, province_code: str) -> None:
        self.session = session
        self.province_code = province_code

    def rows(self, args: dict) -> list[tuple]:
        """The filtered catalogue in code order; ``as_of`` gives the levels in force on that
        date. A list, not a generator: bad filters must fail before a file is being written."""
        level = level_column(args.get("as_of"))
        statement = (
            select(Procedure, level)
            .where(*catalogue_conditions(self.session, args, level=level))
            .order_by(Procedure.code)
            .options(selectinload(Procedure.channels), selectinload(Procedure.tier_rows))
        )
        rows = self.session.execute(statement)
        return [_row(p, level_then, self.province_code) for p, level_then in rows]


def _row(procedure: Procedure, level: int, province_code: str) -> tuple:
    agency, field = procedure.agency, procedure.field
    return (
        procedure.code,
        provincial_code(procedure.code, province_code),
        procedure.name,
        level,
        OnlineKind.of_level(level).value,
        procedure.level_source.value,
        procedure.has_online_channel,
        procedure.online_service_url,
        ";".join(procedure.tiers),
        agency.code if agency else None,
        agency.name if agency else None,
        field.name if field else None,
        procedure.procedure_type,
        procedure.decision_number,
        procedure.source_url,
        procedure.updated_at.isoformat(),
    )
