"""Search over the catalogue: the engine when it answers, the database when it does not (nor
while a damaged index is being rebuilt)."""

import html
import logging
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from search import IndexDamaged, SearchBackend, SearchError, SearchQuery, SearchUnavailable
from search.base import FACETS
from search.text import fold, normalize
from services_api.errors import InvalidParameter
from services_api.life_events import ranking
from services_api.life_events.service import Recogniser
from services_api.metrics import search_timer
from services_api.procedures.documents import search_document, search_hit
from services_api.procedures.filters import catalogue_conditions, check_codes
from services_api.procedures.models import Procedure, Status
from services_api.search_rules.service import RulesInForce
from services_api.searching import sync
from services_api.searching.extension import DrainSchedule
from services_api.searching.models import ZeroResultQuery
from services_api.searching.repair import IndexRepair
from services_api.searching.schemas import MAX_RESULT_WINDOW
from services_api.types import utc_now

log = logging.getLogger(__name__)
PUNCTUATION = " \t-_.,;:!?'\"()[]{}/\\|*+=<>@#$%^&~`"
MAX_RECORDED_QUERY = 200


@dataclass
class QueryKnowledge:
    """What a query is read with besides the index: the life events' phrases and the
    administrators' rules, each read again when the catalogue's generation moves. One per
    app in each worker (never shared between apps: each has its own database)."""

    events: Recogniser = field(default_factory=Recogniser)
    rules: RulesInForce = field(default_factory=RulesInForce)


