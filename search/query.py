"""Query parsing: what a citizen typed, as a `ParsedQuery` ready for either engine.

`parse_query` gives one `Slot` per word, or per phrase of the lexicon (see search.lexicon) with
the expansions to look for as well; stopwords stay in the query but need not match. Each `Word`
knows its spellings to look up (see search.spelling). `minimum_should_match` and
`relaxed_minimum` say how many slots a document must match.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from search.lexicon import (
    Lexicon,
    SynonymEntry,
    file_lexicon,
    is_stopword,
    stopwords,
    synonym_matches,
)
from search.spelling import spelling_variants, syllable_splits
from search.text import (
    canonical,
    fold,
    fold_word,
    has_diacritics,
    iy_variant,
    normalize,
    shingles,
    words,
)

if TYPE_CHECKING:
    from search.questions import Scaffolding


@dataclass(frozen=True)
class Word:
    """One typed word: as typed (normalised, lowercase, marks kept) and folded."""

    text: str
    folded: str
    stop: bool

    @classmethod
    def of(cls, text: str, as_typed: bool = False) -> "Word":
        """`as_typed` when the query carries marks on most words: a word without marks is then
        the word as typed ("cho" is "cho", not "chợ"), a stopword if it is one."""
        stop = is_stopword(text) or (as_typed and text in stopwords())
        return cls(text, fold(text), stop)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Folded spellings to look up (the engines index raw folded words, not canonical)."""
        return spelling_variants(self.folded)

    @property
    def splits(self) -> tuple[tuple[str, ...], ...]:
        """Canonical syllables of the word read as several typed without spaces ('dangky')."""
        return tuple(tuple(map(canonical, split)) for split in syllable_splits(self.folded))

    @property
    def exact_spellings(self) -> tuple[str, ...]:
        """Spellings with marks to look up in the fields that keep diacritics."""
        variant = iy_variant(self.text)
        return (self.text, variant) if variant else (self.text,)


@dataclass(frozen=True)
class Slot:
    """A word, or a lexicon phrase, of the query, with the expansions that may stand for it."""

    words: tuple[Word, ...]
    expansions: tuple[tuple[Word, ...], ...] = ()
    generic: bool = False
    added: tuple[tuple[Word, ...], ...] = ()  # the expansions from administrators' rules
    loose: bool = False  # a word of requests that names do not say ("xin"): scored, not needed

    @property
    def optional(self) -> bool:
        """A lone stopword, a generic word of questions ("thủ tục") or a loose word: it adds
        to the score but need not match."""
        return (
            self.generic
            or self.loose
            or (not self.expansions and all(word.stop for word in self.words))
        )

    @property
    def alternatives(self) -> tuple[tuple[Word, ...], ...]:
        """The typed words first, then each expansion."""
        return (self.words, *self.expansions)


@dataclass(frozen=True)
class ParsedQuery:
    """What a citizen typed, ready for an engine. `prefix` is the last word when it may be
    unfinished (the text did not end with a space), else None."""

    text: str
    slots: tuple[Slot, ...]
    marked: bool
    prefix: str | None

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(word for slot in self.slots for word in slot.words)

    @property
    def required(self) -> tuple[Slot, ...]:
        return tuple(slot for slot in self.slots if not slot.optional)

    @property
    def loose(self) -> tuple[Slot, ...]:
        """The loose slots: each scores where a procedure says it, none need match."""
        return tuple(slot for slot in self.slots if slot.loose)

    @property
    def minimum_should_match(self) -> int:
        return minimum_should_match(len(self.required))

    @property
    def relaxes(self) -> bool:
        """Whether asking again relaxed (see `relaxed_minimum`) needs fewer words."""
        count = len(self.required)
        return relaxed_minimum(count) < minimum_should_match(count)

    def terms(self) -> list[str]:
        """Folded canonical typed words, for shingles."""
        return [canonical(word.folded) for word in self.words]

    def pair_groups(self) -> list[tuple[tuple[str, ...], ...]]:
        """The adjacent pairs of the query as read, in groups of alternatives of which a
        procedure scores the best: for each slot, the pairs inside its typed words and inside
        each of its expansions; for each two adjacent slots, the pairs joining the last word of
        one's alternatives to the first word of the next one's. An expansion is thus read in
        place of the typed words ("làm sổ bhxh" as "cấp sổ bhxh"). Canonical folded words
        joined by '_', as `text.shingles`; a query with no expansion gives its typed pairs."""
        readings = [[_terms(words) for words in slot.alternatives] for slot in self.slots]
        groups: list[tuple[tuple[str, ...], ...]] = []
        for position, alternatives in enumerate(readings):
            if position:
                joints = {
                    shingles([before[-1], after[0]])[0]
                    for before in readings[position - 1]
                    for after in alternatives
                }
                groups.append(tuple((pair,) for pair in sorted(joints)))
            inside = tuple(dict.fromkeys(tuple(shingles(t)) for t in alternatives if len(t) > 1))
            if inside:
                groups.append(inside)
        return list(dict.fromkeys(groups))


