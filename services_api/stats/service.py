"""Maturity statistics for the province: counts and shares per level, whole or grouped."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services_api.agencies.models import Agency
from services_api.fields.models import Field
from services_api.procedures.counts import counts_by_group, level_breakdown
from services_api.procedures.models import Procedure, ProcedureTier
from services_api.vocabulary import TIER_NAMES

UNASSIGNED = "Chưa xác định"


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
        """Counted on the procedures' own group keys, named afterwards (no join to count)."""
        if by == "tier":
            statement = select(ProcedureTier.tier).join(
                Procedure, Procedure.id == ProcedureTier.procedure_id
            )
            key = ProcedureTier.tier
        else:
            key = Procedure.agency_id if by == "agency" else Procedure.field_id
            statement = select(key)
        rows = self.session.execute(statement.add_columns(level, func.count()).group_by(key, level))
        counts = counts_by_group(rows)
        names = self._names(by, [k for k in counts if k is not None])
        groups = [
            {"code": names[k][0], "name": names[k][1], **level_breakdown(per_level)}
            if k is not None
            else {"code": None, "name": UNASSIGNED, **level_breakdown(per_level)}
            for k, per_level in counts.items()
        ]
        return sorted(groups, key=lambda g: (-g["procedure_count"], g["name"]))

    def _names(self, by: str, keys: list) -> dict:
        """``{key: (code, name)}`` of the groups counted."""
        if by == "tier":
            return {tier: (tier, TIER_NAMES[tier]) for tier in keys}
        model = Agency if by == "agency" else Field
        found = select(model.id, model.code, model.name).where(model.id.in_(keys))
        return {id_: (code, name) for id_, code, name in self.session.execute(found)}
