"""Keeps the search index in step with the database through the durable outbox table.

Writes add outbox rows in their own transaction; after commit, ``drain`` moves the pending
changes into the index. When the engine is down the rows stay, and the next drain applies them.
``catch_up`` is the drain that follows a commit: it cannot fail the request that committed.
"""

import logging
from collections.abc import Callable, Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from search import SearchBackend, SearchError
from services_api.catalogue import generation
from services_api.procedures.documents import all_documents, documents_for
from services_api.procedures.models import Procedure, Status
from services_api.searching.models import SearchOutbox

log = logging.getLogger(__name__)


def enqueue(session: Session, codes: Iterable[str]) -> None:
    """Record, inside the caller's transaction, that these procedures must be re-indexed."""
    session.add_all(SearchOutbox(procedure_code=code) for code in codes)


def pending(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SearchOutbox))


def drain(session: Session, backend: SearchBackend, batch_size: int = 500) -> int:
    """Apply pending changes to the index; return how many outbox rows were applied, 0 when
    the engine is unreachable (the rows stay for the next attempt)."""
    applied = 0
    while rows := session.scalars(
        select(SearchOutbox).order_by(SearchOutbox.id).limit(batch_size)
    ).all():
        codes = {row.procedure_code for row in rows}
        try:
            _apply(session, backend, codes)
        except SearchError as error:
            log.warning("search index not updated, %d changes wait: %s", len(rows), error)
            session.rollback()
            return applied
        session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows])))
        generation.bump(session)  # search answers built from the index before it are stale
        session.commit()
        applied += len(rows)
    return applied


def catch_up(session: Session, backend: SearchBackend) -> int:
    """Drain after the caller's commit, in a session of its own, never raising: the write is
    saved whatever happens to the index or the database now (the engine or the database
    failing, an engine defect), and what is not applied waits in the outbox for the next drain.
    The caller's session and its objects are left as they were."""
    try:
        with Session(session.get_bind(), expire_on_commit=False) as own:
            return drain(own, backend)
    except Exception:  # noqa: BLE001 - logged; the outbox keeps the changes
        log.exception("search index not updated after a commit; the outbox keeps the changes")
        return 0


def _apply(session: Session, backend: SearchBackend, codes: set[str]) -> None:
    documents = documents_for(session, codes)
    if documents:
        backend.index(documents)
    missing = codes - {d["code"] for d in documents}
    if missing:
        backend.delete(missing)


def rebuild(
    session: Session, backend: SearchBackend, progress: Callable[[dict], None] | None = None
) -> int:
    """Rebuild the whole index from the database; pending outbox rows are then obsolete."""
    documents = all_documents(session)
    if progress is not None:
        documents = _tap(documents, progress)
    started_at = session.scalar(select(func.max(SearchOutbox.id)))
    count = backend.rebuild(documents)
    if started_at is not None:
        session.execute(delete(SearchOutbox).where(SearchOutbox.id <= started_at))
    generation.bump(session)
    session.commit()
    return count


def _tap(documents: Iterable[dict], progress: Callable[[dict], None]):
    for document in documents:
        progress(document)
        yield document


def procedure_count(session: Session) -> int:
    """The procedures the index should hold: the active ones."""
    return session.scalar(select(func.count()).where(Procedure.status == Status.ACTIVE))


def index_is_behind(session: Session, backend: SearchBackend) -> bool:
    return backend.count() != procedure_count(session)
