"""Applications for the operations tests: what they check does not depend on the database, so
they run on SQLite over a few procedures."""

import pytest

from tests.factories import AGENCY_A, catalogue_of, codes_of, dispose

FEW = set(codes_of(AGENCY_A)[:20])
CODE = min(FEW)


def few_procedures(tmp_path, **config):
    """An app over twenty of agency A's procedures, indexed, on its own SQLite file."""
    return catalogue_of(
        f"sqlite:///{tmp_path / 'services.sqlite3'}", tmp_path, FEW, indexed=True, **config
    )


@pytest.fixture(scope="module")
def ops_app(tmp_path_factory):
    app = few_procedures(tmp_path_factory.mktemp("operations"))
    yield app
    dispose(app)


@pytest.fixture
def ops_client(ops_app):
    return ops_app.test_client()
