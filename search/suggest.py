"""In-memory as-you-type index over procedure names, rebuilt whenever the search index changes.

A suggestion must contain every complete word typed (i/y variants and diacritics folded, lexicon
phrases such as "gplx" expanded, a word no name has read as the syllables run together in it) and
a word starting with the last, unfinished one. Names that
begin with what was typed come first (a name opening with "Thủ tục" begins with the words after
it), then names that contain it as a run of adjacent words, then the others; within each, names
agreeing with the marks the user typed come before those that agree only once folded, then
shorter names before longer ones.

The first two kinds are found by binary search in a sorted array of every word position of every
name, keyed by the folded words from there on (a suffix array over words), so their cost does not
grow with the catalogue. Only when they give fewer than `limit` names are the postings of the
typed words scanned for names that have the words apart. Names are grouped (the same name may be
published under several codes) and numbered shortest first.
"""

import bisect
import heapq
import itertools
from collections.abc import Iterable, Iterator

from search.memo import Memo
from search.query import ParsedQuery, Slot, parse_query
from search.text import canonical, search_terms, split_words

_SCAN_LIMIT = 1000
# Many published names open with "Thủ tục ..."; a name "begins" with what follows it.
_GENERIC_OPENING = ("thu", "tuc")
# Characters of a run key kept in the sorted array; longer typed text is checked name by name.
_KEY_CHARS = 64
# Combinations of lexicon expansions looked up as runs.
_MAX_RUNS = 32
_REMEMBERED = 4096  # answers remembered per index, least recently used dropped first


