"""Targets per level for the province or an agency, and the progress made toward them."""

import datetime as dt
import math

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services_api.agencies.models import Agency
from services_api.catalogue import generation
from services_api.errors import InvalidParameter
from services_api.keys.models import ApiKey
from services_api.procedures.as_of import counted_on, level_column
from services_api.procedures.filters import catalogue_conditions
from services_api.procedures.models import Procedure
from services_api.stats.models import MaturityTarget


class TargetService:
    """Targets are set as a whole by an administrator (PUT replaces the set); progress counts
    the procedures at the target's level or above (levels are cumulative), on any date."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def targets(self) -> list[MaturityTarget]:
        statement = select(MaturityTarget).order_by(
            MaturityTarget.agency_id.is_not(None), MaturityTarget.agency_id, MaturityTarget.level
        )
        return list(self.session.scalars(statement))

    def replace(self, items: list[dict], key: ApiKey) -> list[MaturityTarget]:
        agencies = self._agencies({item["agency"] for item in items if item.get("agency")})
        _refuse_duplicates(items)
        for target in self.targets():
            self.session.delete(target)
        self.session.flush()
        self.session.add_all(_target(item, agencies, key) for item in items)
        generation.bump(self.session)
        self.session.commit()
        return self.targets()

    def progress(self, as_of: dt.date | None = None) -> list[dict]:
        level = level_column(as_of)
        return [self._progress(target, level, as_of) for target in self.targets()]

    def _progress(self, target: MaturityTarget, level, as_of: dt.date | None) -> dict:
        scope = {"agency": [target.agency.code]} if target.agency else {}
        reaches = level >= target.level

        def counted(status):  # the procedures active on the day, whether they reach it
            conditions = catalogue_conditions(self.session, scope, level=level, status=status)
            statement = select(reaches, func.count()).select_from(Procedure).where(*conditions)
            return statement.group_by(reaches)

        rows = counted_on(self.session, as_of, counted)
        total = sum(rows.values())
        reached = sum(n for (reached_it,), n in rows.items() if reached_it)
        share = round(100 * reached / total, 1) if total else 0.0
        needed = math.ceil(target.share * total / 100 - 1e-9)
        return {
            "target": target,
            "procedure_count": total,
            "reached_count": reached,
            "reached_share": share,
            "remaining": max(0, needed - reached),
            "met": reached >= needed,
        }

    def _agencies(self, codes: set[str]) -> dict[str, Agency]:
        found = {
            a.code: a for a in self.session.scalars(select(Agency).where(Agency.code.in_(codes)))
        }
        unknown = sorted(codes - set(found))
        if unknown:
            raise InvalidParameter(
                "agency", f"Mã cơ quan không tồn tại: {', '.join(unknown)}", "json"
            )
        return found


def _refuse_duplicates(items: list[dict]) -> None:
    seen = set()
    for item in items:
        key = (item.get("agency"), item["level"])
        if key in seen:
            raise InvalidParameter(
                "targets",
                f"Chỉ tiêu trùng: cơ quan {key[0] or 'toàn tỉnh'}, mức độ {key[1]}",
                "json",
            )
        seen.add(key)


def _target(item: dict, agencies: dict[str, Agency], key: ApiKey) -> MaturityTarget:
    return MaturityTarget(
        agency=agencies.get(item.get("agency") or ""),
        level=item["level"],
        share=item["share"],
        due_date=item.get("due_date"),
        key_id=key.id,
    )
