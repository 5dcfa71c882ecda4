"""What every writer of procedures shares: its session and its today, and one commit that moves
the catalogue generation, then brings the search index up to date through the outbox."""

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from search import SearchBackend
from services_api.catalogue import generation
from services_api.errors import DomainError
from services_api.searching import sync


class ProcedureWriter:
    """The base of the level and content writers.

    ``backend`` receives the changes after commit, through the outbox: if the engine is down,
    they wait there and the database stays the source of truth."""

    def __init__(
        self, session: Session, backend: SearchBackend | None = None, today: dt.date | None = None
    ) -> None:
        self.session = session
        self.backend = backend
        self.today = today or dt.date.today()

    def _commit_then_index(self, codes: Iterable[str], lost_race: DomainError) -> None:
        """Queue ``codes`` for the index in the write's transaction, commit it, then drain the
        outbox (``sync.catch_up``: whatever happens to the index, the saved write stands)."""
        sync.enqueue(self.session, codes)
        self._commit(lost_race)
        if self.backend is not None:
            sync.catch_up(self.session, self.backend)

    def _commit(self, lost_race: DomainError) -> None:
        """Raise the catalogue generation (last, to hold its row lock briefly) and commit; a lost
        race (a row version moved under us) rolls back and raises ``lost_race``."""
        try:
            generation.bump(self.session)
            self.session.commit()
        except StaleDataError:
            self.session.rollback()
            raise lost_race from None