class SearchService:
    """Answers searches; records queries that found nothing; catches the index up when
    ``drains`` says it is due, and has ``repairs`` rebuild it when it is damaged (both belong
    to the process's search index): the engine failing, a health check or the schedule
    verify the index first."""

    def __init__(
        self,
        session: Session,
        backend: SearchBackend,
        drains: DrainSchedule | None = None,
        zero_result_cap: int = 10_000,
        knowledge: QueryKnowledge | None = None,
        repairs: IndexRepair | None = None,
    ) -> None:
        self.session = session
        self.backend = backend
        self.drains = drains or DrainSchedule()
        self.zero_result_cap = zero_result_cap
        self.knowledge = knowledge or QueryKnowledge()
        self.repairs = repairs or IndexRepair()
        self.degraded = False  # the last answer came from the database

    def search(self, args: dict) -> dict:
        text, page, page_size = args["q"], args["page"], args["page_size"]
        if page * page_size > MAX_RESULT_WINDOW:  # the engines' result window
            message = f"Chỉ xem được {MAX_RESULT_WINDOW} kết quả đầu."
            raise InvalidParameter("page", message)
        check_codes(self.session, args)
        folded = fold(text)
        if not folded.strip(PUNCTUATION):
            return _empty(page, page_size)
        self._drain_when_due()
        event = self.knowledge.events.recognise(self.session, text)
        codes = ranking.event_codes(self.session, event, args) if event else []
        fetch = ranking.window(page, page_size, len(codes)) if codes else None
        filters = _engine_filters(args)
        rules = self.knowledge.rules.current(self.session)
        query = SearchQuery(text, filters, 1, fetch, rules) if fetch else None
        try:
            with search_timer("search"):
                result = self._engine_search(
                    query or SearchQuery(text, filters, page, page_size, rules)
                )
        except SearchUnavailable as error:
            log.warning("search engine unavailable, answering from the database: %s", error)
            return self._database_search(text, args, page, page_size)
        hits = [search_hit(h.code, h.document, h.score, h.highlight) for h in result.hits]
        total = result.total
        if query:
            hits, total = ranking.merge(codes, hits, total, page, page_size, self._hits_of)
        if total == 0:
            self._count_zero_result(folded)
        return {
            **_empty(page, page_size),
            "total": total,
            "hits": hits,
            "facets": result.facets,
            "suggestion": result.suggestion,
            "life_event": {"code": event["code"], "name": event["name"]} if event else None,
        }

    def _hits_of(self, codes: list[str]) -> dict[str, dict]:
        rows = self.session.scalars(select(Procedure).where(Procedure.code.in_(codes)))
        return {p.code: _database_hit(p) for p in rows}

    def _engine_search(self, query: SearchQuery):
        if self.repairs.running:
            raise SearchUnavailable("the search index is being rebuilt")
        try:
            return self.backend.search(query)
        except SearchUnavailable:
            self.index_is_sound()
            raise

    def suggest(self, prefix: str, limit: int) -> list[dict]:
        try:
            if self.repairs.running:
                raise SearchUnavailable("the search index is being rebuilt")
            with search_timer("suggest"):
                return self.backend.suggest(prefix, limit)
        except SearchUnavailable:
            self.index_is_sound()
            self.degraded = True
            names = select(Procedure.code, Procedure.name).where(
                Procedure.name.ilike(f"{_escape(normalize(prefix))}%", escape="\\"),
                Procedure.status == Status.ACTIVE,
            )
            return [{"code": c, "name": n} for c, n in self.session.execute(names.limit(limit))]

    def engine_ready(self) -> bool:
        """The engine answers from a sound index (none is being rebuilt)."""
        if not self.index_is_sound():
            return False
        try:
            return self.backend.health()
        except SearchError:
            return False

    def index_is_sound(self) -> bool:
        """Verify the index; when it is damaged, start rebuilding it (unless a rebuild is
        running) and answer False, as while a rebuild runs."""
        if self.repairs.running:
            return False
        try:
            self.backend.verify()
            return True
        except IndexDamaged as error:
            self.repairs.start(self.session.get_bind(), self.backend, str(error))
            return False
        except SearchError:
            return True  # unreachable, not damaged: nothing to rebuild

    def zero_result_queries(self, limit: int = 100) -> list[ZeroResultQuery]:
        statement = select(ZeroResultQuery).order_by(
            ZeroResultQuery.count.desc(), ZeroResultQuery.query
        )
        return list(self.session.scalars(statement.limit(limit)))

    def _database_search(self, text: str, args: dict, page: int, page_size: int) -> dict:
        """A plain match of every word in the name, for when the engine is down."""
        words = normalize(text).split()
        conditions = catalogue_conditions(self.session, args)
        conditions += [Procedure.name.ilike(f"%{_escape(w)}%", escape="\\") for w in words]
        total = self.session.scalar(select(func.count(Procedure.id)).where(*conditions))
        rows = self.session.scalars(
            select(Procedure)
            .where(*conditions)
            .order_by(func.length(Procedure.name), Procedure.code)
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
        hits = [_database_hit(p) for p in rows]
        return {**_empty(page, page_size), "total": total, "hits": hits, "degraded": True}

    def _drain_when_due(self) -> None:
        if not self.drains.due():
            return
        if self.index_is_sound() and sync.pending(self.session):
            sync.catch_up(self.session, self.backend)

    def _count_zero_result(self, folded: str) -> None:
        """One row per normalised query, counted; past ``zero_result_cap`` distinct queries
        only those already listed are counted, so anonymous searches cannot grow the table
        without bound (concurrent workers may pass the cap by a few rows)."""
        key = " ".join(folded.split())[:MAX_RECORDED_QUERY]
        try:
            if not self._counted_again(key) and self._has_room():
                self.session.execute(self._first_count(key))
            self.session.commit()
        except SQLAlchemyError as error:  # counting must never fail a search
            self.session.rollback()
            log.warning("zero-result query not counted: %s", error)

    def _counted_again(self, key: str) -> bool:
        statement = (
            update(ZeroResultQuery)
            .where(ZeroResultQuery.query == key)
            .values(count=ZeroResultQuery.count + 1, last_seen=utc_now())
        )
        return self.session.execute(statement).rowcount > 0

    def _has_room(self) -> bool:
        rows = self.session.scalar(select(func.count()).select_from(ZeroResultQuery))
        return rows < self.zero_result_cap

    def _first_count(self, key: str):
        insert = pg_insert if self.session.bind.dialect.name == "postgresql" else sqlite_insert
        statement = insert(ZeroResultQuery).values(
            query=key, count=1, first_seen=utc_now(), last_seen=utc_now()
        )
        return statement.on_conflict_do_update(
            index_elements=[ZeroResultQuery.query],
            set_={"count": ZeroResultQuery.count + 1, "last_seen": utc_now()},
        )


def _engine_filters(args: dict) -> dict[str, list]:
    """The catalogue's filters as the search contract takes them: lists of plain values."""
    filters = {}
    for key in FACETS:
        value = args.get(key)
        if value is None or value == []:
            continue
        values = value if isinstance(value, list) else [value]
        filters[key] = [getattr(v, "value", v) for v in values]
    return filters


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _empty(page: int, page_size: int) -> dict:
    return {
        "total": 0,
        "page": page,
        "page_size": page_size,
        "hits": [],
        "facets": {},
        "suggestion": None,
        "life_event": None,
        "degraded": False,
    }


def _database_hit(procedure: Procedure) -> dict:
    highlight = {"name": html.escape(procedure.name), "text": None}
    return search_hit(procedure.code, search_document(procedure), 0.0, highlight)
