"""A content written onto a procedure's rows: its text, field, agencies, tiers and channels.

Tier and agency rows are keyed by what they name, so rows that stay are kept (updated in
place) rather than deleted and inserted again with the same key in one flush.
"""

from sqlalchemy.orm import Session

from services_api.agencies.models import Agency
from services_api.fields.models import Field
from services_api.procedures.content import TEXT_FIELDS, channel_row
from services_api.procedures.models import (
    Procedure,
    ProcedureAgency,
    ProcedureTier,
)
from services_api.procedures.revisions import rows_by_code
from services_api.vocabulary import Tier


class Catalogue:
    """Agencies and fields by code, read once for a whole write."""

    def __init__(self, session: Session, contents: list[dict]) -> None:
        agency_codes = set()
        field_codes = set()
        for content in contents:
            agency_codes.update(content.get("implementing_agencies") or [])
            agency_codes.add(content.get("competent_agency"))
            field_codes.add(content.get("field"))
        self.agencies = rows_by_code(session, Agency, agency_codes)
        self.fields = rows_by_code(session, Field, field_codes)


def apply_content(procedure: Procedure, content: dict, catalogue: Catalogue) -> None:
    for name in TEXT_FIELDS:
        setattr(procedure, name, content.get(name))
    procedure.field = catalogue.fields.get(content.get("field"))
    procedure.competent_agency = catalogue.agencies.get(content.get("competent_agency"))
    implementing = [catalogue.agencies[c] for c in dict.fromkeys(content["implementing_agencies"])]
    procedure.agency = implementing[0] if implementing else procedure.competent_agency
    procedure.implementing = _agency_rows(procedure, implementing)
    procedure.tier_rows = _tier_rows(procedure, content["tiers"])
    procedure.channels = [channel_row(c, i) for i, c in enumerate(content["channels"])]
    procedure.documents = list(content.get("documents") or [])
    procedure.legal_basis = list(content.get("legal_basis") or [])


def _agency_rows(procedure: Procedure, agencies: list[Agency]) -> list[ProcedureAgency]:
    existing = {row.agency_id: row for row in procedure.implementing if row.agency_id}
    rows = []
    for position, agency in enumerate(agencies):
        row = existing.get(agency.id) or ProcedureAgency(agency=agency)
        row.position = position
        rows.append(row)
    return rows


def _tier_rows(procedure: Procedure, tiers: list[str]) -> list[ProcedureTier]:
    existing = {row.tier: row for row in procedure.tier_rows}
    rows = []
    for position, tier in enumerate(tiers):
        row = existing.get(Tier(tier)) or ProcedureTier(tier=Tier(tier))
        row.position = position
        rows.append(row)
    return rows
