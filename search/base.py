"""The search contract: query and result types, and the `SearchBackend` every engine implements.

Facet counts are *disjunctive*: the counts of one facet follow the query text and every filter
except that facet's own, so that a user who picked one agency still sees how many procedures the
other agencies have (the convention of most faceted catalogues). With no filter on a facet, its
counts follow the query and all filters.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from search import lexicon
from search import query as qy
from search.errors import InvalidQuery
from search.rules import SearchRules
from search.text import words

# Filter and facet names, with the document key each one reads (Elasticsearch's field too).
FACETS: dict[str, str] = {
    "level": "maturity_level",
    "tier": "tiers",
    "agency": "agency",
    "field": "field",
    "kind": "kind",
    "online": "online",
}
# Stored fields returned with each hit (the long text is searched and snippeted, not returned).
STORED_FIELDS = (
    "name",
    "agency",
    "agency_name",
    "field",
    "field_name",
    "tiers",
    "maturity_level",
    "kind",
    "online",
)
MAX_PAGE_SIZE = 100
# How deep a query may page (Elasticsearch's index.max_result_window), on every backend alike.
MAX_RESULT_WINDOW = 10_000


@dataclass(frozen=True)
class SearchQuery:
    """Full-text query, filters (facet name → accepted values, OR within a facet, AND between
    facets), a 1-based page, and the administrators' search rules in force (synonyms, best
    bets: search/rules.py)."""

    text: str = ""
    filters: dict[str, list] = field(default_factory=dict)
    page: int = 1
    page_size: int = 20
    rules: SearchRules | None = None

    def __post_init__(self) -> None:
        unknown = set(self.filters) - set(FACETS)
        if unknown:
            raise InvalidQuery(f"unknown filters: {', '.join(sorted(unknown))}")
        if self.page < 1 or not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise InvalidQuery(f"page must be ≥ 1 and page_size between 1 and {MAX_PAGE_SIZE}")
        if self.offset + self.page_size > MAX_RESULT_WINDOW:
            raise InvalidQuery(f"only the first {MAX_RESULT_WINDOW} matches can be paged through")
        self.active_filters()  # values must have their facet's type

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def active_filters(self) -> dict[str, list]:
        """Filters with at least one value, typed (level: int, online: bool, others: str) and
        in a stable order."""
        typed = {}
        for name, values in self.filters.items():
            if isinstance(values, str | int | bool):
                values = [values]
            if values:
                typed[name] = sorted({_typed(name, value) for value in values}, key=str)
        return typed

    def cache_key(self) -> tuple:
        return (*self.matching_key(), self.page, self.page_size)

    def matching_key(self) -> tuple:
        """What decides which documents match: the text, the filters and the rules."""
        filters = tuple(sorted((k, tuple(v)) for k, v in self.active_filters().items()))
        return (self.text, filters, self.rules.key if self.rules else None)

    def parsed(self) -> qy.ParsedQuery:
        """The text analysed, with the rules' synonyms."""
        return self.rules.parse(self.text) if self.rules else qy.parse_query(self.text)

    def pinned(self, parsed: qy.ParsedQuery) -> tuple[str, ...]:
        """The codes a best bet pins to this query, first in this order."""
        return self.rules.pinned(parsed) if self.rules else ()


@dataclass
class SearchHit:
    """One procedure: its code, score, stored fields and highlighted name and text snippet."""

    code: str
    score: float
    document: dict[str, Any]
    highlight: dict[str, str]


@dataclass
class SearchResult:
    """A page of hits, the total number of matches, facet counts and a "did you mean"."""

    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None

    def copy(self) -> "SearchResult":
        """A copy whose containers the caller may change without touching a cached result."""
        hits = [SearchHit(h.code, h.score, dict(h.document), dict(h.highlight)) for h in self.hits]
        facets = {name: dict(counts) for name, counts in self.facets.items()}
        return SearchResult(self.total, hits, facets, self.suggestion)


def _typed(facet: str, value: Any) -> Any:
    if facet == "level":
        try:
            return int(value)
        except (TypeError, ValueError):
            raise InvalidQuery(f"level must be a whole number: {value!r}") from None
    if facet == "online":
        if isinstance(value, str):
            if value.strip().lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise InvalidQuery(f"online must be true or false: {value!r}")
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)
    return str(value)


def facet_key(value: Any) -> str:
    """How a facet value is spelled in `SearchResult.facets`: '3', 'true', 'so-tu-phap'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def clean_document(doc: dict) -> dict:
    """A document with every contract key, validated; raises InvalidQuery when unusable."""
    code, name = doc.get("code"), doc.get("name")
    if not isinstance(code, str) or not code or not isinstance(name, str) or not name.strip():
        raise InvalidQuery(f"a document needs a non-empty code and name: {code!r}")
    level = doc.get("maturity_level")
    return {
        "code": code,
        "name": name,
        "text": searched_text(name, doc.get("text") or ""),
        "agency": doc.get("agency"),
        "agency_name": doc.get("agency_name"),
        "field": doc.get("field"),
        "field_name": doc.get("field_name"),
        "tiers": list(doc.get("tiers") or []),
        "maturity_level": int(level) if level is not None else None,
        "kind": doc.get("kind"),
        "online": bool(doc.get("online")),
    }


def searched_text(name: str, text: str) -> str:
    """The text a document is searched by: its own, then a last line with the expansions of
    the catalogue's abbreviations that its name or text writes ("BHXH": "bảo hiểm xã hội")
    and its name does not say in words, so that "bảo hiểm thai sản" finds a procedure whose
    text says "BHXH". Cleaning a cleaned document again adds nothing."""
    said = f" {' '.join(words(name))} "
    found = lexicon.written_abbreviations(name) + lexicon.written_abbreviations(text)
    unsaid = [e for e in dict.fromkeys(found) if f" {' '.join(words(e))} " not in said]
    extra = "; ".join(unsaid)
    if not extra or text.endswith(extra):
        return text
    return f"{text}\n{extra}" if text else extra


class SearchBackend(ABC):
    """A search engine over procedure documents.

    Documents are dicts with the keys of `clean_document` ("code" is the id). Writes are upserts
    and are visible to searches (in every process) once the call returns. Engine failures raise
    `SearchUnavailable` (`IndexDamaged` when the index must be rebuilt: missing, unreadable,
    failing its integrity check); bad input raises `InvalidQuery`; all are `SearchError`s.
    """

    name: str = "abstract"

    @abstractmethod
    def index(self, docs: Iterable[dict]) -> None:
        """Add or replace documents by code."""

    @abstractmethod
    def delete(self, codes: Iterable[str]) -> None:
        """Remove documents by code; unknown codes are ignored."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """Ranked, filtered, faceted, highlighted page of matches."""

    @abstractmethod
    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        """As-you-type suggestions on names: [{"code", "name"}], the last word a prefix."""

    @abstractmethod
    def rebuild(self, docs: Iterable[dict]) -> int:
        """Replace the whole index with these documents (atomically); return how many."""

    @abstractmethod
    def health(self) -> bool:
        """Whether the engine answers; never raises."""

    def verify(self) -> None:  # noqa: B027 - optional: an engine that keeps no files of its own
        """Raise `IndexDamaged` when the index must be rebuilt; nothing to check by default."""

    @abstractmethod
    def count(self) -> int:
        """Number of indexed documents."""

    def close(self) -> None:  # noqa: B027 - optional hook, most backends have something to close
        """Release files, connections and threads."""

    def __enter__(self) -> "SearchBackend":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
