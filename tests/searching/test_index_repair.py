"""A damaged Tantivy index under a running service: noticed (a search failing, /readyz), rebuilt
from the database by the service itself into a fresh generation while searches answer from the
database, never a 500; rebuilt by `flask search rebuild` from any damaged state, and at
start-up."""

import json
from pathlib import Path

import pytest

from services_api.searching.extension import search_index
from tests.factories import AGENCY_A, SEED_DATE, SUBSET, build_app, catalogue_of, codes_of, dispose
from tests.index_damage import DAMAGES

CODES = codes_of(AGENCY_A)
WANTED = CODES[0]
QUERY = SUBSET[WANTED]["name"]
# the damages a search meets at once; an overwritten segment is met by some queries only
FAILING_READS = ["deleted folder", "garbled CURRENT", "garbled meta.json"]


@pytest.fixture
def indexed_app(tmp_path):
    database = f"sqlite:///{tmp_path / 'services.sqlite3'}"
    # no answers kept: every search asks the engine
    app = catalogue_of(
        database, tmp_path, CODES, today=SEED_DATE, indexed=True, ANSWER_CACHE_BYTES=0
    )
    yield app
    dispose(app)


def index_dir(app) -> Path:
    return Path(app.config["SEARCH_INDEX_DIR"])


def generation(app) -> str:
    return json.loads((index_dir(app) / "CURRENT").read_text())["generation"]


def search(client, query: str = QUERY):
    response = client.get("/api/v1/search", query_string={"q": query})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def wait_for_repair(app) -> None:
    with app.app_context():
        search_index.repairs.wait(timeout=120)
        assert not search_index.repairs.running


def assert_served_by_the_engine(client) -> None:
    answer = search(client)
    assert answer["degraded"] is False
    assert WANTED in [hit["code"] for hit in answer["hits"]]
    assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize("damage", DAMAGES)
def test_readiness_notices_the_damage_and_the_service_rebuilds_the_index(indexed_app, damage):
    client = indexed_app.test_client()
    assert_served_by_the_engine(client)
    before = generation(indexed_app)
    DAMAGES[damage](index_dir(indexed_app))

    readiness = client.get("/readyz")
    assert readiness.status_code == 503 and readiness.json["search"] is False
    for query in (QUERY, "khai sinh", "giấy phép", "dang ky"):
        search(client, query)  # from the engine or the database, never a 500
        assert client.get("/api/v1/search/suggest", query_string={"q": query}).status_code == 200
    wait_for_repair(indexed_app)
    assert generation(indexed_app) != before
    assert_served_by_the_engine(client)


@pytest.mark.parametrize("damage", FAILING_READS)
def test_a_failing_search_answers_from_the_database_and_starts_the_repair(indexed_app, damage):
    client = indexed_app.test_client()
    assert_served_by_the_engine(client)
    DAMAGES[damage](index_dir(indexed_app))

    answer = search(client)
    assert answer["degraded"] is True
    assert WANTED in [hit["code"] for hit in answer["hits"]]
    wait_for_repair(indexed_app)
    assert_served_by_the_engine(client)


@pytest.mark.parametrize("damage", DAMAGES)
def test_flask_search_rebuild_repairs_every_damaged_state(indexed_app, damage):
    DAMAGES[damage](index_dir(indexed_app))
    result = indexed_app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert f"{len(CODES)} procedures indexed" in result.output
    assert_served_by_the_engine(indexed_app.test_client())


@pytest.mark.parametrize("damage", DAMAGES)
def test_start_up_rebuilds_a_damaged_index(indexed_app, tmp_path, damage):
    DAMAGES[damage](index_dir(indexed_app))
    restarted = build_app(indexed_app.config["DATABASE_URL"], tmp_path, ANSWER_CACHE_BYTES=0)
    try:
        assert_served_by_the_engine(restarted.test_client())
    finally:
        dispose(restarted)
