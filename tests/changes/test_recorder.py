"""record_change: in the writer's transaction, stamped at commit with the commit's generation,
so that the order (generation, id) is the commit order even when ids are not."""

import threading

import pytest
from sqlalchemy import select

from services_api.catalogue import generation
from services_api.changes.models import CatalogueChange, ChangeKind
from services_api.changes.recorder import record_change
from services_api.extensions import db
from tests.factories import AGENCY_A, build_app, dispose, pick
from tests.helpers import put_level


def recorded(app) -> list[CatalogueChange]:
    with app.app_context():
        query = select(CatalogueChange).order_by(CatalogueChange.generation, CatalogueChange.id)
        return db.session.scalars(query).all()


def test_a_level_change_is_recorded_with_the_generation_of_its_commit(
    small_app, small_client, editor_a
):
    code = pick(AGENCY_A, online=True, level=3)
    assert put_level(small_client, code, editor_a, level=4, reason="toàn trình").status_code == 200
    (change,) = recorded(small_app)
    assert change.kind is ChangeKind.LEVEL_CHANGED and change.subject == code
    assert change.data["from_level"] == 3 and change.data["to_level"] == 4
    assert change.data["via"] == "api" and change.data["effective_date"]
    assert change.committed_at is not None
    with small_app.app_context():
        # the write's generation; draining the search outbox after it took the next ones
        assert 0 < change.generation <= generation.current(db.session)


def test_a_rolled_back_transaction_records_nothing_and_an_unknown_kind_is_refused(small_app):
    with small_app.app_context():
        record_change(db.session, "procedure.created", "1.000001", {"name": "x"})
        db.session.flush()
        db.session.rollback()
        with pytest.raises(ValueError):
            record_change(db.session, "procedure.deleted", "1.000001")
        record_change(db.session, "agency.changed", "so-tu-phap")
        db.session.commit()
    assert [(c.kind, c.subject) for c in recorded(small_app)] == [
        (ChangeKind.AGENCY_CHANGED, "so-tu-phap")
    ]


def test_changes_of_one_transaction_share_its_generation_in_the_order_recorded(small_app):
    with small_app.app_context():
        for code in ("1.000001", "1.000002", "1.000003"):
            record_change(db.session, ChangeKind.PROCEDURE_CHANGED, code)
        db.session.commit()
        expected = generation.current(db.session)
    changes = recorded(small_app)
    assert [c.subject for c in changes] == ["1.000001", "1.000002", "1.000003"]
    assert {c.generation for c in changes} == {expected}


@pytest.mark.postgres
def test_a_lower_id_committed_later_comes_later(postgres_server, tmp_path):
    """Transaction A inserts first (the lower id) and commits after B: A's generation is higher,
    so a reader that has passed B never misses A. An id cursor would have skipped it."""
    from tests.conftest import _empty_postgres_schema

    url = _empty_postgres_schema(postgres_server, "s_recorder_order")
    app = build_app(url, tmp_path, AUTO_SEED=False)
    try:
        with app.app_context():
            from services_api import migrate

            migrate.upgrade(db.engine)
        a_inserted, b_committed = threading.Event(), threading.Event()

        def first_in_last_out():
            with app.app_context():
                record_change(db.session, "procedure.created", "A")
                db.session.flush()
                a_inserted.set()
                assert b_committed.wait(timeout=10)
                db.session.commit()

        thread = threading.Thread(target=first_in_last_out)
        thread.start()
        assert a_inserted.wait(timeout=10)
        with app.app_context():
            record_change(db.session, "procedure.created", "B")
            db.session.commit()
        b_committed.set()
        thread.join(timeout=10)
        changes = recorded(app)
    finally:
        dispose(app)
    by_subject = {c.subject: c for c in changes}
    assert by_subject["A"].id < by_subject["B"].id
    assert [c.subject for c in changes] == ["B", "A"]
    assert by_subject["A"].generation > by_subject["B"].generation


def test_an_import_records_a_level_change_per_row(small_app, small_client, admin):
    from tests.imports.test_imports import csv_file, upload

    codes = [pick(AGENCY_A, online=True, level=3, skip=i) for i in range(3)]
    response = upload(small_client, admin, csv_file([[code, 4, "toàn trình"] for code in codes]))
    assert response.status_code == 200, response.json
    changes = recorded(small_app)
    assert [c.subject for c in changes] == codes
    assert {c.data["via"] for c in changes} == {"import"}
    assert len({c.generation for c in changes}) == 1  # one transaction


def test_a_subject_as_long_as_an_agency_code_is_recorded(small_app):
    """Agency codes run to 300 characters (the seeded catalogue has one of 219)."""
    long_code = "-".join(["co-quan"] * 37)[:300].rstrip("-")
    with small_app.app_context():
        record_change(db.session, "agency.changed", long_code, {"created": True})
        db.session.commit()
    assert [c.subject for c in recorded(small_app)] == [long_code]
