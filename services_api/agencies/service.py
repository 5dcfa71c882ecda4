"""Agencies with the number of procedures they carry out, per maturity level."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services_api.agencies.models import Agency
from services_api.catalogue.counts import ProcedureCount
from services_api.errors import NotFound
from services_api.procedures.counts import counts_by_group, level_breakdown
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
        parents = self._parent_codes(agencies)
        return [self._describe(a, counts[a.id], parents) for a in agencies]

    def get(self, code: str) -> dict:
        agency = self.session.scalar(select(Agency).where(Agency.code == code))
        if agency is None:
            raise NotFound(f"Không tìm thấy cơ quan {code}")
        counts = self._level_counts([agency.id])[agency.id]
        return self._describe(agency, counts, self._parent_codes([agency]))

    @staticmethod
    def _describe(agency: Agency, counts: dict[int, int], parents: dict[int, str]) -> dict:
        return {
            "code": agency.code,
            "name": agency.name,
            "tier": agency.tier,
            "parent": parents.get(agency.parent_id),
            **level_breakdown(counts),
        }

    def _parent_codes(self, agencies: list[Agency]) -> dict[int, str]:
        """The codes of these agencies' parents, in one query."""
        ids = {a.parent_id for a in agencies if a.parent_id}
        if not ids:
            return {}
        return dict(
            self.session.execute(select(Agency.id, Agency.code).where(Agency.id.in_(ids))).all()
        )

    def _level_counts(self, agency_ids: list[int]) -> dict[int, dict[int, int]]:
        """Procedures each agency implements or is the primary agency of, by level, from the
        counts kept per group (a procedure is counted once per agency)."""
        level = ProcedureCount.maturity_level
        rows = self.session.execute(
            select(ProcedureCount.agency_id, level, func.sum(ProcedureCount.procedure_count))
            .where(ProcedureCount.agency_id.in_(agency_ids))
            .group_by(ProcedureCount.agency_id, level)
        )
        return counts_by_group(rows)
