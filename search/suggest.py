"""In-memory as-you-type index over procedure names, rebuilt whenever the search index changes.

Names are numbered shortest first, so that scanning postings in order meets the short (usually
most general) names first and can stop early: at `limit` names that begin with what was typed, or
after _SCAN_LIMIT matching names. A suggestion must contain every complete word typed
(i/y variants and diacritics folded, lexicon phrases such as "gplx" expanded) and a word starting
with the last, unfinished one. Names that begin with what was typed come first, then names that
contain it as a run of adjacent words, then the others; names agreeing with the marks the user
typed come before those that agree only once folded.
"""

import bisect
import heapq
from collections.abc import Iterable, Iterator

from search import text as vi

_SCAN_LIMIT = 1000
# Many published names open with "Thủ tục ..."; a name "begins" with what follows it.
_GENERIC_OPENING = ("thu", "tuc")


class NameIndex:
    """Suggestions over (code, name) pairs; names already through `text.normalize`."""

    def __init__(self, entries: Iterable[tuple[str, str]]):
        ordered = sorted(entries, key=lambda entry: (len(entry[1]), entry[1], entry[0]))
        self._codes = [code for code, _ in ordered]
        self._names = [name for _, name in ordered]
        self._terms = [tuple(vi.search_terms(name, normalised=True)) for name in self._names]
        self._opening = [
            len(_GENERIC_OPENING) if terms[: len(_GENERIC_OPENING)] == _GENERIC_OPENING else 0
            for terms in self._terms
        ]
        self._term_sets = [frozenset(terms) for terms in self._terms]
        self._postings: dict[str, list[int]] = {}
        for doc, terms in enumerate(self._terms):
            for term in dict.fromkeys(terms):
                self._postings.setdefault(term, []).append(doc)
        self._vocabulary = sorted(self._postings)
        # Words as written (marks kept), for ranking names that agree with the marks typed.
        self._exact = [frozenset(map(vi.canonical, vi.split_words(n))) for n in self._names]

    def __len__(self) -> int:
        return len(self._codes)

    def suggest(self, typed: str, limit: int = 8) -> list[dict]:
        """Up to `limit` {"code", "name"} whose name matches what was typed so far."""
        found = self._suggest(typed, limit)
        parsed = vi.parse_query(typed)
        if len(found) < limit and parsed.prefix and parsed.slots[-1].expansions:
            # The last word completes a lexicon phrase ("gplx"): its expansions count too.
            seen = {item["code"] for item in found}
            more = self._suggest(typed + " ", limit)
            found += [item for item in more if item["code"] not in seen][: limit - len(found)]
        return found

    def _suggest(self, typed: str, limit: int) -> list[dict]:
        parsed = vi.parse_query(typed)
        if not parsed.words or limit < 1:
            return []
        complete = (
            vi.parse_query(typed[: typed.rstrip().rfind(" ") + 1]) if parsed.prefix else parsed
        )
        prefix = vi.canonical(parsed.prefix) if parsed.prefix else None
        slots = [self._slot_terms(slot) for slot in complete.slots]
        prefix_terms = self._with_prefix(prefix) if prefix is not None else None
        if prefix_terms is not None and not prefix_terms:
            return []
        ranked = []
        leading = 0
        typed_terms = complete.terms()
        for doc in self._candidates(slots, prefix_terms):
            if self._matches(doc, slots, prefix_terms):
                rank = self._rank(doc, typed_terms, prefix, parsed)
                ranked.append((rank, doc))
                leading += rank[0] == 0
                if leading >= limit or len(ranked) >= _SCAN_LIMIT:
                    break
        best = heapq.nsmallest(limit, ranked)
        return [{"code": self._codes[doc], "name": self._names[doc]} for _, doc in best]

    @staticmethod
    def _slot_terms(slot: vi.Slot) -> list[frozenset[str]]:
        return [
            frozenset(vi.canonical(word.folded) for word in alternative)
            for alternative in slot.alternatives
        ]

    def _with_prefix(self, prefix: str) -> frozenset[str]:
        start = bisect.bisect_left(self._vocabulary, prefix)
        end = bisect.bisect_left(self._vocabulary, prefix + "\uffff")
        return frozenset(self._vocabulary[start:end])

    def _candidates(
        self, slots: list[list[frozenset[str]]], prefix_terms: frozenset[str] | None
    ) -> Iterator[int]:
        """Doc numbers in increasing order, from the smallest source that must be matched."""
        sources: list[Iterable[int]] = []
        for alternatives in slots:
            if len(alternatives) == 1:
                lists = [self._postings.get(term, []) for term in alternatives[0]]
                sources.append(min(lists, key=len))
        if prefix_terms is not None:
            lists = [self._postings[term] for term in prefix_terms]
            if sum(map(len, lists)) < len(self._codes) // 2:
                sources.append(_dedupe(heapq.merge(*lists)))
        if not sources:
            return iter(range(len(self._codes)))
        sized = [s for s in sources if isinstance(s, list)]
        return iter(min(sized, key=len)) if sized else iter(sources[0])

    def _matches(
        self, doc: int, slots: list[list[frozenset[str]]], prefix_terms: frozenset[str] | None
    ) -> bool:
        terms = self._term_sets[doc]
        if not all(any(alt <= terms for alt in alternatives) for alternatives in slots):
            return False
        return prefix_terms is None or not prefix_terms.isdisjoint(terms)

    def _rank(self, doc: int, typed: list[str], prefix: str | None, parsed: vi.ParsedQuery):
        place = _place(self._terms[doc], typed, prefix, self._opening[doc])
        marks = 0
        if parsed.marked:
            exact = self._exact[doc]
            marks = -sum(vi.canonical(word.text) in exact for word in parsed.words)
        return (place, marks, doc)


def _place(terms: tuple[str, ...], typed: list[str], prefix: str | None, opening: int) -> int:
    """0 when the name starts with the typed words (after a generic opening), 1 when it has them
    in a row, else 2."""
    for start, term in enumerate(terms):
        first_matches = term == typed[0] if typed else term.startswith(prefix or "")
        if first_matches and _run_at(terms, start, typed, prefix):
            return 0 if start in (0, opening) else 1
    return 2


def _run_at(terms: tuple[str, ...], start: int, typed: list[str], prefix: str | None) -> bool:
    end = start + len(typed)
    if list(terms[start:end]) != typed:
        return False
    return prefix is None or (end < len(terms) and terms[end].startswith(prefix))


def _dedupe(numbers: Iterable[int]) -> Iterator[int]:
    previous = None
    for number in numbers:
        if number != previous:
            yield number
            previous = number
