"""Start-up on an empty or outdated installation: migrate, seed the catalogue, build the index.

Several gunicorn workers may start at once: a lock file in the instance folder lets one do the
work while the others wait, then find nothing left to do.
"""

import fcntl
import logging
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from search import IndexDamaged, SearchError
from seeds.loader import load_catalogue
from services_api import migrate
from services_api.extensions import db
from services_api.life_events.service import load_life_events
from services_api.procedures.models import Procedure
from services_api.searching import sync
from services_api.searching.extension import search_index

log = logging.getLogger(__name__)


@contextmanager
def instance_lock(app: Flask, name: str = "bootstrap.lock"):
    with open(Path(app.instance_path) / name, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def bootstrap(app: Flask) -> None:
    with app.app_context(), instance_lock(app):
        migrate.upgrade(db.engine)
        session = db.session
        if not session.scalar(select(func.count()).select_from(Procedure)):
            added = load_catalogue(session)
            log.info("catalogue seeded: %d procedures", added)
        load_life_events(session)
        _bring_index_up_to_date(session)


def _bring_index_up_to_date(session) -> None:
    """Rebuild an index that is damaged, missing or holds another count of procedures than
    the database; else apply the changes waiting in the outbox."""
    try:
        backend = search_index.backend
        if _needs_rebuild(session, backend):
            sync.rebuild(session, backend)
        else:
            sync.drain(session, backend)
    except SearchError as error:
        log.warning("search engine unavailable at start-up; the outbox will catch up: %s", error)


def _needs_rebuild(session, backend) -> bool:
    try:
        backend.verify()
        return sync.index_is_behind(session, backend)
    except IndexDamaged as error:
        log.warning("search index damaged, rebuilding it: %s", error)
        return True