class NameIndex:
    """Suggestions over (code, name) pairs; names already through `text.normalize`."""

    def __init__(self, entries: Iterable[tuple[str, str]]):
        codes_by_name: dict[str, list[str]] = {}
        for code, name in entries:
            codes_by_name.setdefault(name, []).append(code)
        self._names = sorted(codes_by_name, key=lambda name: (len(name), name))
        self._codes = [sorted(codes_by_name[name]) for name in self._names]
        self._terms = [tuple(search_terms(name, normalised=True)) for name in self._names]
        self._term_sets = [frozenset(terms) for terms in self._terms]
        self._postings: dict[str, list[int]] = {}
        for doc, terms in enumerate(self._terms):
            for term in dict.fromkeys(terms):
                self._postings.setdefault(term, []).append(doc)
        self._vocabulary = sorted(self._postings)
        # Words as written (marks kept), for ranking names that agree with the marks typed.
        self._exact = [frozenset(map(canonical, split_words(n))) for n in self._names]
        self._exact_vocabulary = frozenset().union(*self._exact)
        self._run_keys, self._run_ranks, self._run_starts = self._runs()
        self._remembered = Memo(_REMEMBERED)

    def _runs(self) -> tuple[list[str], list[int], list[int]]:
        """Every word position of every name: its key (the folded words from there on, each
        followed by a space, cut to _KEY_CHARS), its rank code (place * names + doc) and start."""
        count = len(self._names)
        runs = []
        for doc, terms in enumerate(self._terms):
            opening = (
                len(_GENERIC_OPENING) if terms[: len(_GENERIC_OPENING)] == _GENERIC_OPENING else 0
            )
            for start in range(len(terms)):
                place = 0 if start in (0, opening) else 1
                key = "".join(term + " " for term in terms[start:])[:_KEY_CHARS]
                runs.append((key, place * count + doc, start))
        runs.sort()
        return [r[0] for r in runs], [r[1] for r in runs], [r[2] for r in runs]

    def __len__(self) -> int:
        return sum(map(len, self._codes))

    def suggest(self, typed: str, limit: int = 8) -> list[dict]:
        """Up to `limit` {"code", "name"} whose name matches what was typed so far."""
        return list(itertools.islice(self._items(self._best(typed, limit)), limit))

    def _best(self, typed: str, limit: int) -> tuple[int, ...]:
        """The best names' numbers, remembered: citizens type the same first letters."""
        return self._remembered.get_or((typed, limit), lambda: tuple(self._ranked(typed, limit)))

    def _ranked(self, typed: str, limit: int) -> list[int]:
        found = self._suggest(typed, limit)
        parsed = parse_query(typed)
        if parsed.prefix and parsed.slots[-1].expansions:
            # The last word completes a lexicon phrase ("gplx", "so do"): its expansions count
            # too, first when the phrase has several words (a citizen who typed "so do" means
            # "sổ đỏ" more likely than a word starting with "do").
            as_phrase = self._suggest(typed + " ", limit)
            if len(parsed.slots[-1].words) > 1:
                found, as_phrase = as_phrase, found
            found += [doc for doc in as_phrase if doc not in found]
        return found

    def _items(self, docs: Iterable[int]) -> Iterator[dict]:
        for doc in docs:
            for code in self._codes[doc]:
                yield {"code": code, "name": self._names[doc]}

    def _suggest(self, typed: str, limit: int) -> list[int]:
        """Numbers of the best names, best first."""
        parsed = parse_query(typed)
        if not parsed.words or limit < 1:
            return []
        complete = parse_query(typed[: typed.rstrip().rfind(" ") + 1]) if parsed.prefix else parsed
        prefix = canonical(parsed.prefix) if parsed.prefix else None
        slots = [self._slot_terms(slot) for slot in complete.slots]
        exact = self._markable(parsed)
        seen: set[int] = set()
        ranked: list[int] = []
        for _, run in itertools.groupby(self._in_runs(slots, prefix, seen), key=lambda r: r[0]):
            ranked += self._top((doc for _, doc in run), limit - len(ranked), exact)
            if len(ranked) >= limit:
                return ranked
        apart = itertools.islice(self._apart(slots, prefix, seen), _SCAN_LIMIT)
        return ranked + self._top(apart, limit - len(ranked), exact)

    def _slot_terms(self, slot: Slot) -> list[tuple[str, ...]]:
        """The slot's alternatives as canonical terms; a word no name has that reads as several
        syllables typed without spaces ("dangky") also as those syllables."""
        spelled = [tuple(canonical(w.folded) for w in alt) for alt in slot.alternatives]
        if len(slot.words) == 1 and spelled[0][0] not in self._postings:
            spelled += slot.words[0].splits
        return list(dict.fromkeys(spelled))

    def _markable(self, parsed: ParsedQuery) -> tuple[str, ...]:
        """The typed words, marks kept, that some name has as written: those that rank."""
        if not parsed.marked:
            return ()
        typed = (canonical(word.text) for word in parsed.words)
        return tuple(word for word in typed if word in self._exact_vocabulary)

    def _top(self, docs: Iterable[int], limit: int, exact: tuple[str, ...]) -> list[int]:
        """The first `limit` of `docs` (given shortest first) by the number of `exact` words they
        have; reads only as far as it must."""
        if not exact:
            return list(itertools.islice(docs, limit))
        scored: list[tuple[int, int, int]] = []
        perfect = 0
        for doc in docs:
            marks = sum(word in self._exact[doc] for word in exact)
            scored.append((-marks, len(scored), doc))
            perfect += marks == len(exact)
            if perfect >= limit:
                break
        return [doc for *_, doc in heapq.nsmallest(limit, scored)]

    def _in_runs(
        self, slots: list[list[tuple[str, ...]]], prefix: str | None, seen: set[int]
    ) -> Iterator[tuple[int, int]]:
        """(place, doc) of the names beginning with what was typed (place 0), then of those
        having it as a run (1), each shortest first; adds each doc to `seen`."""
        ranks: set[int] = set()
        for needle in _needles(slots, prefix):
            ranks.update(self._ranks_with(needle))
        for rank in sorted(ranks):
            place, doc = divmod(rank, len(self._names))
            if doc not in seen:
                seen.add(doc)
                yield place, doc

    def _ranks_with(self, needle: str) -> Iterable[int]:
        key = needle[:_KEY_CHARS]
        low = bisect.bisect_left(self._run_keys, key)
        high = bisect.bisect_left(self._run_keys, key + "\uffff", low)
        if len(needle) <= _KEY_CHARS:
            return self._run_ranks[low:high]
        runs = zip(self._run_ranks[low:high], self._run_starts[low:high], strict=True)
        return (rank for rank, start in runs if self._run_text(rank, start).startswith(needle))

    def _run_text(self, rank: int, start: int) -> str:
        """The whole key of a run, uncut."""
        return "".join(term + " " for term in self._terms[rank % len(self._names)][start:])

    def _apart(
        self, slots: list[list[tuple[str, ...]]], prefix: str | None, found: set[int]
    ) -> Iterator[int]:
        """The names not yet `found` with every typed word, apart, shortest first."""
        prefix_terms = self._with_prefix(prefix) if prefix is not None else None
        if prefix_terms is not None and not prefix_terms:
            return
        sets = [[frozenset(alt) for alt in alternatives] for alternatives in slots]
        for doc in self._candidates(sets, prefix_terms):
            if doc not in found and self._matches(doc, sets, prefix_terms):
                yield doc

    def _with_prefix(self, prefix: str) -> frozenset[str]:
        start = bisect.bisect_left(self._vocabulary, prefix)
        end = bisect.bisect_left(self._vocabulary, prefix + "\uffff")
        return frozenset(self._vocabulary[start:end])

    def _candidates(
        self, slots: list[list[frozenset[str]]], prefix_terms: frozenset[str] | None
    ) -> Iterable[int]:
        """Doc numbers in increasing order, from the smallest source that must be matched: for
        each slot, the names having one of its alternatives' rarest word; the names having a
        word that starts with the prefix."""
        sources = [
            [min((self._postings.get(term, []) for term in alt), key=len) for alt in alternatives]
            for alternatives in slots
        ]
        if prefix_terms is not None:
            sources.append([self._postings[term] for term in prefix_terms])
        smallest = min(sources, key=lambda lists: sum(map(len, lists)), default=None)
        if smallest is None:
            return range(len(self._names))
        return smallest[0] if len(smallest) == 1 else _dedupe(heapq.merge(*smallest))

    def _matches(
        self, doc: int, slots: list[list[frozenset[str]]], prefix_terms: frozenset[str] | None
    ) -> bool:
        terms = self._term_sets[doc]
        if not all(any(alt <= terms for alt in alternatives) for alternatives in slots):
            return False
        return prefix_terms is None or not prefix_terms.isdisjoint(terms)


def _needles(slots: list[list[tuple[str, ...]]], prefix: str | None) -> list[str]:
    """The run keys to look up: each combination of the slots' alternatives, then the prefix."""
    combinations = itertools.islice(itertools.product(*slots), _MAX_RUNS)
    needles = []
    for combination in combinations:
        typed = "".join(term + " " for alternative in combination for term in alternative)
        needles.append(typed + (prefix or ""))
    return needles


def _dedupe(numbers: Iterable[int]) -> Iterator[int]:
    previous = None
    for number in numbers:
        if number != previous:
            yield number
            previous = number
