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
