"""Every write that changes a public read raises the catalogue generation once; refusals do not."""

from services_api.catalogue import generation
from services_api.extensions import db
from tests.factories import AGENCY_A, codes_of, pick
from tests.helpers import bearer, put_level
from tests.imports.test_imports import csv_file, upload


def _generation(app) -> int:
    with app.app_context():
        return generation.current(db.session)


def test_a_level_change_raises_the_generation_by_one(small_app, small_client, editor_a):
    before = _generation(small_app)
    code = pick(AGENCY_A, online=True, level=3)
    response = put_level(small_client, code, editor_a, level=4)
    assert response.status_code == 200, response.json
    # one for the change, one when the search index has taken it
    assert _generation(small_app) == before + 2


def test_refused_changes_leave_the_generation_alone(small_app, small_client, editor_a):
    before = _generation(small_app)
    code = pick(AGENCY_A, online=True, level=3)
    assert put_level(small_client, code, editor_a, level=3).status_code == 409
    assert put_level(small_client, code, editor_a, level=9).status_code == 422
    assert put_level(small_client, code, editor_a, etag='"stale"', level=4).status_code == 412
    assert _generation(small_app) == before


def test_an_import_of_many_rows_raises_it_once(small_app, small_client, editor_a):
    codes = [c for c in codes_of(AGENCY_A) if c != pick(AGENCY_A, online=False)][:200]
    rows = [[code, 1, "Tạm dừng trực tuyến"] for code in codes]
    before = _generation(small_app)
    response = upload(small_client, editor_a, csv_file(rows), dry_run="false")
    assert response.status_code == 200, response.json
    assert response.json["change_count"] > 1
    assert _generation(small_app) == before + 2  # the changes, then the index


def test_a_dry_run_leaves_it_alone(small_app, small_client, editor_a):
    before = _generation(small_app)
    rows = [[pick(AGENCY_A, online=True, level=3), 4, ""]]
    assert upload(small_client, editor_a, csv_file(rows), dry_run="true").status_code == 200
    assert _generation(small_app) == before


def test_replacing_the_targets_raises_it(small_app, small_client, admin):
    before = _generation(small_app)
    body = {"targets": [{"level": 3, "share": 80}]}
    response = small_client.put("/api/v1/stats/targets", json=body, headers=bearer(admin))
    assert response.status_code == 200, response.json
    assert _generation(small_app) == before + 1
