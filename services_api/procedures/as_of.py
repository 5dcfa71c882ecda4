"""The level and the status in force on a date, read from the history and the revisions, as
SQL and as a view of one procedure.

Rule: on day D a procedure has the level of its latest change effective on or before D (ties:
the later record wins). The seeded first row of every procedure (the one with no ``from_level``)
also stands for every date before it: the catalogue knows no earlier level, so it reports the
seeded one rather than nothing.

Its status on day D is the one its latest creation, rescission or restoration dated on or
before D left (revisions are dated in number order: the later one wins); the seeded revision 1
has no date and stands for every date before the first dated one. A procedure created by a
decision has no status (it was not published) before that decision's date.
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal,
    literal_column,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from services_api.procedures.models import (
    MaturityChange,
    Procedure,
    ProcedureRevision,
    RevisionKind,
    Status,
)
from services_api.vocabulary import OnlineKind

_SEED_ROW_LAST = case((MaturityChange.from_level.is_(None), 1), else_=0)
# A dated revision that set a status: a creation by a decision, a rescission, a restoration.
# Written without parameters, as the predicate of the partial index ix_procedure_revision_status
# (models.STATUS_SET) is, so that PostgreSQL finds those revisions on it whatever the plan.
_STATUS_SET = and_(
    ProcedureRevision.kind != literal_column(f"'{RevisionKind.CHANGED.value}'"),
    ProcedureRevision.effective_date.is_not(None),
)


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
    """A read-only view of a procedure showing the level (and, in a listing, the status) in
    force on a past date; reading through a view, never assigning to the ORM object, keeps the
    session from writing it."""

    def __init__(self, procedure: Procedure, level: int, status: Status | None = None) -> None:
        self._procedure = procedure
        self.maturity_level = level
        self.status = status or procedure.status

    def __getattr__(self, name: str):
        return getattr(self._procedure, name)

    @property
    def kind(self) -> OnlineKind:
        return OnlineKind.of_level(self.maturity_level)


def status_on(day: dt.date) -> ColumnElement[Status | None]:
    """A correlated expression over ``Procedure``: its status in force on ``day``, None before
    it was published.

    Only procedures whose status was ever set by a dated revision look into their revisions:
    the others (most of the catalogue) have had their seeded status, the current one, all
    along. The set of those procedures is read once per statement (on a partial index), so a
    count over the whole catalogue stays a scan of a listing index."""
    return case(
        (Procedure.id.in_(status_changed_procedures()), status_in_revisions(day)),
        else_=Procedure.status,
    )


def status_changed_procedures() -> Select:
    """The ids of procedures a dated revision created, rescinded or restored."""
    return select(ProcedureRevision.procedure_id).where(_STATUS_SET)


def status_in_revisions(day: dt.date) -> ColumnElement[Status | None]:
    """A correlated expression over ``Procedure``: its status on ``day`` read from its
    revisions (None: no revision in force, it was not published yet)."""
    left = case(
        (ProcedureRevision.kind == RevisionKind.RESCINDED, literal(Status.RESCINDED.value)),
        else_=literal(Status.ACTIVE.value),
    )
    in_force = (
        select(left)
        .where(
            ProcedureRevision.procedure_id == Procedure.id,
            ProcedureRevision.kind != RevisionKind.CHANGED,
            or_(
                ProcedureRevision.effective_date <= day,
                ProcedureRevision.effective_date.is_(None),
            ),
        )
        .order_by(ProcedureRevision.number.desc())
        .limit(1)
        .correlate(Procedure)
        .scalar_subquery()
    )
    return type_coerce(in_force, Procedure.status.type)


def status_column(as_of: dt.date | None) -> ColumnElement[Status | None]:
    """The status to filter on: the current one, or the one in force ``as_of``."""
    return Procedure.status if as_of is None else status_on(as_of)


def counted_on(
    session: Session, as_of: dt.date | None, counted: Callable[[ColumnElement], Select]
) -> dict[tuple, int]:
    """``{keys: count}`` of the rows ``(*keys, count)`` of ``counted(status)``, a statement whose
    conditions read the status column ``status``: with the statuses in force ``as_of`` (today's
    without it), counted with today's and corrected by ``status_moves``."""
    rows = Counter({tuple(keys): n for *keys, n in session.execute(counted(Procedure.status))})
    if as_of is not None:
        rows.update(status_moves(session, as_of, counted))
    return {keys: n for keys, n in rows.items() if n}


def status_moves(
    session: Session, day: dt.date, counted: Callable[[ColumnElement], Select]
) -> Counter:
    """What counting with the statuses in force on ``day`` adds to counting with today's.

    ``counted(status)`` is a statement of rows ``(*keys, count)`` whose conditions read the
    status column ``status``. Only procedures whose status a dated revision set can differ: it
    is run over those alone, with their status then and now, and the differences are given by
    keys. A count over the whole catalogue thus reads today's status (a plain column, which the
    planner estimates), not ``status_on`` for every procedure."""
    changed = Procedure.id.in_(status_changed_procedures())
    moves: Counter = Counter()
    for sign, status in ((1, status_in_revisions(day)), (-1, Procedure.status)):
        for *keys, count in session.execute(counted(status).where(changed)):
            moves[tuple(keys)] += sign * count
    return moves
