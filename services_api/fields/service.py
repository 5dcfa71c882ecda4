"""Fields with the number of procedures in each, per maturity level."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services_api.catalogue.counts import ProcedureCount
from services_api.fields.models import Field
from services_api.procedures.counts import counts_by_group, level_breakdown


class FieldService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self) -> list[dict]:
        key, level = ProcedureCount.field_id, ProcedureCount.maturity_level
        rows = self.session.execute(
            select(key, level, func.sum(ProcedureCount.procedure_count))
            .where(ProcedureCount.implementing.is_(False))
            .group_by(key, level)
        )
        counts = counts_by_group(rows)
        fields = self.session.scalars(select(Field).order_by(Field.name))
        return [{"code": f.code, "name": f.name, **level_breakdown(counts[f.id])} for f in fields]
