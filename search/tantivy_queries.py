"""Tantivy queries for a parsed Vietnamese query.

Each slot of the query (a word, or a lexicon phrase with its expansions) matches in the name or
the text. Slots whose word is in more than COMMON of the texts only add to the score; of the
others, `query.minimum_should_match` must match (see `_Builder.split_common`). Scores add up:
- folded terms in the name (weight NAME) and text (TEXT), all spellings of a word (i/y, f→ph);
- when the user typed marks, the words with their marks in the name (NAME_EXACT), so that
  "bán" ranks names with "bán" above names with "ban" or "bản"; with hỏi and ngã swapped, lower;
- a word the index does not vouch for (in no name and in at most RARE_TEXTS texts: a typo, or
  a typo that happens to be in some text, "dta") is also looked up as the known words one edit
  away (FUZZY times the field weight): real terms, so they score by BM25 and are highlighted;
  exact words rank first;
- a word the index does not vouch for that is no syllable ("khaisinh", "dangky") is also
  looked up as the syllables it can be read as, typed without their spaces (SPLIT times the
  field weight, as pairs like any run of words);
- every word also as heard (NAME * PHONETIC, search/phonetic.py: regional spellings such as
  s/x, ch/tr, l/n, final n/ng and c/t share a key; with its tone when typed with marks), the
  best of the folded and the heard match counting, so that exact and folded matches rank first;
- a pair of typed words that no procedure holds ("ket hong", a typo making another real word)
  is also looked up one edit away among the names' pairs (search/typos.py), for both words;
- the last word, while still being typed, also as name words it starts, taken from names that
  hold the word before it;
- adjacent pairs of typed words in the name and text pair fields (shingles; in the name also as
  heard, the best of the two counting), and a phrase prefix
  on the name for the last two words, reward procedures that say the words together.
Multi-word phrases (typed lexicon keys and expansions) match as all of their adjacent pairs.
A query asking for a paper for the first time, or again (search/issuance.py), multiplies the
scores of the procedures that do so by `issuance.BOOST`: `weight` names the fast field that
Searcher.search(weight_by_field=...) multiplies them by.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import tantivy
from tantivy import Occur, Query

from search import issuance, phonetic, typos
from search.query import ParsedQuery, Slot, Word, minimum_should_match, relaxed_minimum
from search.tantivy_store import FACET_FIELDS, weight_field
from search.text import canonical, shingles

NAME, TEXT = 3.0, 1.0
NAME_EXACT = 2.0
NAME_PAIR, TEXT_PAIR = 2.0, 0.5
FUZZY, COMPLETION, PHRASE_PREFIX, SPLIT = 0.4, 0.5, 2.0, 0.5
PHONETIC, TONE_VARIANT = 0.5, 0.5
PIN = 10_000.0  # a best bet's procedures score above any match
FUZZY_MIN_LENGTH, FUZZY_MAX_LENGTH = 4, 20
RARE_TEXTS = 2
COMMON = 0.3
MAX_COMPLETIONS = 20


class Vocabulary(Protocol):
    """What the index knows about folded words (backed by the current searcher)."""

    def known(self, folded: str) -> bool: ...

    def vouched(self, folded: str) -> bool: ...

    def text_ratio(self, folded: str) -> float: ...

    def corrections(self, folded: str) -> list[str]: ...

    def completions(self, prefix: str, after: tuple[str, ...] = ()) -> list[str]: ...

    def pair_known(self, pair: str) -> bool: ...


@dataclass
class BuiltQuery:
    """The matching part (for counts and facets), the full scored query, and the folded words
    to highlight (exact) and the prefix to highlight (any word starting with it); `minimum` is
    how many of the must-match slots must match."""

    core: Query
    scored: Query
    highlight: set[str] = field(default_factory=set)
    prefix: str | None = None
    minimum: int = 1


def build(
    schema: tantivy.Schema,
    parsed: ParsedQuery,
    vocabulary: Vocabulary,
    relaxed: bool = False,
    pinned: Sequence[str] = (),
) -> BuiltQuery:
    """The query; `relaxed` (asked when the query found nothing) needs only
    `text.relaxed_minimum` of the words, the common ones counted as matched; `pinned` codes
    (a best bet) match too and come first, in their order."""
    built = _Builder(schema, parsed, vocabulary, relaxed).build()
    return _pin(schema, built, pinned) if pinned else built


def weight(parsed: ParsedQuery, pinned: Sequence[str] = ()) -> str | None:
    """The field that multiplies the scores of the procedures of the issuance kind the query
    asks for (search/issuance.py); none under a best bet, whose order is the administrator's."""
    kind = issuance.asked(parsed)
    return weight_field(kind) if kind and not pinned else None


