"""Maturity statistics for the province: counts and shares per level, whole or grouped."""

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services_api.agencies.models import Agency
from services_api.catalogue.counts import NONE, ProcedureCount, tiers_of
from services_api.fields.models import Field
from services_api.procedures.as_of import counted_on, level_on
from services_api.procedures.counts import counts_by_group, level_breakdown
from services_api.procedures.filters import status_conditions
from services_api.procedures.models import Procedure, ProcedureTier, Status
from services_api.vocabulary import TIER_NAMES

UNASSIGNED = "Chưa xác định"
_PRIMARY = ProcedureCount.implementing.is_(False)  # each procedure once
_COUNTED_KEYS = {"agency": ProcedureCount.agency_id, "field": ProcedureCount.field_id}


class StatsService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def maturity(
        self, by: str | None = None, as_of: dt.date | None = None, status: str | None = None
    ) -> dict:
        """The province's breakdown by level, plus one per agency, field or tier when asked;
        with ``as_of``, of the levels and statuses in force on that date (read from the history
        and the revisions), else of the counts kept per group. Active procedures only unless
        ``status`` asks for rescinded ones or all (counted from the procedures: the counts kept
        are of active ones)."""
        if as_of is None and (status or Status.ACTIVE.value) == Status.ACTIVE.value:
            totals, counts = self._counted(by)
        else:
            totals, counts = self._on_date(by, as_of, status)
        groups = self._named(by, counts) if by else []
        return {**level_breakdown(totals), "by": by, "groups": groups}

    def _counted(self, by: str | None) -> tuple[dict, dict]:
        level, count = ProcedureCount.maturity_level, func.sum(ProcedureCount.procedure_count)
        totals = select(level, count).where(_PRIMARY).group_by(level)
        totals = {lv: n for lv, n in self.session.execute(totals)}
        if not by:
            return totals, {}
        key = ProcedureCount.tiers if by == "tier" else _COUNTED_KEYS[by]
        rows = self.session.execute(select(key, level, count).where(_PRIMARY).group_by(key, level))
        if by == "tier":
            return totals, _per_tier(rows)
        return totals, counts_by_group((None if k == NONE else k, lv, n) for k, lv, n in rows)

    def _on_date(self, by: str | None, as_of: dt.date | None, status: str | None):
        """Counted on the procedures' own group keys, named afterwards (no join to count); on a
        past date, with the statuses then (``counted_on``)."""
        level = level_on(as_of) if as_of else Procedure.maturity_level

        def totals_of(status_column):
            conditions = status_conditions(status, status_column)
            return select(level, func.count()).where(*conditions).group_by(level)

        totals = {lv: n for (lv,), n in counted_on(self.session, as_of, totals_of).items()}
        if not by:
            return totals, {}
        if by == "tier":
            statement = select(ProcedureTier.tier).join(
                Procedure, Procedure.id == ProcedureTier.procedure_id
            )
            key = ProcedureTier.tier
        else:
            key = Procedure.agency_id if by == "agency" else Procedure.field_id
            statement = select(key)
        statement = statement.add_columns(level, func.count()).group_by(key, level)

        def grouped(status_column):
            return statement.where(*status_conditions(status, status_column))

        rows = counted_on(self.session, as_of, grouped)
        return totals, counts_by_group((*keys, n) for keys, n in rows.items())

    def _named(self, by: str, counts: dict) -> list[dict]:
        names = self._names(by, [k for k in counts if k is not None])
        groups = [
            {"code": names[k][0], "name": names[k][1], **level_breakdown(per_level)}
            if k is not None
            else {"code": None, "name": UNASSIGNED, **level_breakdown(per_level)}
            for k, per_level in counts.items()
        ]
        return sorted(groups, key=lambda g: (-g["procedure_count"], g["name"], g["code"] or ""))

    def _names(self, by: str, keys: list) -> dict:
        """``{key: (code, name)}`` of the groups counted."""
        if by == "tier":
            return {tier: (tier, TIER_NAMES[tier]) for tier in keys}
        model = Agency if by == "agency" else Field
        found = select(model.id, model.code, model.name).where(model.id.in_(keys))
        return {id_: (code, name) for id_, code, name in self.session.execute(found)}


def _per_tier(rows) -> dict:
    """``{tier: {level: count}}`` from rows ``(tier mask, level, count)``: a procedure carried
    out at several tiers counts in each."""
    counts: dict = defaultdict(lambda: defaultdict(int))
    for mask, level, count in rows:
        for tier in tiers_of(mask):
            counts[tier][level] += count
    return counts
