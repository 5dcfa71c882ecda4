"""Loads the committed catalogue (seeds/data) into the database; running it twice adds nothing."""

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from services_api.agencies.models import Agency
from services_api.catalogue import generation
from services_api.decisions.models import Decision
from services_api.fields.models import Field
from services_api.procedures.content import channel_row
from services_api.procedures.models import (
    ChangeVia,
    LevelSource,
    MaturityChange,
    Procedure,
    ProcedureAgency,
    ProcedureRevision,
    ProcedureTier,
    RevisionKind,
)
from services_api.vocabulary import Tier

SEED_AUTHOR = "seed"


def _data_file(name: str):
    return resources.files("seeds").joinpath(f"data/{name}")


def read_agencies() -> list[dict]:
    return json.loads(_data_file("agencies.json").read_text("utf-8"))


def read_fields() -> list[dict]:
    return json.loads(_data_file("fields.json").read_text("utf-8"))


def read_procedures() -> Iterator[dict]:
    with (
        _data_file("procedures.jsonl.gz").open("rb") as raw,
        gzip.open(raw, "rt", "utf-8") as lines,
    ):
        for line in lines:
            yield json.loads(line)


def load_catalogue(
    session: Session, today: dt.date | None = None, codes: set[str] | None = None
) -> int:
    """Insert every seeded agency, field and procedure not yet in the database; return how many
    procedures were added. Existing rows are left as they are, so agencies' changes survive.
    Each procedure added is revision 1, citing the decision its record names.
    ``codes``, when given, limits the procedures to those (small databases for tests)."""
    agencies = _load_agencies(session)
    fields = _load_fields(session)
    decisions = Decisions(session)
    known = set(session.scalars(select(Procedure.code)))
    added = 0
    for record in read_procedures():
        if record["code"] not in known and (codes is None or record["code"] in codes):
            procedure = _procedure(record, agencies, fields, today or dt.date.today())
            procedure.decision = decisions.named(record.get("decision_number"))
            procedure.revisions = [_first_revision(procedure.decision)]
            session.add(procedure)
            added += 1
    generation.bump(session)
    session.commit()
    return added


def _load_agencies(session: Session) -> dict[str, Agency]:
    existing = {a.code: a for a in session.scalars(select(Agency))}
    records = read_agencies()
    for record in records:
        if record["code"] not in existing:
            existing[record["code"]] = Agency(
                code=record["code"], name=record["name"], tier=Tier(record["tier"])
            )
            session.add(existing[record["code"]])
    session.flush()
    for record in records:
        parent = existing.get(record.get("parent") or "")
        if parent is not None and existing[record["code"]].parent_id is None:
            existing[record["code"]].parent_id = parent.id
    return existing


def _load_fields(session: Session) -> dict[str, Field]:
    existing = {f.name: f for f in session.scalars(select(Field))}
    for record in read_fields():
        if record["name"] not in existing:
            existing[record["name"]] = Field(code=record["code"], name=record["name"])
            session.add(existing[record["name"]])
    session.flush()
    return existing


def _procedure(
    record: dict, agencies: dict[str, Agency], fields: dict[str, Field], today
) -> Procedure:
    implementing = [agencies[code] for code in record["implementing_agencies"]]
    competent = agencies.get(record.get("competent_agency") or "")
    primary = implementing[0] if implementing else competent
    level = record["maturity_level"]
    procedure = Procedure(
        code=record["code"],
        name=record["name"],
        decision_number=record.get("decision_number"),
        procedure_type=record.get("procedure_type"),
        field=fields.get(record.get("field") or ""),
        agency=primary,
        competent_agency=competent,
        applicants=record.get("applicants"),
        steps=record.get("steps"),
        documents=record.get("documents") or [],
        documents_text=record.get("documents_text"),
        conditions=record.get("conditions"),
        result=record.get("result"),
        legal_basis=record.get("legal_basis") or [],
        source_url=record.get("source_url"),
        maturity_level=level,
        level_source=LevelSource.DERIVED,
    )
    procedure.tier_rows = [
        ProcedureTier(tier=Tier(t), position=i) for i, t in enumerate(record["tiers"])
    ]
    procedure.implementing = [
        ProcedureAgency(agency=a, position=i) for i, a in enumerate(_unique(implementing))
    ]
    procedure.channels = [channel_row(c, i) for i, c in enumerate(record.get("channels") or [])]
    procedure.history = [
        MaturityChange(
            from_level=None,
            to_level=level,
            changed_by=SEED_AUTHOR,
            reason="Mức độ suy ra từ cách thức thực hiện đã công bố",
            effective_date=today,
        )
    ]
    return procedure


class Decisions:
    """The decisions the records name, each recorded once (without a date: the source has none)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.known = {d.number: d for d in session.scalars(select(Decision))}

    def named(self, number: str | None) -> Decision | None:
        if not number:
            return None
        if number not in self.known:
            self.known[number] = Decision(number=number)
            self.session.add(self.known[number])
        return self.known[number]


def _first_revision(decision: Decision | None) -> ProcedureRevision:
    return ProcedureRevision(
        number=1,
        kind=RevisionKind.CREATED,
        decision=decision,
        changed_by=SEED_AUTHOR,
        via=ChangeVia.SEED,
    )


def _unique(agencies: list[Agency]) -> list[Agency]:
    return list({a.code: a for a in agencies}.values())