def _pin(schema: tantivy.Schema, built: BuiltQuery, codes: Sequence[str]) -> BuiltQuery:
    def code(value: str) -> Query:
        return Query.term_query(schema, "code", value)

    core = any_of([built.core, Query.const_score_query(any_of(list(map(code, codes))), 0.0)])
    first = [
        (Occur.Should, Query.const_score_query(code(value), PIN * (len(codes) - rank)))
        for rank, value in enumerate(codes)
    ]
    scored = Query.boolean_query([(Occur.Must, core), (Occur.Should, built.scored), *first])
    return BuiltQuery(core, scored, built.highlight, built.prefix, built.minimum)


def filters_query(schema: tantivy.Schema, filters: dict[str, list]) -> list[Query]:
    """One constant-score clause per active filter (values OR'ed), from typed filters."""
    return [_filter(schema, name, values) for name, values in filters.items()]


def _filter(schema: tantivy.Schema, name: str, values: list) -> Query:
    """Values are typed already (SearchQuery.active_filters)."""
    terms = [Query.term_query(schema, FACET_FIELDS[name], value) for value in values]
    return Query.const_score_query(any_of(terms), 0.0)


def any_of(queries: list[Query]) -> Query:
    """Queries OR'ed (the query itself when alone)."""
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Should, query) for query in queries])


def all_of(queries: list[Query]) -> Query:
    """Queries AND'ed (the query itself when alone)."""
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Must, query) for query in queries])


