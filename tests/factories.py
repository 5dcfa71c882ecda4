"""Applications for tests, from the whole seeded catalogue down to a few procedures, and the
small two-agency catalogue the write tests share.

Agency A (Sở Tư pháp) and agency B (Công an tỉnh) implement disjoint sets of procedures, some
with an online channel and some without.
"""

import datetime as dt
import os

from seeds.loader import load_catalogue, read_procedures
from services_api import create_app, migrate
from services_api.extensions import db
from services_api.keys.models import Role
from services_api.searching import sync
from services_api.searching.extension import search_index
from services_api.services import key_service

AGENCY_A = "so-tu-phap"
AGENCY_B = "cong-an-tinh"
SEED_DATE = dt.date(2025, 1, 15)


def build_app(database_url: str, instance: os.PathLike, **config):
    settings = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SEARCH_INDEX_DIR": os.fspath(instance / "search-index"),
        "AUTO_SEED": True,
        "PROVINCE_CODE": "H99",
        "INSTANCE_PATH": os.fspath(instance),
        "WEBHOOKS_BACKGROUND": False,  # tests deliver when they choose to
        "RATELIMIT_ENABLED": False,  # the rate-limit tests turn them on
        **config,
    }
    return create_app(settings)


def dispose(app) -> None:
    with app.app_context():
        search_index.close()
        db.engine.dispose()


def catalogue_of(
    database_url: str,
    instance: os.PathLike,
    codes: set[str],
    today: dt.date | None = None,
    indexed: bool = False,
    **config,
):
    """An app holding only the procedures ``codes`` (seeded on ``today``); the search index
    starts empty unless ``indexed``: changes reach it through the outbox as in production."""
    app = build_app(database_url, instance, AUTO_SEED=False, **config)
    with app.app_context():
        migrate.upgrade(db.engine)
        load_catalogue(db.session, today=today, codes=set(codes))
        if indexed:
            sync.rebuild(db.session, search_index.backend)
    return app


def key_maker(app):
    """``make(role, agency=None) -> token``: API keys made through the service of ``app``."""

    def make(role: Role | str, agency: str | None = None) -> str:
        with app.app_context():
            _key, token = key_service().create(Role(role), agency)
        return token

    return make


def _agencies_of(record: dict) -> set[str]:
    return set(record["implementing_agencies"]) | {record.get("competent_agency")}


def _subset() -> dict[str, dict]:
    return {r["code"]: r for r in read_procedures() if {AGENCY_A, AGENCY_B} & _agencies_of(r)}


SUBSET = _subset()  # agencies A's and B's procedures, by code


def pick(agency: str, online: bool, level: int | None = None, skip: int = 0) -> str:
    """A code of ``agency``'s procedures, with or without an online channel (and a level)."""
    codes = [
        code
        for code, r in sorted(SUBSET.items())
        if agency in _agencies_of(r)
        and any(c["method"] == "online" for c in r["channels"]) == online
        and (level is None or r["maturity_level"] == level)
        and not ({AGENCY_A, AGENCY_B} <= _agencies_of(r))
    ]
    return codes[skip]


def codes_of(agency: str) -> list[str]:
    return sorted(code for code, r in SUBSET.items() if agency in _agencies_of(r))
