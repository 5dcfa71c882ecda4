"""Counts per level at the end of each month (or quarter, year), replayed from the history."""

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from services_api.errors import InvalidParameter
from services_api.procedures.counts import level_breakdown
from services_api.procedures.filters import catalogue_conditions
from services_api.procedures.models import MaturityChange, Procedure

MONTHS_PER_PERIOD = {"month": 1, "quarter": 3, "year": 12}
MAX_PERIODS = 240


def period_ends(since: dt.date, until: dt.date, by: str) -> Iterator[tuple[str, dt.date]]:
    """``(label, last day)`` of each period from the one holding ``since`` to ``until``'s."""
    step = MONTHS_PER_PERIOD[by]
    index = since.year * 12 + since.month - 1
    index -= index % step
    while index <= until.year * 12 + until.month - 1:
        year, month = divmod(index, 12)
        yield _label(year, month + 1, by), _last_day_before(index + step)
        index += step


def period_count(since: dt.date, until: dt.date, by: str) -> int:
    step = MONTHS_PER_PERIOD[by]
    first = (since.year * 12 + since.month - 1) // step
    return (until.year * 12 + until.month - 1) // step - first + 1


def _last_day_before(month_index: int) -> dt.date:
    year, month = divmod(month_index, 12)
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _label(year: int, month: int, by: str) -> str:
    if by == "year":
        return f"{year}"
    if by == "quarter":
        return f"{year}-Q{(month - 1) // 3 + 1}"
    return f"{year}-{month:02d}"


@dataclass
class History:
    starts: dict[int, int]  # procedure id → its seeded level
    events: list[tuple]  # (effective_date, id, procedure_id, to_level), agency changes only
    first_date: dt.date | None  # the earliest effective date of any row, seeded or not


class Timeline:
    """Replays the history the way ``procedures.as_of.level_on`` reads it: a procedure starts at
    its seeded level, then each agency change applies from its effective date, in (date, record)
    order. Procedures are those the catalogue filters select (today's tier, agency, field)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def build(self, filters: dict, by: str, since: dt.date | None, until: dt.date) -> dict:
        history = self._history(filters)
        since = since or min(history.first_date or until, until)
        if not 0 < period_count(since, until, by) <= MAX_PERIODS:
            raise InvalidParameter(
                "since", f"Từ 1 đến {MAX_PERIODS} kỳ: since không sau until, khoảng không quá dài"
            )
        ends = list(period_ends(since, until, by))
        levels = dict(history.starts)
        events = iter(sorted(history.events))
        event = next(events, None)
        periods = []
        for label, end in ends:
            while event is not None and event[0] <= end:
                levels[event[2]] = event[3]
                event = next(events, None)
            counts = Counter(levels.values())
            periods.append({"period": label, "end": end, **level_breakdown(counts)})
        return {"by": by, "periods": periods}

    def _history(self, filters: dict) -> History:
        selected = select(Procedure.id).where(*catalogue_conditions(self.session, filters))
        current = dict(
            self.session.execute(
                select(Procedure.id, Procedure.maturity_level).where(Procedure.id.in_(selected))
            ).all()
        )
        rows = self.session.execute(
            select(
                MaturityChange.effective_date,
                MaturityChange.id,
                MaturityChange.procedure_id,
                MaturityChange.to_level,
                MaturityChange.from_level,
            ).where(MaturityChange.procedure_id.in_(selected))
        ).all()
        events = sorted(tuple(row[:4]) for row in rows if row.from_level is not None)
        seeded = {row.procedure_id: row.to_level for row in rows if row.from_level is None}
        # Like level_on's coalesce: without a seeded row, the current level stands for the past.
        starts = {pid: seeded.get(pid, level) for pid, level in current.items()}
        first = min((row.effective_date for row in rows), default=None)
        return History(starts, events, first)
