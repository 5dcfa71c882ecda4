"""The level in force on a date, read from the history, as SQL and as a view of one procedure.

Rule: on day D a procedure has the level of its latest change effective on or before D (ties:
the later record wins). The seeded first row of every procedure (the one with no ``from_level``)
also stands for every date before it: the catalogue knows no earlier level, so it reports the
seeded one rather than nothing.
"""

import datetime as dt

from sqlalchemy import ColumnElement, Select, case, func, or_, select

from services_api.procedures.models import MaturityChange, Procedure
from services_api.vocabulary import OnlineKind

_SEED_ROW_LAST = case((MaturityChange.from_level.is_(None), 1), else_=0)


def level_on(day: dt.date) -> ColumnElement[int]:
    """A correlated expression over ``Procedure``: its level in force on ``day``.

    Only procedures whose level was ever changed look into the history: for the others (most
    of the catalogue) the seeded level is the only one, the current level. The set of changed
    procedures is read once per statement, so a count over the whole catalogue stays a scan."""
    changed = changed_procedures()
    return case(
        (Procedure.id.in_(changed), level_in_history(day)),
        else_=Procedure.maturity_level,
    )


def changed_procedures() -> Select:
    """The ids of procedures whose level was ever changed (the others keep their seeded level)."""
    return select(MaturityChange.procedure_id).where(MaturityChange.from_level.is_not(None))


def level_in_history(day: dt.date) -> ColumnElement[int]:
    """A correlated expression over ``Procedure``: its level on ``day`` read from its history."""
    in_force = (
        select(MaturityChange.to_level)
        .where(
            MaturityChange.procedure_id == Procedure.id,
            or_(MaturityChange.effective_date <= day, MaturityChange.from_level.is_(None)),
        )
        .order_by(_SEED_ROW_LAST, MaturityChange.effective_date.desc(), MaturityChange.id.desc())
        .limit(1)
        .correlate(Procedure)
        .scalar_subquery()
    )
    return func.coalesce(in_force, Procedure.maturity_level)


def level_column(as_of: dt.date | None) -> ColumnElement[int]:
    """The level to filter, sort and count on: the current one, or the one in force ``as_of``."""
    return Procedure.maturity_level if as_of is None else level_on(as_of)


class LevelOnDate:
    """A read-only view of a procedure showing the level in force on a past date; reading
    through a view, never assigning to the ORM object, keeps the session from writing it."""

    def __init__(self, procedure: Procedure, level: int) -> None:
        self._procedure = procedure
        self.maturity_level = level

    def __getattr__(self, name: str):
        return getattr(self._procedure, name)

    @property
    def kind(self) -> OnlineKind:
        return OnlineKind.of_level(self.maturity_level)
