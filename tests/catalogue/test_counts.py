"""The counts kept per group equal a recount of the procedures after every kind of write: seeding,
a level change, an import, edits of a procedure's agency, field, tiers, agencies and channels,
new and deleted procedures, changes outside the ORM, the migration filling them in place; a
rolled-back write leaves them as they were."""

from collections import Counter

import pytest
from sqlalchemy import select, update

from services_api import migrate
from services_api.catalogue import counts
from services_api.catalogue.counts import NONE, ProcedureCount, tier_mask
from services_api.extensions import db
from services_api.procedures.models import (
    Channel,
    ChannelMethod,
    Procedure,
    ProcedureAgency,
    ProcedureTier,
)
from services_api.vocabulary import Tier
from tests.factories import AGENCY_A, AGENCY_B, codes_of, pick
from tests.helpers import put_level
from tests.imports.test_imports import csv_file, upload
from tests.migrations.test_migrations import _downgrade


def kept(session) -> Counter:
    rows = session.execute(select(ProcedureCount)).scalars()
    return Counter(
        {
            (r.agency_id, r.implementing, r.field_id, r.maturity_level, r.tiers, r.online): (
                r.procedure_count
            )
            for r in rows
        }
    )


def recounted(session) -> Counter:
    """The groups counted from the procedures as the ORM loads them (not from the SQL that
    keeps the counts)."""
    expected: Counter = Counter()
    for procedure in session.scalars(select(Procedure)):
        facets = (
            procedure.field_id or NONE,
            procedure.maturity_level,
            tier_mask(procedure.tiers),
            procedure.has_online_channel,
        )
        primary = procedure.agency_id or NONE
        expected[(primary, False, *facets)] += 1
        for row in procedure.implementing:
            if row.agency_id != procedure.agency_id:
                expected[(row.agency_id, True, *facets)] += 1
    return expected


def assert_in_step(app) -> Counter:
    with app.app_context():
        db.session.expire_all()
        now = kept(db.session)
        assert now == recounted(db.session)
        db.session.rollback()
    return now


def _procedure(session, code: str) -> Procedure:
    return session.scalar(select(Procedure).where(Procedure.code == code))


def _agency_id(session, code: str) -> int:
    from services_api.agencies.models import Agency

    return session.scalar(select(Agency.id).where(Agency.code == code))


def test_seeding_counts_every_procedure(small_app):
    now = assert_in_step(small_app)
    with small_app.app_context():
        total = len(db.session.scalars(select(Procedure.id)).all())
    assert sum(n for key, n in now.items() if not key[1]) == total > 0


def test_a_level_change_moves_one_procedure(small_app, small_client, editor_a):
    before = assert_in_step(small_app)
    response = put_level(small_client, pick(AGENCY_A, online=True, level=3), editor_a, level=4)
    assert response.status_code == 200, response.json
    assert assert_in_step(small_app) != before


def test_an_import_moves_many(small_app, small_client, editor_a):
    before = assert_in_step(small_app)
    codes = [c for c in codes_of(AGENCY_A) if c != pick(AGENCY_A, online=False)][:50]
    response = upload(
        small_client, editor_a, csv_file([[c, 1, "Tạm dừng"] for c in codes]), "false"
    )
    assert response.status_code == 200, response.json
    assert assert_in_step(small_app) != before


EDITS = {
    "agency": lambda s, p: setattr(p, "agency_id", _agency_id(s, AGENCY_B)),
    "no agency": lambda s, p: setattr(p, "agency_id", None),
    "field": lambda s, p: setattr(p, "field_id", None),
    "level": lambda s, p: setattr(p, "maturity_level", 1),
    "tiers": lambda s, p: p.tier_rows.append(ProcedureTier(tier=Tier.MINISTRY, position=9)),
    "no tiers": lambda s, p: p.tier_rows.clear(),
    "implementing": lambda s, p: p.implementing.append(
        ProcedureAgency(agency_id=_agency_id(s, AGENCY_B), position=9)
    ),
    "no implementing": lambda s, p: p.implementing.clear(),
    "channels": lambda s, p: p.channels.clear(),
    "online channel": lambda s, p: p.channels.append(
        Channel(method=ChannelMethod.ONLINE, position=9)
    ),
    "online url": lambda s, p: setattr(p, "online_service_url", "https://dichvucong.example/x"),
    "deleted": lambda s, p: s.delete(p),
}


@pytest.mark.parametrize("edit", EDITS)
def test_edits_of_a_procedure_are_counted(small_app, edit):
    before = assert_in_step(small_app)
    with small_app.app_context():
        session = db.session
        EDITS[edit](session, _edited(session, edit))
        session.commit()
    assert assert_in_step(small_app) != before


def _edited(session, edit: str) -> Procedure:
    """A procedure of agency A the edit changes the counts of."""
    if edit == "no implementing":
        return next(
            p
            for p in map(lambda code: _procedure(session, code), codes_of(AGENCY_A))
            if any(row.agency_id != p.agency_id for row in p.implementing)
        )
    return _procedure(session, pick(AGENCY_A, online=edit not in ("online channel", "online url")))


def test_a_new_procedure_is_counted(small_app):
    before = assert_in_step(small_app)
    with small_app.app_context():
        session = db.session
        model = _procedure(session, pick(AGENCY_A, online=True))
        session.add(
            Procedure(
                code="9.999999",
                name="Thủ tục mới",
                agency_id=model.agency_id,
                field_id=model.field_id,
                maturity_level=2,
                level_source=model.level_source,
                tier_rows=[ProcedureTier(tier=Tier.COMMUNE)],
                implementing=[ProcedureAgency(agency_id=_agency_id(session, AGENCY_B))],
            )
        )
        session.commit()
    assert assert_in_step(small_app) != before


def test_several_flushes_in_one_transaction_are_counted_once(small_app):
    before = assert_in_step(small_app)
    with small_app.app_context():
        session = db.session
        procedure = _procedure(session, pick(AGENCY_A, online=True))
        procedure.maturity_level = 1
        session.flush()
        procedure.agency_id = _agency_id(session, AGENCY_B)
        session.flush()
        procedure.maturity_level = 4
        session.commit()
    assert assert_in_step(small_app) != before


def test_a_rolled_back_write_leaves_them_alone(small_app):
    before = assert_in_step(small_app)
    with small_app.app_context():
        session = db.session
        _procedure(session, pick(AGENCY_A, online=True)).agency_id = None
        session.flush()
        session.rollback()
    assert assert_in_step(small_app) == before


def test_a_change_outside_the_orm_is_counted_when_touched(small_app):
    before = assert_in_step(small_app)
    with small_app.app_context():
        session = db.session
        ids = session.scalars(select(Procedure.id).where(Procedure.maturity_level == 2)).all()
        counts.touch(session, ids)
        session.execute(update(Procedure).where(Procedure.id.in_(ids)).values(maturity_level=1))
        session.commit()
    assert assert_in_step(small_app) != before


def test_recount_rebuilds_them(small_app):
    before = assert_in_step(small_app)
    with small_app.app_context():
        db.session.execute(update(ProcedureCount).values(procedure_count=0))
        counts.recount(db.session)
        db.session.commit()
    assert assert_in_step(small_app) == before


def test_the_migration_fills_them_from_the_catalogue_in_place(small_app):
    before = assert_in_step(small_app)
    with small_app.app_context():
        db.session.close()
        _downgrade(db.engine, "0007")
        migrate.upgrade(db.engine)
    assert assert_in_step(small_app) == before
