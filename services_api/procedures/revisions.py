"""A procedure's revisions: listed, read one by one with their content, and found by date.

Rule: on day D a procedure has the content of its latest revision dated on or before D
(revisions are dated by their decision, in number order). The seeded revision 1 has no date and
stands for every date before the first dated one, as the seeded level does for levels; a
procedure created by a decision has no content before that decision's date.

Only the current content is stored whole (the procedure's own rows); a revision stores its diff,
so an older content is the current one with the later revisions' diffs undone, newest first.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from services_api.agencies.models import Agency
from services_api.errors import NotFound
from services_api.fields.models import Field
from services_api.procedures.content import created_diff, snapshot, undo
from services_api.procedures.models import Procedure, ProcedureRevision


@dataclass(frozen=True)
class RevisionDetail:
    """A revision with its diff (a list of ``{field, from, to}``) and the content it left."""

    revision: ProcedureRevision
    diff: list[dict]
    content: dict

    def __getattr__(self, name: str):
        return getattr(self.revision, name)


class Revisions:
    """Reads the revisions of procedures; knows nothing of HTTP."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def page(self, procedure: Procedure, page: int, page_size: int):
        """A page of the procedure's revisions, oldest first, and how many it has."""
        total = procedure.revision
        statement = (
            select(ProcedureRevision)
            .where(ProcedureRevision.procedure_id == procedure.id)
            .order_by(ProcedureRevision.number)
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
        return list(self.session.scalars(statement)), total

    def get(self, procedure: Procedure, number: int) -> RevisionDetail:
        """Revision ``number`` with its diff and the whole content it left."""
        revision = self._revision(procedure, number)
        content = self.content_at(procedure, number)
        changes = revision.diff
        if changes is None:  # the seeded record: all of it, from nothing
            changes = created_diff(content)
        listed = [{"field": k, "from": v["from"], "to": v["to"]} for k, v in changes.items()]
        return RevisionDetail(revision, listed, content)

    def content_at(self, procedure: Procedure, number: int) -> dict:
        """The content the procedure had once revision ``number`` was made."""
        content = snapshot(procedure)
        later = select(ProcedureRevision.diff).where(
            ProcedureRevision.procedure_id == procedure.id, ProcedureRevision.number > number
        )
        for changes in self.session.scalars(later.order_by(ProcedureRevision.number.desc())):
            content = undo(content, changes or {})
        return content

    def in_force(self, procedure: Procedure, day: dt.date) -> ProcedureRevision | None:
        """The revision in force on ``day``; None before the procedure was published."""
        number = self.session.scalar(
            select(func.max(ProcedureRevision.number)).where(
                ProcedureRevision.procedure_id == procedure.id,
                or_(
                    ProcedureRevision.effective_date <= day,
                    ProcedureRevision.effective_date.is_(None),
                ),
            )
        )
        return None if number is None else self._revision(procedure, number)

    def _revision(self, procedure: Procedure, number: int) -> ProcedureRevision:
        revision = self.session.scalar(
            select(ProcedureRevision).where(
                ProcedureRevision.procedure_id == procedure.id, ProcedureRevision.number == number
            )
        )
        if revision is None:
            raise NotFound(f"Thủ tục {procedure.code} không có phiên bản {number}")
        return revision


class Named:
    """Agencies and fields by code, each read once, for showing an older content."""

    def __init__(self, session: Session, content: dict) -> None:
        agency_codes = {content["competent_agency"], *content["implementing_agencies"]}
        self._agencies = rows_by_code(session, Agency, agency_codes)
        self._fields = rows_by_code(session, Field, {content["field"]})

    def agency(self, code: str | None):
        return self._agencies.get(code) if code else None

    def field(self, code: str | None):
        return self._fields.get(code) if code else None


def rows_by_code(session: Session, model, codes: set) -> dict:
    """The rows of ``model`` (agencies, fields) with these codes, by code."""
    codes = {c for c in codes if c}
    if not codes:
        return {}
    return {row.code: row for row in session.scalars(select(model).where(model.code.in_(codes)))}