class _Builder:
    def __init__(
        self,
        schema: tantivy.Schema,
        parsed: ParsedQuery,
        vocabulary: Vocabulary,
        relaxed: bool,
    ):
        self.schema = schema
        self.parsed = parsed
        self.vocabulary = vocabulary
        self.relaxed = relaxed
        self.highlight: set[str] = set()
        self.pairs_of = typos.neighbour_pairs(parsed)

    def terms(self, field_name: str, values: Iterable[str], weight: float) -> Query:
        queries = [Query.term_query(self.schema, field_name, value) for value in values]
        return Query.boost_query(any_of(queries), weight)

    def build(self) -> BuiltQuery:
        required = list(self.parsed.required or self.parsed.slots)
        rare, common, minimum = self.split_common(required)
        typing = self.parsed.prefix is not None
        last = self.parsed.slots[-1] if self.parsed.slots else None
        clauses = {slot: self.slot(slot, open_word=typing and slot is last) for slot in required}
        core = Query.boolean_query([(Occur.Should, clauses[slot]) for slot in rare], minimum)
        boosts = [clauses[slot] for slot in common]
        boosts += [self.slot(slot, open_word=typing and slot is last) for slot in self.loose()]
        boosts += self.exact() + self.pairs() + self.phrase_prefix()
        scored = Query.boolean_query(
            [(Occur.Must, core)] + [(Occur.Should, boost) for boost in boosts]
        )
        return BuiltQuery(core, scored, self.highlight, self.parsed.prefix, minimum)

    def loose(self) -> list[Slot]:
        """The loose slots ("xin"), scored where said; none when they are all the query."""
        return list(self.parsed.loose) if self.parsed.required else []

    def split_common(self, slots: list[Slot]) -> tuple[list[Slot], list[Slot], int]:
        """The slots that must match (and how many of them), and the common ones that only
        score. Words found in more than COMMON of the texts ("cấp", "giấy", "đăng ký") need not
        match: Tantivy then scores them for the other words' matches alone, instead of walking
        their long postings. When every word is common, all of the rarer half must match."""

        def ratio(slot: Slot) -> float:
            if slot.expansions or len(slot.words) > 1:
                return 0.0
            return max(map(self.vocabulary.text_ratio, slot.words[0].spellings))

        ratios = {slot: ratio(slot) for slot in slots}
        rare = [slot for slot in slots if ratios[slot] <= COMMON]
        minimum = minimum_should_match(len(rare)) if self.parsed.required else 1
        if self.relaxed:
            common = len(slots) - len(rare)
            minimum = min(minimum, max(1, relaxed_minimum(len(slots)) - common))
        if not rare:
            rarest = sorted(slots, key=ratios.__getitem__)[: (len(slots) + 1) // 2]
            rare = [slot for slot in slots if slot in rarest]
            minimum = len(rare) if self.parsed.required else 1
        return rare, [slot for slot in slots if slot not in rare], minimum

    def slot(self, slot: Slot, open_word: object) -> Query:
        alternatives = [self.sequence(slot.words, open_word=bool(open_word))]
        alternatives += [self.sequence(words, open_word=False) for words in slot.expansions]
        if len(alternatives) == 1:
            return alternatives[0]
        return Query.disjunction_max_query(alternatives, 0.3)

    def sequence(self, words: tuple[Word, ...], open_word: bool) -> Query:
        if len(words) == 1:
            return self.word(words[0], open_word)
        return self.run([canonical(word.folded) for word in words])

    def run(self, terms: Sequence[str], weight: float = 1.0) -> Query:
        """Canonical terms said together: all of their adjacent pairs, in the name or the text."""
        self.highlight.update(terms)
        pairs = shingles(terms)
        in_name = all_of([Query.term_query(self.schema, "name_pairs", p) for p in pairs])
        in_text = all_of([Query.term_query(self.schema, "text_pairs", p) for p in pairs])
        return any_of(
            [Query.boost_query(in_name, NAME * weight), Query.boost_query(in_text, TEXT * weight)]
        )

    def word(self, word: Word, open_word: bool) -> Query:
        spellings = word.spellings
        known = [s for s in spellings if self.vocabulary.known(s)]
        self.highlight.update(canonical(s) for s in known or spellings)
        in_name = [self.terms("name_folded", spellings, NAME), self.phonetic(word)]
        clauses = [Query.disjunction_max_query(in_name), self.terms("text", spellings, TEXT)]
        fuzzy = FUZZY_MIN_LENGTH <= len(word.folded) <= FUZZY_MAX_LENGTH
        vouched = any(self.vocabulary.vouched(s) for s in known)
        if not vouched and fuzzy and not word.folded.isdigit():
            clauses += self.corrections(word)
        if not vouched:
            clauses += [self.run(split, SPLIT) for split in word.splits]
        clauses += self.pair_corrections(word)
        if open_word:
            clauses += self.completions(spellings)
        return any_of(clauses)

    def corrections(self, word: Word) -> list[Query]:
        near = self.vocabulary.corrections(word.folded)
        if not near:
            return []
        self.highlight.update(canonical(s) for s in near)
        return [
            self.terms("name_folded", near, NAME * FUZZY),
            self.terms("text", near, TEXT * FUZZY),
        ]

    def phonetic(self, word: Word) -> Query:
        """The word as it may be heard: its regional spellings, scored below the folded word
        (the best of the two counts, not both); with its tone when typed with marks."""
        return self.terms("name_phonetic", phonetic.heard_as(word), NAME * PHONETIC)

    def pair_corrections(self, word: Word) -> list[Query]:
        """Name pairs one edit away from a pair of typed words that no procedure holds."""
        pairs = [p for p in self.pairs_of.get(word, ()) if not self.vocabulary.pair_known(p)]
        queries = [Query.fuzzy_term_query(self.schema, "name_pairs", p, 1) for p in pairs]
        return [Query.boost_query(any_of(queries), NAME * FUZZY)] if queries else []

    def completions(self, spellings: tuple[str, ...]) -> list[Query]:
        """Name words that start with the unfinished word, taken from names that also hold the
        word typed before it ("ket h" → "hon"), else the most frequent ones."""
        typed = self.parsed.words
        after = typed[-2].spellings if len(typed) > 1 else ()
        words: dict[str, None] = {}
        for spelling in spellings:
            found = self.vocabulary.completions(spelling, after)
            words.update(dict.fromkeys(found or self.vocabulary.completions(spelling)))
        words = {w: None for w in words if w not in spellings}
        if not words:
            return []
        return [self.terms("name_folded", list(words)[:MAX_COMPLETIONS], NAME * COMPLETION)]

    def exact(self) -> list[Query]:
        """When marks were typed, the words with their marks score again: "bán" above "bản";
        a slot's expansion as well as its typed words (the best of them counting)."""
        if not self.parsed.marked:
            return []
        exact: list[Query] = []
        seen: set[str] = set()
        for slot in self.parsed.slots:
            scored = [self.exact_words(words, seen) for words in slot.alternatives]
            found = [query for query in scored if query is not None]
            if found:
                exact.append(found[0] if len(found) == 1 else Query.disjunction_max_query(found))
        return exact

    def exact_words(self, words: tuple[Word, ...], seen: set[str]) -> Query | None:
        """The words (not stopwords, nor words already scored) with their marks in the name;
        with hỏi typed for ngã or ngã for hỏi, lower."""
        spellings = [s for word in words if not word.stop for s in word.exact_spellings]
        spellings = [s for s in dict.fromkeys(spellings) if s not in seen]
        if not spellings:
            return None
        seen.update(spellings)
        clauses = [self.terms("name", spellings, NAME_EXACT)]
        variants = [v for s in spellings if (v := phonetic.tone_variant(s)) not in (None, s)]
        if variants:
            clauses.append(self.terms("name", variants, NAME_EXACT * TONE_VARIANT))
        return any_of(clauses)

    def pairs(self) -> list[Query]:
        """Adjacent words said together, the typed words or an expansion in their place
        (`ParsedQuery.pair_groups`: the best alternative of each group counts); in the name
        also as heard (the typed words), the best of the two counting."""
        groups = self.parsed.pair_groups()
        if not groups:
            return []
        keyed = phonetic.pair_keys(self.parsed)
        in_name = [
            self.grouped("name_pairs", groups, NAME_PAIR),
            self.terms("name_phonetic", keyed, NAME_PAIR * PHONETIC),
        ]
        in_text = self.grouped("text_pairs", groups, TEXT_PAIR)
        return [Query.disjunction_max_query(in_name), in_text]

    def grouped(self, field_name: str, groups: list, weight: float) -> Query:
        """Each group's best alternative (the sum of its pairs), summed over the groups."""
        best = []
        for group in groups:
            scored = [self.terms(field_name, pairs, weight) for pairs in group]
            best.append(scored[0] if len(scored) == 1 else Query.disjunction_max_query(scored))
        return any_of(best)

    def phrase_prefix(self) -> list[Query]:
        words = self.parsed.words
        if not self.parsed.prefix or len(words) < 2:
            return []
        terms = [words[-2].folded, self.parsed.prefix]
        query = Query.phrase_prefix_query(self.schema, "name_folded", terms)
        return [Query.boost_query(query, PHRASE_PREFIX)]
