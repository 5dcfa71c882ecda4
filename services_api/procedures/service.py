"""Reading the catalogue: one procedure by code, and filtered, sorted pages of procedures."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from services_api.errors import NotFound
from services_api.procedures.codes import national_code
from services_api.procedures.filters import catalogue_conditions
from services_api.procedures.models import Procedure, ProcedureAgency

SORT_COLUMNS = {
    "name": Procedure.name,
    "code": Procedure.code,
    "level": Procedure.maturity_level,
    "updated": Procedure.updated_at,
}


class ProcedureService:
    """Queries over procedures; knows nothing of HTTP."""

    def __init__(self, session: Session, province_code: str) -> None:
        self.session = session
        self.province_code = province_code

    def get(self, code: str) -> Procedure:
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
        conditions = catalogue_conditions(self.session, args)
        total = self.session.scalar(select(func.count(Procedure.id)).where(*conditions))
        statement = (
            select(Procedure)
            .where(*conditions)
            .order_by(*_order(args.get("sort", "code")))
            .offset((page - 1) * page_size)
            .limit(page_size)
            .options(selectinload(Procedure.channels))
        )
        return list(self.session.scalars(statement)), total


def _order(sort: str) -> list:
    descending = sort.startswith("-")
    column = SORT_COLUMNS[sort.lstrip("-")]
    primary = column.desc() if descending else column.asc()
    return [primary, Procedure.code.desc() if descending else Procedure.code.asc()]
