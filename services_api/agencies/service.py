"""Agencies with the number of procedures they carry out, per maturity level."""

from __future__ import annotations

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session, aliased

from services_api.agencies.models import Agency
from services_api.errors import NotFound
from services_api.procedures.counts import counts_by_group, level_breakdown
from services_api.procedures.models import Procedure, ProcedureAgency
from services_api.vocabulary import Tier


class AgencyService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self, tier: Tier | str | None = None) -> list[dict]:
        statement = select(Agency).order_by(Agency.name)
        if tier:
            statement = statement.where(Agency.tier == tier)
        agencies = list(self.session.scalars(statement))
        counts = self._level_counts([a.id for a in agencies])
        return [self._describe(a, counts[a.id]) for a in agencies]

    def get(self, code: str) -> dict:
        agency = self.session.scalar(select(Agency).where(Agency.code == code))
        if agency is None:
            raise NotFound(f"Không tìm thấy cơ quan {code}")
        return self._describe(agency, self._level_counts([agency.id])[agency.id])

    def _describe(self, agency: Agency, counts: dict[int, int]) -> dict:
        parent = self.session.get(Agency, agency.parent_id) if agency.parent_id else None
        return {
            "code": agency.code,
            "name": agency.name,
            "tier": agency.tier,
            "parent": parent.code if parent else None,
            **level_breakdown(counts),
        }

    def _level_counts(self, agency_ids: list[int]) -> dict[int, dict[int, int]]:
        """Procedures each agency implements (or is the primary agency of), by level."""
        pairs = union(
            select(Procedure.id.label("procedure_id"), Procedure.agency_id.label("agency_id")),
            select(ProcedureAgency.procedure_id, ProcedureAgency.agency_id),
        ).subquery()
        procedure = aliased(Procedure)
        rows = self.session.execute(
            select(pairs.c.agency_id, procedure.maturity_level, func.count())
            .join(procedure, procedure.id == pairs.c.procedure_id)
            .where(pairs.c.agency_id.in_(agency_ids))
            .group_by(pairs.c.agency_id, procedure.maturity_level)
        )
        return counts_by_group(rows)
