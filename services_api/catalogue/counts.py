"""Procedures counted per group, kept in step with the catalogue by every writing transaction.

A row of ``procedure_count`` counts the active procedures of one agency (``implementing`` false: its
primary agency; true: an agency implementing it under another primary agency, or under none),
field, level, set of tiers (a bit mask, ``TIER_BITS``) and online flag; agency or field 0 is none.
Every procedure is counted in exactly one row with ``implementing`` false, so the whole
catalogue is the sum of those rows. Lists' totals, statistics and the agency and field lists read
these few hundred rows instead of counting procedures.

Nothing has to be called to keep them right: the session notes every procedure an ORM flush
touches (the procedure, its tiers, implementing agencies or channels) with the agencies it
belonged to before, and at commit, after taking the catalogue generation (which makes writers
pass one at a time), recounts the rows of those agencies, before and after, from the procedures
themselves. A write that changes procedures without the ORM (a bulk UPDATE, raw SQL) calls
``touch`` before it, or ``recount`` after it.
"""

from collections.abc import Iterable

from sqlalchemy import (
    Boolean,
    Connection,
    Integer,
    case,
    delete,
    event,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from services_api.catalogue import generation
from services_api.database import Base
from services_api.procedures.models import (
    Channel,
    Procedure,
    ProcedureAgency,
    ProcedureTier,
    Status,
    has_online_channel,
)
from services_api.vocabulary import Tier

# Stored in the table: a new tier takes the next bit, existing bits never move.
TIER_BITS = {tier: 1 << position for position, tier in enumerate(Tier)}
NONE = 0  # agency or field: none
_TOUCHED = "procedure_count_touched"  # session.info: procedure ids this transaction touched
_AGENCIES = "procedure_count_agencies"  # session.info: agencies whose rows it must recount
_CHUNK = 500  # ids per IN list


class ProcedureCount(Base):
    """How many procedures have this agency (in this role), field, level, tiers and online flag."""

    __tablename__ = "procedure_count"

    agency_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    implementing: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    field_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    maturity_level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    tiers: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    online: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    procedure_count: Mapped[int] = mapped_column(Integer, nullable=False)


def tier_mask(tiers: Iterable[Tier | str]) -> int:
    """The bits of ``tiers``: a row counts procedures at any of them when ``tiers & mask``."""
    mask = 0
    for tier in tiers:
        mask |= TIER_BITS[Tier(tier)]
    return mask


def tiers_of(mask: int) -> list[Tier]:
    return [tier for tier, bit in TIER_BITS.items() if mask & bit]


def touch(session: Session, procedure_ids: Iterable[int]) -> None:
    """Note procedures about to change outside the ORM: their rows are recounted at commit."""
    _note(session, session.connection(), set(procedure_ids))


def recount(session: Session, agency_ids: Iterable[int] | None = None) -> None:
    """Count again the rows of ``agency_ids`` (``NONE``: procedures without a primary agency),
    or every row, from the procedures themselves."""
    agencies = None if agency_ids is None else sorted(set(agency_ids))
    stale = delete(ProcedureCount)
    if agencies is not None:
        stale = stale.where(ProcedureCount.agency_id.in_(agencies))
    session.execute(stale)
    counted = _members(agencies).subquery()
    keys = [counted.c[name] for name in _KEYS]
    fresh = select(*keys, func.count()).group_by(*keys)
    session.execute(insert(ProcedureCount).from_select([*_KEYS, "procedure_count"], fresh))


_KEYS = ("agency_id", "implementing", "field_id", "maturity_level", "tiers", "online")


def _members(agencies: list[int] | None):
    """One row per (procedure, agency it is counted under), for the agencies given or all."""
    tiers = (
        select(
            func.coalesce(
                func.sum(case(*((ProcedureTier.tier == t, bit) for t, bit in TIER_BITS.items()))),
                0,
            )
        )
        .where(ProcedureTier.procedure_id == Procedure.id)
        .scalar_subquery()
    )
    facets = (
        func.coalesce(Procedure.field_id, NONE).label("field_id"),
        Procedure.maturity_level.label("maturity_level"),
        tiers.label("tiers"),
        case((has_online_channel(), True), else_=False).label("online"),
    )
    primary = select(
        func.coalesce(Procedure.agency_id, NONE).label("agency_id"),
        literal(False, Boolean).label("implementing"),
        *facets,
    )
    implementing = (
        select(ProcedureAgency.agency_id, literal(True, Boolean), *facets)
        .join(Procedure, Procedure.id == ProcedureAgency.procedure_id)
        .where(or_(Procedure.agency_id.is_(None), Procedure.agency_id != ProcedureAgency.agency_id))
    )
    active = Procedure.status == Status.ACTIVE  # rescinded procedures are counted by no row
    primary, implementing = primary.where(active), implementing.where(active)
    if agencies is not None:
        primary = primary.where(_primary_of(agencies))
        implementing = implementing.where(ProcedureAgency.agency_id.in_(agencies))
    return union_all(primary, implementing)


def _primary_of(agencies: list[int]):
    condition = Procedure.agency_id.in_([a for a in agencies if a != NONE])
    return or_(condition, Procedure.agency_id.is_(None)) if NONE in agencies else condition


def _agencies_of(connection: Connection, procedure_ids: set[int]) -> set[int]:
    """The agencies the procedures are counted under, as the connection sees them now."""
    found: set[int] = set()
    ids = sorted(procedure_ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        primary = select(func.coalesce(Procedure.agency_id, NONE)).where(Procedure.id.in_(chunk))
        others = select(ProcedureAgency.agency_id).where(ProcedureAgency.procedure_id.in_(chunk))
        found.update(connection.scalars(union_all(primary, others)))
    return found


def _note(session: Session, connection: Connection, procedure_ids: set[int]) -> None:
    """Remember procedures first touched now, with the agencies they are counted under before
    this flush changes them."""
    touched = session.info.setdefault(_TOUCHED, set())
    first = procedure_ids - touched
    if first:
        session.info.setdefault(_AGENCIES, set()).update(_agencies_of(connection, first))
        touched.update(first)


def _procedure_ids(objects: Iterable) -> set[int]:
    ids = set()
    for obj in objects:
        if isinstance(obj, Procedure):
            ids.add(obj.id)
        elif isinstance(obj, ProcedureTier | ProcedureAgency | Channel):
            ids.add(obj.procedure_id)
    ids.discard(None)
    return ids


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    ids = _procedure_ids([*session.dirty, *session.deleted, *session.new])
    if ids:
        _note(session, session.connection(), ids)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    ids = _procedure_ids([*session.new, *session.dirty])  # new procedures have their ids now
    session.info.setdefault(_TOUCHED, set()).update(ids)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()  # commit would flush after this hook: the changes are noted now
    if not session.info.get(_TOUCHED):
        return
    generation.bump(session)  # writers pass one at a time from here to their commit
    touched = session.info.pop(_TOUCHED)
    agencies = session.info.pop(_AGENCIES, set()) | _agencies_of(session.connection(), touched)
    if agencies:
        recount(session, agencies)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_TOUCHED, None)
        session.info.pop(_AGENCIES, None)
