"""Migration 0002 describes the models exactly, and can be undone and redone with data in."""

from sqlalchemy import func, select

from services_api import migrate
from services_api.extensions import db
from services_api.procedures.models import MaturityChange


def test_the_models_match_the_migrations(small_app):
    with small_app.app_context():
        migrate.check(db.engine)


def test_0002_downgrades_and_upgrades_with_the_catalogue_in_place(small_app):
    with small_app.app_context():
        before = db.session.scalar(select(func.count()).select_from(MaturityChange))
        db.session.close()
        _downgrade(db.engine)
        migrate.upgrade(db.engine)
        migrate.check(db.engine)
        seeded = db.session.scalars(select(MaturityChange.via)).all()
    assert len(seeded) == before and set(seeded) == {"seed"}


def _downgrade(engine, revision: str = "0001") -> None:
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(migrate._alembic_config(connection), revision)


def test_0010_makes_the_catalogue_in_place_revision_1_of_its_records_decisions(small_app):
    from services_api.procedures.models import Procedure, ProcedureRevision

    with small_app.app_context():
        db.session.close()
        _downgrade(db.engine, "0009")
        migrate.upgrade(db.engine)
        procedures = db.session.execute(select(Procedure.id, Procedure.decision_number)).all()
        revisions = db.session.scalars(select(ProcedureRevision)).all()
    assert sorted(r.procedure_id for r in revisions) == sorted(p.id for p in procedures)
    assert {(r.number, r.kind, r.via) for r in revisions} == {(1, "created", "seed")}
    numbers = {p.id: p.decision_number for p in procedures}
    assert all(r.decision.number == numbers[r.procedure_id] for r in revisions)