def minimum_should_match(count: int) -> int:
    """How many of `count` required slots a document must match: all of up to two; of more, one
    in four may be missing, at least one ('ma so thue ca nhan' finds names without 'mã số')."""
    return count if count <= 2 else count - max(1, count // 4)


def relaxed_minimum(count: int) -> int:
    """How many of `count` required slots must match when the query as typed found nothing:
    half of them, rounded up, of three or more ("dang ky khai sinh cho be gai" still finds the
    birth); both of two."""
    return count if count <= 2 else (count + 1) // 2


@lru_cache(maxsize=4096)
def parse_query(text: str, max_words: int = 32, lexicon: Lexicon | None = None) -> ParsedQuery:
    """Analyse a query: normalise, split, leave out the scaffolding of a question, find lexicon
    phrases (longest first; `lexicon` defaults to the file's), mark stopwords."""
    from search import questions

    lexicon = lexicon or file_lexicon()
    typed = words(text)[:max_words]
    scaffolding = questions.find(typed, [fold_word(word) for word in typed])
    kept = [i for i in range(len(typed)) if i not in scaffolding.removed]
    as_typed = 2 * sum(map(has_diacritics, typed)) >= len(typed) > 0
    ends_open = bool(kept) and kept[-1] == len(typed) - 1 and text[-1].isalnum()
    slots: list[Slot] = []
    for run in _runs(kept, scaffolding):
        words_of_run = [typed[i] for i in run]
        folded = [fold_word(word) for word in words_of_run]
        position = 0
        while position < len(run):
            slot = _slot_at(words_of_run, folded, position, lexicon, as_typed)
            if run[0] in scaffolding.optional:
                slot = replace(slot, generic=True)
            elif run[0] in scaffolding.scored:
                slot = replace(slot, loose=True)
            slots.append(slot)
            position += len(slot.words)
    prefix = fold(typed[-1]) if ends_open else None
    return ParsedQuery(normalize(text).strip(), tuple(slots), has_diacritics(text), prefix)


def _terms(words: tuple[Word, ...]) -> list[str]:
    return [canonical(word.folded) for word in words]


def _expansions(entries: Iterable[SynonymEntry]) -> tuple[tuple[Word, ...], ...]:
    return tuple(dict.fromkeys(tuple(map(Word.of, entry.expansion)) for entry in entries))


def _runs(kept: list[int], scaffolding: "Scaffolding") -> list[list[int]]:
    """The kept positions in runs of adjacent words, optional, scored and other words apart, so
    that a lexicon phrase never spans left-out scaffolding."""

    def role(i: int) -> tuple[bool, bool]:
        return i in scaffolding.optional, i in scaffolding.scored

    runs: list[list[int]] = []
    for i in kept:
        if runs and runs[-1][-1] == i - 1 and role(i) == role(runs[-1][-1]):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _slot_at(
    typed: list[str], folded: list[str], position: int, lexicon: Lexicon, as_typed: bool
) -> Slot:
    for size in range(min(lexicon.longest, len(typed) - position), 0, -1):
        end = position + size
        phrase = tuple(typed[position:end])
        entries = synonym_matches(phrase, tuple(folded[position:end]), lexicon)
        if entries:
            expansions = _expansions(entries)
            of_file = set(_expansions([e for e in entries if not e.added]))
            added = tuple(e for e in expansions if e not in of_file)
            words = tuple(Word.of(word, as_typed) for word in phrase)
            return Slot(words, expansions, added=added)
    return Slot((Word.of(typed[position], as_typed),))
