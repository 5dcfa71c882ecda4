"""Life events: read with their procedures, written by administrators, recognised in queries."""

import json
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from services_api.catalogue import generation
from services_api.errors import Conflict, DomainError, NotFound
from services_api.keys.models import ApiKey
from services_api.life_events.matching import Matcher
from services_api.life_events.models import LifeEvent
from services_api.procedures.models import Procedure, Status
from services_api.schemas import is_slug
from services_api.types import utc_now

FIELDS = ("name", "audience", "description", "phrases", "reason", "source")


class InvalidLifeEvent(DomainError):
    status = 422


def _refuse_phrases_alike(phrases: list[str]) -> None:
    """Phrases are matched folded, so two that differ only in case or spacing are one."""
    if len({" ".join(p.lower().split()) for p in phrases}) != len(phrases):
        message = "Mỗi cụm từ chỉ ghi một lần (không kể chữ hoa và khoảng trắng)."
        raise InvalidLifeEvent(message, {"json": {"phrases": [message]}})


def read_seed() -> list[dict]:
    """The committed life events (services_api/life_events/data/life_events.json)."""
    data = resources.files("services_api.life_events").joinpath("data/life_events.json")
    return json.loads(data.read_text("utf-8"))["events"]


def load_life_events(session: Session) -> int:
    """Insert the committed events on a database that never had any; return how many. Codes the
    catalogue lacks (a test's small catalogue) are left out, and an event left with none too."""
    if session.scalar(select(LifeEvent.id).limit(1)) is not None:
        return 0
    known = set(session.scalars(select(Procedure.code)))
    added = 0
    for record in read_seed():
        codes = [c for c in record["procedures"] if c in known]
        if codes:
            fields = {k: record[k] for k in FIELDS}
            session.add(LifeEvent(code=record["code"], procedure_codes=codes, **fields))
            added += 1
    if added:
        generation.bump(session)
    session.commit()
    return added


class LifeEventService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def summaries(self) -> list[dict]:
        events = self.session.scalars(
            select(LifeEvent).where(LifeEvent.deleted_at.is_(None)).order_by(LifeEvent.id)
        )
        return [_summary(e) for e in events]

    def get(self, code: str) -> dict:
        event = self._live(code)
        return {**_summary(event), "procedures": self.procedures(event.procedure_codes)}

    def procedures(self, codes: list[str]) -> list[dict]:
        """The active procedures of ``codes``, in that order, as the listing shows them."""
        rows = self.session.scalars(
            select(Procedure).where(Procedure.code.in_(codes), Procedure.status == Status.ACTIVE)
        )
        by_code = {p.code: p for p in rows}
        return [_procedure(by_code[c]) for c in codes if c in by_code]

    def create(self, data: dict, key: ApiKey) -> dict:
        existing = self._row(data["code"])
        if existing is not None and existing.deleted_at is None:
            raise Conflict(f"Đã có sự kiện mã {data['code']}: dùng PUT để thay")
        event = existing or LifeEvent(code=data["code"], version=0)
        self._write(event, data, key)
        return self.get(event.code)

    def replace(self, code: str, data: dict, key: ApiKey) -> dict:
        event = self._row(code) or LifeEvent(code=code, version=0)
        self._write(event, data, key)
        return self.get(code)

    def delete(self, code: str, key: ApiKey) -> None:
        event = self._live(code)
        event.deleted_at, event.key_id = utc_now(), key.id
        event.version += 1
        generation.bump(self.session)
        self.session.commit()

    def _write(self, event: LifeEvent, data: dict, key: ApiKey) -> None:
        _refuse_phrases_alike(data["phrases"])
        codes = self._checked_codes(data["procedures"])
        for name in FIELDS:
            setattr(event, name, data[name])
        event.procedure_codes, event.key_id = codes, key.id
        event.version = (event.version or 0) + 1
        event.updated_at, event.deleted_at = utc_now(), None
        self.session.add(event)
        generation.bump(self.session)
        self.session.commit()

    def _checked_codes(self, codes: list[str]) -> list[str]:
        known = set(self.session.scalars(select(Procedure.code).where(Procedure.code.in_(codes))))
        unknown = [c for c in codes if c not in known]
        if unknown:
            message = "Không có thủ tục với mã: " + ", ".join(unknown)
            raise InvalidLifeEvent(message, {"json": {"procedures": [message]}})
        return codes

    def _row(self, code: str) -> LifeEvent | None:
        if not is_slug(code, LifeEvent.code.type.length):  # no such row (a NUL PostgreSQL refuses)
            return None
        return self.session.scalar(select(LifeEvent).where(LifeEvent.code == code))

    def _live(self, code: str) -> LifeEvent:
        event = self._row(code)
        if event is None or event.deleted_at is not None:
            raise NotFound(f"Không có sự kiện với mã {code}")
        return event


class Recogniser:
    """The events' phrases, read again whenever the catalogue's generation moved: after any
    write's commit, the next query in every worker sees it (one indexed read per query)."""

    def __init__(self) -> None:
        self._generation: int | None = None
        self._matcher = Matcher(())
        self._events: dict[str, dict] = {}

    def recognise(self, session: Session, query: str) -> dict | None:
        """The live event whose phrase ``query`` holds: code, name, procedure codes."""
        current = generation.current(session)
        if current != self._generation:
            self._reload(session, current)
        code = self._matcher.match(query)
        return self._events.get(code) if code else None

    def _reload(self, session: Session, current: int) -> None:
        rows = list(
            session.scalars(
                select(LifeEvent).where(LifeEvent.deleted_at.is_(None)).order_by(LifeEvent.id)
            )
        )
        self._events = {
            e.code: {"code": e.code, "name": e.name, "procedures": list(e.procedure_codes)}
            for e in rows
        }
        self._matcher = Matcher.of([(e.code, e.phrases) for e in rows])
        self._generation = current


def _summary(event: LifeEvent) -> dict:
    return {
        "code": event.code,
        "name": event.name,
        "audience": event.audience,
        "description": event.description,
        "phrases": list(event.phrases),
        "procedure_codes": list(event.procedure_codes),
        "reason": event.reason,
        "source": event.source,
        "version": event.version,
        "updated_at": event.updated_at,
    }


def _procedure(procedure: Procedure) -> dict:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "maturity_level": procedure.maturity_level,
        "kind": procedure.kind.value,
        "online": procedure.has_online_channel,
        "tiers": procedure.tiers,
    }
