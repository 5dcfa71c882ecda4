"""Agencies with the number of procedures they carry out, per maturity level."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

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
        """Procedures each agency implements (or is the primary agency of), by level: those it
        is the primary agency of, plus those it implements under another primary agency (two
        grouped counts, no set of pairs to deduplicate)."""
        primary = self.session.execute(
            select(Procedure.agency_id, Procedure.maturity_level, func.count())
            .where(Procedure.agency_id.in_(agency_ids))
            .group_by(Procedure.agency_id, Procedure.maturity_level)
        )
        implementing = self.session.execute(
            select(ProcedureAgency.agency_id, Procedure.maturity_level, func.count())
            .join(Procedure, Procedure.id == ProcedureAgency.procedure_id)
            .where(
                ProcedureAgency.agency_id.in_(agency_ids),
                or_(
                    Procedure.agency_id.is_(None), Procedure.agency_id != ProcedureAgency.agency_id
                ),
            )
            .group_by(ProcedureAgency.agency_id, Procedure.maturity_level)
        )
        counts = counts_by_group(primary)
        for agency_id, level, count in implementing:
            counts[agency_id][level] = counts[agency_id].get(level, 0) + count
        return counts
