"""Reading the catalogue: one procedure by code, and filtered, sorted pages of procedures."""

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from services_api.catalogue.counts import ProcedureCount
from services_api.errors import NotFound
from services_api.procedures.as_of import LevelOnDate, level_column
from services_api.procedures.filters import catalogue_conditions, count_conditions
from services_api.procedures.models import Procedure, ProcedureAgency
from services_api.vocabulary import national_code

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

    def get(self, code: str, as_of: dt.date | None = None) -> Procedure:
        """One procedure; with ``as_of``, a view of it with the level in force on that date."""
        procedure = self._get(code)
        if as_of is None:
            return procedure
        level = self.session.scalar(select(level_column(as_of)).where(Procedure.id == procedure.id))
        return LevelOnDate(procedure, level)

    def _get(self, code: str) -> Procedure:
        national = national_code(code, self.province_code)
        statement = (
            select(Procedure)
            .where(Procedure.code == national)
            .options(
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
        are the ones in force on that date."""
        as_of = args.get("as_of")
        level = level_column(as_of)
        conditions = catalogue_conditions(self.session, args, level=level)
        total = self._total(args, conditions)
        offset = (page - 1) * page_size
        if offset >= total:  # past the last page: nothing to read (and no offset to overflow)
            return [], total
        statement = (
            select(Procedure, level)
            .where(*conditions)
            .order_by(*_order(args.get("sort", "code"), level))
            .offset(offset)
            .limit(page_size)
            .options(selectinload(Procedure.channels))
        )
        rows = self.session.execute(statement).all()
        if as_of is None:
            return [procedure for procedure, _ in rows], total
        return [LevelOnDate(procedure, lv) for procedure, lv in rows], total

    def _total(self, args: dict, conditions: list) -> int:
        """From the counts kept per group when they can tell, else counted."""
        counted = count_conditions(self.session, args)
        if counted is not None:
            total = select(func.sum(ProcedureCount.procedure_count)).where(*counted)
            return self.session.scalar(total) or 0
        return self.session.scalar(select(func.count()).select_from(Procedure).where(*conditions))


def _order(sort: str, level) -> list:
    descending = sort.startswith("-")
    column = {**SORT_COLUMNS, "level": level}[sort.lstrip("-")]
    primary = column.desc() if descending else column.asc()
    return [primary, Procedure.code.desc() if descending else Procedure.code.asc()]
