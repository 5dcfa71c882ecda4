"""How a procedure becomes a search document (the one shape both search backends index), and a
document the hit a search answers with."""

from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from services_api.procedures.models import Procedure, Status


def search_document(procedure: Procedure) -> dict:
    agency, field = procedure.agency, procedure.field
    return {
        "code": procedure.code,
        "name": procedure.name,
        "text": _body(procedure),
        "agency": agency.code if agency else None,
        "agency_name": agency.name if agency else None,
        "field": field.code if field else None,
        "field_name": field.name if field else None,
        "tiers": procedure.tiers,
        "maturity_level": procedure.maturity_level,
        "kind": procedure.kind.value,
        "online": procedure.has_online_channel,
    }


def search_hit(code: str, document: dict, score: float, highlight: dict) -> dict:
    """What a search answers for one procedure: the fields the engine stores of its document
    (or the database's ``search_document``), its score and highlights."""
    return {
        "code": code,
        "name": document["name"],
        "maturity_level": document["maturity_level"],
        "kind": document["kind"],
        "online": document["online"],
        "tiers": document["tiers"],
        "agency": _code_name(document.get("agency"), document.get("agency_name")),
        "field": _code_name(document.get("field"), document.get("field_name")),
        "score": score,
        "highlight": highlight,
    }


def _code_name(code: str | None, name: str | None) -> dict | None:
    return {"code": code, "name": name} if code else None


def _body(procedure: Procedure) -> str:
    documents = " ".join(d.get("name", "") for d in procedure.documents or [])
    parts = [
        procedure.applicants,
        procedure.result,
        documents or procedure.documents_text,
        procedure.conditions,
        procedure.steps,
    ]
    return "\n".join(p for p in parts if p)


def _with_relations(statement):
    return statement.options(selectinload(Procedure.channels), selectinload(Procedure.tier_rows))


def _searchable():
    """Only active procedures are searched: a rescinded one leaves the index."""
    return select(Procedure).where(Procedure.status == Status.ACTIVE)


def documents_for(session: Session, codes: Iterable[str]) -> list[dict]:
    """The documents of those of ``codes`` that are searchable (the others leave the index)."""
    statement = _with_relations(_searchable().where(Procedure.code.in_(list(codes))))
    return [search_document(p) for p in session.scalars(statement)]


def all_documents(session: Session, batch_size: int = 500) -> Iterator[dict]:
    statement = _with_relations(_searchable().order_by(Procedure.id))
    for procedure in session.scalars(statement.execution_options(yield_per=batch_size)):
        yield search_document(procedure)
