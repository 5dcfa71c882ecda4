"""Fields with the number of procedures in each, per maturity level."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services_api.fields.models import Field
from services_api.procedures.counts import counts_by_group, level_breakdown
from services_api.procedures.models import Procedure


class FieldService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self) -> list[dict]:
        rows = self.session.execute(
            select(Procedure.field_id, Procedure.maturity_level, func.count()).group_by(
                Procedure.field_id, Procedure.maturity_level
            )
        )
        counts = counts_by_group(rows)
        fields = self.session.scalars(select(Field).order_by(Field.name))
        return [{"code": f.code, "name": f.name, **level_breakdown(counts[f.id])} for f in fields]
