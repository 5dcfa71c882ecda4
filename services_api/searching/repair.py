"""Rebuilding a damaged search index from the database while the service runs, as start-up
does: at most one rebuild at a time per process, in a thread of its own, while searches answer
from the database (``degraded``)."""

import logging
import threading

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from search import SearchBackend
from services_api.searching import sync

log = logging.getLogger(__name__)


class IndexRepair:
    """The process's rebuild of a damaged index: started once, and again only after it ended."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    def start(self, engine: Engine, backend: SearchBackend, reason: str) -> bool:
        """Rebuild the index from the database ``engine`` in the background, unless a rebuild
        is running; whether this call started one."""
        with self._lock:
            if self.running:
                return False
            log.warning("search index damaged (%s): rebuilding it from the database", reason)
            self._thread = threading.Thread(
                target=_rebuild, args=(engine, backend), name="search-index-repair", daemon=True
            )
            self._thread.start()
            return True

    def wait(self, timeout: float | None = None) -> None:
        """Until the running rebuild, if any, ends (for commands and tests)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


def _rebuild(engine: Engine, backend: SearchBackend) -> None:
    try:
        with Session(engine, expire_on_commit=False) as session:
            count = sync.rebuild(session, backend)
        log.warning("search index rebuilt from the database: %d procedures", count)
    except Exception:  # noqa: BLE001 - the next search or health check starts another
        log.exception("search index repair failed")
