"""Fields with the number of procedures in each, per maturity level."""

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services_api.fields.models import Field
from services_api.procedures.models import Procedure
from services_api.stats.breakdown import level_breakdown


class FieldService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self) -> list[dict]:
        rows = self.session.execute(
            select(Procedure.field_id, Procedure.maturity_level, func.count()).group_by(
                Procedure.field_id, Procedure.maturity_level
            )
        )
        counts: dict[int, dict[int, int]] = defaultdict(dict)
        for field_id, level, count in rows:
            counts[field_id][level] = count
        fields = self.session.scalars(select(Field).order_by(Field.name))
        return [{"code": f.code, "name": f.name, **level_breakdown(counts[f.id])} for f in fields]
