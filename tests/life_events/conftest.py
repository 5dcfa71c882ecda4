"""Small catalogues holding the seeded life events' procedures, indexed by either backend."""

import uuid

import pytest

from services_api.extensions import db
from services_api.life_events.service import load_life_events, read_seed
from tests.conftest import catalogue_of, dispose, key_maker
from tests.search.conftest import BACKENDS, elasticsearch_url  # noqa: F401

# The events' procedures, and neighbours that share their words (khai sinh, kết hôn, xe...).
NEIGHBOURS = {"2.000528", "1.004884", "1.003583", "1.000593", "2.000806", "1.004746", "3.000348"}
CODES = {code for event in read_seed() for code in event["procedures"]} | NEIGHBOURS


def small_events_app(database_url: str, tmp_path, **config):
    app = catalogue_of(database_url, tmp_path, CODES, indexed=True, **config)
    with app.app_context():
        load_life_events(db.session)
    return app


@pytest.fixture
def events_app(database_url, tmp_path):
    """Tantivy, on each database: for the writes."""
    app = small_events_app(database_url, tmp_path)
    yield app
    dispose(app)


@pytest.fixture
def events_client(events_app):
    return events_app.test_client()


@pytest.fixture
def admin(events_app) -> str:
    return key_maker(events_app)("admin")


@pytest.fixture(params=BACKENDS)
def backend_client(request, tmp_path):
    """SQLite, with each search backend: for what search does with the events."""
    config = {"SEARCH_BACKEND": request.param}
    if request.param == "elasticsearch":
        url = request.getfixturevalue("elasticsearch_url")
        config |= {
            "ELASTICSEARCH_URL": url,
            "ELASTICSEARCH_INDEX": f"events-{uuid.uuid4().hex[:10]}",
            "SEARCH_TIMEOUT_SECONDS": 120.0,  # the test server is slow on a busy machine
        }
    app = small_events_app(f"sqlite:///{tmp_path / 'services.sqlite3'}", tmp_path, **config)
    yield app, app.test_client(), key_maker(app)("admin")
    dispose(app)
