"""Tantivy queries for a parsed Vietnamese query.

Each slot of the query (a word, or a lexicon phrase with its expansions) matches in the name or
the text; `ParsedQuery.minimum_should_match` slots must match. Scores add up:
- folded terms in the name (weight NAME) and text (TEXT), all spellings of a word (i/y, f→ph);
- when the user typed marks, the same words with their marks (NAME_EXACT, TEXT_EXACT), so that
  "bán" ranks names with "bán" above names with "ban" or "bản";
- a word unknown to the index is also looked up as the known words one edit away (FUZZY times
  the field weight): real terms, so they score by BM25 and are highlighted; exact words rank first;
- the last word, while still being typed, also as the most frequent name words it starts;
- adjacent pairs of typed words in the name and text pair fields (shingles), and a phrase prefix
  on the name for the last two words, reward procedures that say the words together.
Multi-word phrases (typed lexicon keys and expansions) match as all of their adjacent pairs.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import tantivy
from tantivy import Occur, Query

from search import text as vi

NAME, TEXT = 3.0, 1.0
NAME_EXACT, TEXT_EXACT = 2.0, 0.5
NAME_PAIR, TEXT_PAIR = 2.0, 0.5
FUZZY, COMPLETION, PHRASE_PREFIX = 0.4, 0.5, 2.0
FUZZY_MIN_LENGTH = 4
MAX_COMPLETIONS = 20


class Vocabulary(Protocol):
    """What the index knows about folded words (backed by the current searcher)."""

    def known(self, folded: str) -> bool: ...

    def corrections(self, folded: str) -> list[str]: ...

    def completions(self, prefix: str) -> list[str]: ...


@dataclass
class BuiltQuery:
    """The matching part (for counts and facets), the full scored query, and the folded words
    to highlight (exact) and the prefix to highlight (any word starting with it)."""

    core: Query
    scored: Query
    highlight: set[str] = field(default_factory=set)
    prefix: str | None = None


def build(schema: tantivy.Schema, parsed: vi.ParsedQuery, vocabulary: Vocabulary) -> BuiltQuery:
    builder = _Builder(schema, parsed, vocabulary)
    return builder.build()


def filters_query(schema: tantivy.Schema, filters: dict[str, list]) -> list[Query]:
    """One constant-score clause per active filter (values OR'ed), from typed filters."""
    return [_filter(schema, name, values) for name, values in filters.items()]


_FILTER_FIELDS = {
    "level": "level",
    "tier": "tiers",
    "agency": "agency",
    "field": "field",
    "kind": "kind",
    "online": "online",
}


def _filter(schema: tantivy.Schema, name: str, values: list) -> Query:
    """Values are typed already (SearchQuery.active_filters)."""
    terms = [Query.term_query(schema, _FILTER_FIELDS[name], value) for value in values]
    return Query.const_score_query(_any(terms), 0.0)


def _any(queries: list[Query]) -> Query:
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Should, query) for query in queries])


def _all(queries: list[Query]) -> Query:
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Must, query) for query in queries])


class _Builder:
    def __init__(self, schema: tantivy.Schema, parsed: vi.ParsedQuery, vocabulary: Vocabulary):
        self.schema = schema
        self.parsed = parsed
        self.vocabulary = vocabulary
        self.highlight: set[str] = set()

    def terms(self, field_name: str, values: Iterable[str], weight: float) -> Query:
        queries = [Query.term_query(self.schema, field_name, value) for value in values]
        return Query.boost_query(_any(queries), weight)

    def build(self) -> BuiltQuery:
        required = self.parsed.required or self.parsed.slots
        last = self.parsed.slots[-1] if self.parsed.slots else None
        slots = [
            self.slot(slot, open_word=slot is last and self.parsed.prefix) for slot in required
        ]
        minimum = self.parsed.minimum_should_match if self.parsed.required else 1
        core = Query.boolean_query([(Occur.Should, q) for q in slots], minimum)
        boosts = self.pairs() + self.phrase_prefix()
        scored = Query.boolean_query(
            [(Occur.Must, core)] + [(Occur.Should, boost) for boost in boosts]
        )
        return BuiltQuery(core, scored, self.highlight, self.parsed.prefix)

    def slot(self, slot: vi.Slot, open_word: object) -> Query:
        alternatives = [self.sequence(slot.words, open_word=bool(open_word))]
        alternatives += [self.sequence(words, open_word=False) for words in slot.expansions]
        if len(alternatives) == 1:
            return alternatives[0]
        return Query.disjunction_max_query(alternatives, 0.3)

    def sequence(self, words: tuple[vi.Word, ...], open_word: bool) -> Query:
        if len(words) == 1:
            return self.word(words[0], open_word)
        terms = [vi.canonical(word.folded) for word in words]
        self.highlight.update(terms)
        pairs = vi.shingles(terms)
        in_name = _all([Query.term_query(self.schema, "name_pairs", p) for p in pairs])
        in_text = _all([Query.term_query(self.schema, "text_pairs", p) for p in pairs])
        return _any([Query.boost_query(in_name, NAME), Query.boost_query(in_text, TEXT)])

    def word(self, word: vi.Word, open_word: bool) -> Query:
        spellings = word.spellings
        known = [s for s in spellings if self.vocabulary.known(s)]
        self.highlight.update(vi.canonical(s) for s in known or spellings)
        clauses = [self.terms("name_folded", spellings, NAME), self.terms("text", spellings, TEXT)]
        if self.parsed.marked:
            clauses.append(self.terms("name", word.exact_spellings, NAME_EXACT))
            clauses.append(self.terms("text_exact", word.exact_spellings, TEXT_EXACT))
        if not known and len(word.folded) >= FUZZY_MIN_LENGTH and not word.folded.isdigit():
            clauses += self.corrections(word)
        if open_word:
            clauses += self.completions(spellings)
        return _any(clauses)

    def corrections(self, word: vi.Word) -> list[Query]:
        near = self.vocabulary.corrections(word.folded)
        if not near:
            return []
        self.highlight.update(vi.canonical(s) for s in near)
        return [
            self.terms("name_folded", near, NAME * FUZZY),
            self.terms("text", near, TEXT * FUZZY),
        ]

    def completions(self, spellings: tuple[str, ...]) -> list[Query]:
        words: dict[str, None] = {}
        for spelling in spellings:
            words.update(dict.fromkeys(self.vocabulary.completions(spelling)))
        words = {w: None for w in words if w not in spellings}
        if not words:
            return []
        return [self.terms("name_folded", list(words)[:MAX_COMPLETIONS], NAME * COMPLETION)]

    def pairs(self) -> list[Query]:
        pairs = list(dict.fromkeys(vi.shingles(self.parsed.terms())))
        if not pairs:
            return []
        return [
            self.terms("name_pairs", pairs, NAME_PAIR),
            self.terms("text_pairs", pairs, TEXT_PAIR),
        ]

    def phrase_prefix(self) -> list[Query]:
        words = self.parsed.words
        if not self.parsed.prefix or len(words) < 2:
            return []
        terms = [words[-2].folded, self.parsed.prefix]
        query = Query.phrase_prefix_query(self.schema, "name_folded", terms)
        return [Query.boost_query(query, PHRASE_PREFIX)]
