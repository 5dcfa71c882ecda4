"""Recording a change to the catalogue inside the writer's transaction.

``record_change`` adds the row and leaves the commit to the caller. When the transaction
commits, the rows it recorded are stamped with its catalogue generation, taken then (or already
taken by the writer): the generation row's lock is held from that moment to the end of the
commit, so transactions stamp and commit one at a time, and the feed's order ``(generation,
id)`` is the commit order. Taking it at the end keeps the lock for the length of a commit, not
of the whole write. A transaction that rolls back leaves nothing.
"""

import threading

from sqlalchemy import event, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from services_api.catalogue import generation
from services_api.changes.models import CatalogueChange, ChangeKind
from services_api.types import utc_now

_RECORDED = "catalogue_changes_recorded"
_STAMPED = "catalogue_changes_stamped"
# Set when a transaction of this process has committed changes: wakes the webhook deliverer.
CHANGES_COMMITTED = threading.Event()


def record_change(session: Session, kind: str, subject: str, data: dict | None = None) -> None:
    """Record that ``subject`` (a procedure's code, or an agency's or a field's) changed, as
    ``kind`` (a ``ChangeKind`` value), with ``data`` (JSON values) describing it; in the caller's
    transaction, which commits it or rolls it back."""
    change = CatalogueChange(kind=ChangeKind(kind), subject=subject, data=data)
    session.add(change)
    session.info.setdefault(_RECORDED, []).append(change)


@event.listens_for(Session, "before_commit")
def _stamp_at_commit(session: Session) -> None:
    recorded = session.info.pop(_RECORDED, None)
    if not recorded:
        return
    session.flush()
    number = generation.bump(session)  # the row lock, held until this commit ends
    committed_at = utc_now()
    ids = [change.id for change in recorded if change.id is not None]
    if not ids:  # every one was in a savepoint rolled back
        return
    session.execute(
        update(CatalogueChange)
        .where(
            CatalogueChange.id.between(min(ids), max(ids)),
            CatalogueChange.generation.is_(None),  # others' uncommitted rows are not seen
        )
        .values(generation=number, committed_at=committed_at),
        execution_options={"synchronize_session": False},
    )
    for change in recorded:
        set_committed_value(change, "generation", number)
        set_committed_value(change, "committed_at", committed_at)
    session.info[_STAMPED] = True


@event.listens_for(Session, "after_commit")
def _announce(session: Session) -> None:
    if session.info.pop(_STAMPED, False):
        CHANGES_COMMITTED.set()


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: commit or rollback
        session.info.pop(_RECORDED, None)
        session.info.pop(_STAMPED, None)
