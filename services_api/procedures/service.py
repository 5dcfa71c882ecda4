"""Reading the catalogue: one procedure by code, and filtered, sorted pages of procedures."""

import datetime as dt

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session, joinedload, load_only, selectinload, with_expression

from services_api.catalogue.counts import ProcedureCount
from services_api.errors import NotFound
from services_api.procedures.as_of import (
    LevelOnDate,
    changed_procedures,
    level_column,
    level_in_history,
    status_column,
    status_moves,
)
from services_api.procedures.content import ContentOnDate
from services_api.procedures.filters import FEW, catalogue_conditions, count_conditions
from services_api.procedures.models import Procedure, ProcedureAgency, has_online_channel
from services_api.procedures.revisions import Named, RevisionDetail, Revisions
from services_api.vocabulary import national_code

# what a list item shows (ProcedureListItemSchema); a procedure's long texts stay unread
LISTED = (
    Procedure.code,
    Procedure.name,
    Procedure.maturity_level,
    Procedure.level_source,
    Procedure.status,
    Procedure.updated_at,
    Procedure.agency_id,
    Procedure.field_id,
)
SORT_COLUMNS = {
    "name": Procedure.name,
    "code": Procedure.code,
    "updated": Procedure.updated_at,
}


class ProcedureService:
    """Queries over procedures; knows nothing of HTTP."""

    def __init__(self, session: Session, province_code: str) -> None:
        self.session = session
        self.province_code = province_code
        self.revisions = Revisions(session)

    def get(self, code: str, as_of: dt.date | None = None) -> Procedure:
        """One procedure, rescinded or not; with ``as_of``, a view of it with the content and
        the level in force on that date (404 before it was published)."""
        procedure = self._get(code)
        if as_of is None:
            return procedure
        level = self.session.scalar(select(level_column(as_of)).where(Procedure.id == procedure.id))
        revision = self.revisions.in_force(procedure, as_of)
        if revision is None:
            raise NotFound(f"Thủ tục {code} chưa được công bố vào ngày {as_of:%d/%m/%Y}")
        if revision.number == procedure.revision:
            return LevelOnDate(procedure, level)
        content = self.revisions.content_at(procedure, revision.number)
        return ContentOnDate(procedure, content, revision, level, Named(self.session, content))

    def revision_page(self, code: str, page: int, page_size: int):
        """A page of the revisions of procedure ``code``, oldest first, and their number."""
        return self.revisions.page(self._get(code), page, page_size)

    def revision(self, code: str, number: int) -> RevisionDetail:
        """Revision ``number`` of procedure ``code``: who, when, which decision, its field-level
        diff and the content it left."""
        return self.revisions.get(self._get(code), number)

    def _get(self, code: str) -> Procedure:
        national = national_code(code, self.province_code)
        statement = (
            select(Procedure)
            .where(Procedure.code == national)
            .options(
                joinedload(Procedure.competent_agency),
                selectinload(Procedure.channels),
                selectinload(Procedure.implementing).joinedload(ProcedureAgency.agency),
            )
        )
        procedure = self.session.scalar(statement) if national else None
        if procedure is None:
            raise NotFound(f"Không tìm thấy thủ tục {code}")
        return procedure

    def page(self, args: dict, page: int, page_size: int) -> tuple[list[Procedure], int]:
        """A page of the filtered catalogue; with ``as_of``, levels (to filter, sort and show)
        and statuses (to filter and show) are the ones in force on that date."""
        as_of = args.get("as_of")
        level = level_column(as_of)
        total = self._total(args, level)
        offset = (page - 1) * page_size
        if offset >= total:  # past the last page: nothing to read (and no offset to overflow)
            return [], total
        few = total <= FEW
        conditions = catalogue_conditions(self.session, args, level=level, few=few)
        sort = args.get("sort", "code")
        if as_of is not None and sort.lstrip("-") == "level":
            page_ids = self._by_level_on(args, as_of, sort, offset, page_size, few)
        else:
            ranked = select(Procedure.id, Procedure.code, level.label("level")).where(*conditions)
            page_ids = ranked.order_by(*_order(sort, level)).offset(offset).limit(page_size)
        statement = _listed(page_ids.subquery(), sort, status_column(as_of))
        online = with_expression(Procedure.listed_online, has_online_channel())
        rows = self.session.execute(statement.options(load_only(*LISTED), online)).all()
        if as_of is None:
            return [procedure for procedure, _, _ in rows], total
        return [LevelOnDate(procedure, lv, status) for procedure, lv, status in rows], total

    def _by_level_on(  # noqa: PLR0913
        self, args: dict, day: dt.date, sort: str, offset: int, size: int, few: bool
    ):
        """Sorted by the level in force on ``day``, without reading it for every procedure:
        the procedures never changed have their current level, in the index's order, and only
        the changed ones are looked up; each side gives its first ``offset + size``."""
        first = offset + size
        changed = changed_procedures()
        sides = []
        for level, side in (
            (Procedure.maturity_level, ~Procedure.id.in_(changed)),
            (level_in_history(day), Procedure.id.in_(changed)),
        ):
            conditions = catalogue_conditions(self.session, args, level=level, few=few)
            ranked = select(Procedure.id, Procedure.code, level.label("level")).where(side)
            ranked = ranked.where(*conditions).order_by(*_order(sort, level)).limit(first)
            sides.append(select(ranked.subquery()))
        both = union_all(*sides).subquery()
        ordered = _order(sort, both.c.level, both.c.code)
        return select(both).order_by(*ordered).offset(offset).limit(size)

    def _total(self, args: dict, level) -> int:
        """From the counts kept per group when they can tell, else counted; on an ``as_of``
        date, with today's statuses, and the procedures whose status differed then added."""

        def counted(status):
            conditions = catalogue_conditions(self.session, args, level=level, status=status)
            return select(func.count()).select_from(Procedure).where(*conditions)

        by_group = count_conditions(self.session, args)
        if by_group is not None:
            summed = select(func.sum(ProcedureCount.procedure_count)).where(*by_group)
            total = self.session.scalar(summed) or 0
        else:
            total = self.session.scalar(counted(Procedure.status))
        as_of = args.get("as_of")
        if as_of is not None:
            total += status_moves(self.session, as_of, counted)[()]
        return total


def _listed(page_ids, sort: str, status):
    """The procedures of a page of ``(id, code, level)`` rows, in the page's order, with their
    ``status`` (on a past date: the one in force then). The page is ranked first on the sort's
    index alone (it holds the columns the filters read), so only the page's rows are read from
    the table."""
    return (
        select(Procedure, page_ids.c.level, status)
        .join(page_ids, page_ids.c.id == Procedure.id)
        .order_by(*_order(sort, page_ids.c.level, page_ids.c.code))
    )


def _order(sort: str, level, code=Procedure.code) -> list:
    descending = sort.startswith("-")
    column = {**SORT_COLUMNS, "level": level}[sort.lstrip("-")]
    primary = column.desc() if descending else column.asc()
    return [primary, code.desc() if descending else code.asc()]
