"""Building a public answer takes a few statements whatever the catalogue's size (no N+1)."""

import pytest

from tests.catalogue.test_answers import statements_of
from tests.factories import AGENCY_A, build_app, dispose, pick

READS = {
    "/api/v1/agencies": 3,  # agencies, counts as primary and as implementing agency, parents
    "/api/v1/agencies?tier=province": 4,
    f"/api/v1/agencies/{AGENCY_A}": 4,
    "/api/v1/fields": 2,
    "/api/v1/stats/maturity?by=agency": 3,
    # on a date each count is made with today's statuses, then corrected by the procedures a
    # dated revision created, rescinded or restored: their status then and now (2 more each)
    "/api/v1/stats/maturity?by=field&as_of=2025-06-01": 7,
    "/api/v1/stats/maturity?by=tier": 2,
    f"/api/v1/procedures?agency={AGENCY_A}&sort=-name&page_size=100": 5,
}


@pytest.fixture
def built(small_app, database_url, tmp_path):
    """An application that keeps no answer: every request is built."""
    app = build_app(database_url, tmp_path, AUTO_SEED=False, ANSWER_CACHE_BYTES=0)
    yield app
    dispose(app)


@pytest.mark.parametrize("url", READS)
def test_an_answer_takes_a_bounded_number_of_statements(built, url):
    response, statements = statements_of(built, built.test_client(), url)
    assert response.status_code == 200, response.json
    assert statements <= READS[url] + 1, statements  # +1: the session's transaction check


def test_a_procedure_page_takes_a_bounded_number_of_statements(built):
    url = f"/api/v1/procedures/{pick(AGENCY_A, online=True)}"
    response, statements = statements_of(built, built.test_client(), url)
    assert response.status_code == 200 and statements <= 6, statements
