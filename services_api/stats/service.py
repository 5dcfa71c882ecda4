"""Maturity statistics for the province: counts and shares per level, whole or grouped."""

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from services_api.agencies.models import Agency
from services_api.fields.models import Field
from services_api.procedures.counts import counts_by_group, level_breakdown
from services_api.procedures.models import Procedure, ProcedureTier
from services_api.vocabulary import TIER_NAMES

UNASSIGNED = "Chưa xác định"

tier_name = case(
    {tier.value: name for tier, name in TIER_NAMES.items()}, value=ProcedureTier.tier
).label("tier_name")


class StatsService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def maturity(self, by: str | None = None, level=Procedure.maturity_level) -> dict:
        """The province's breakdown by level, plus one per agency, field or tier when asked.
        ``level`` is the level column counted (the current one, or the one in force on a date)."""
        totals = dict(self.session.execute(select(level, func.count()).group_by(level)).all())
        groups = self._groups(by, level) if by else []
        return {**level_breakdown(totals), "by": by, "groups": groups}

    def _groups(self, by: str, level) -> list[dict]:
        key, name, statement = _grouping(by)
        rows = self.session.execute(
            statement.add_columns(level, func.count()).group_by(key, name, level)
        )
        counts = counts_by_group(rows)
        groups = [
            {"code": code, "name": label or UNASSIGNED, **level_breakdown(per_level)}
            for (code, label), per_level in counts.items()
        ]
        return sorted(groups, key=lambda g: (-g["procedure_count"], g["name"]))


def _grouping(by: str):
    """The group key, its display name, and the statement joining procedures to groups."""
    if by == "agency":
        statement = (
            select(Agency.code, Agency.name)
            .select_from(Procedure)
            .outerjoin(Agency, Agency.id == Procedure.agency_id)
        )
        return Agency.code, Agency.name, statement
    if by == "field":
        statement = (
            select(Field.code, Field.name)
            .select_from(Procedure)
            .outerjoin(Field, Field.id == Procedure.field_id)
        )
        return Field.code, Field.name, statement
    statement = (
        select(ProcedureTier.tier, tier_name)
        .select_from(Procedure)
        .join(ProcedureTier, ProcedureTier.procedure_id == Procedure.id)
    )
    return ProcedureTier.tier, tier_name, statement
