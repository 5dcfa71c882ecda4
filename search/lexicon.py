"""The editable lexicon of search/data: stopwords, protected words and synonyms.

Stopwords (stopwords.txt) stay in a query but need not match; protected_words.txt lists words
that are never stopwords ("cấp", "lại", "nhận", ...). synonyms.csv holds abbreviations such as
gplx and colloquial names such as "sổ đỏ", each with the expansion to look for as well.
"""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from search.text import (
    canonical,
    data_text,
    fold,
    fold_word,
    has_diacritics,
    iy_pairs,
    normalize,
    words,
)


def data_lines(name: str) -> list[str]:
    """The lines of a data file, without blank lines and # comments."""
    lines = (line.strip() for line in data_text(name).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@cache
def protected_words() -> frozenset[str]:
    """Words that are never stopwords, with diacritics (phrases split into words)."""
    return frozenset(w for line in data_lines("protected_words.txt") for w in words(line))


@cache
def stopwords() -> frozenset[str]:
    """Stopwords with diacritics, minus the protected words."""
    return (
        frozenset(w for line in data_lines("stopwords.txt") for w in words(line))
        - protected_words()
    )


@cache
def folded_stopwords() -> frozenset[str]:
    """Unaccented stopwords that cannot be a protected word typed without marks."""
    ambiguous = {fold(word) for word in protected_words()}
    return frozenset(fold(word) for word in stopwords()) - ambiguous


@lru_cache(maxsize=65536)
def is_stopword(word: str) -> bool:
    """Whether a lowercase normalised word is a stopword (typed with or without its marks)."""
    if has_diacritics(word):
        return canonical(word) in stopwords() or word in stopwords()
    return word in folded_stopwords()


@dataclass(frozen=True)
class SynonymEntry:
    """One row of synonyms.csv: a term (abbreviation or colloquial phrase) and an expansion."""

    term: tuple[str, ...]
    expansion: tuple[str, ...]
    kind: str
    added: bool = False  # an administrator's rule (search/rules.py), not a row of the file


@cache
def synonyms() -> tuple[SynonymEntry, ...]:
    """The rows of search/data/synonyms.csv, as lowercase normalised words."""
    rows = csv.DictReader(data_text("synonyms.csv").splitlines())
    return tuple(
        SynonymEntry(tuple(words(row["term"])), tuple(words(row["expansion"])), row["kind"])
        for row in rows
        if words(row["term"]) and words(row["expansion"])
    )


SynonymIndex = dict[tuple[str, ...], tuple[SynonymEntry, ...]]


def index_synonyms(entries: Iterable[SynonymEntry]) -> SynonymIndex:
    """Entries by the fold_word of their term's words."""
    index: dict[tuple[str, ...], list[SynonymEntry]] = {}
    for entry in entries:
        index.setdefault(tuple(map(fold_word, entry.term)), []).append(entry)
    return {key: tuple(found) for key, found in index.items()}


class Lexicon:
    """Synonyms to expand a query with: the file's, and (search/rules.py) administrators'."""

    def __init__(self, index: SynonymIndex):
        self.index = index
        self.longest = max(map(len, index), default=1)


@cache
def file_lexicon() -> Lexicon:
    """The rows of search/data/synonyms.csv."""
    return Lexicon(index_synonyms(synonyms()))


def synonym_matches(
    typed: tuple[str, ...], folded: tuple[str, ...], lexicon: Lexicon | None = None
) -> list[SynonymEntry]:
    """Entries whose term is the typed words (`folded`: their fold_word); typed marks must agree
    with the entry's marks."""
    entries = (lexicon or file_lexicon()).index.get(folded, ())
    if not entries or not has_diacritics(" ".join(typed)):
        return list(entries)
    typed_canonical = tuple(map(canonical, typed))
    return [e for e in entries if tuple(map(canonical, e.term)) == typed_canonical]


def synonym_rules(folded: bool) -> list[str]:
    """Solr-format rules ('gplx => gplx, giấy phép lái xe') plus i/y equivalences, for ES."""
    grouped: dict[str, list[str]] = {}
    for entry in synonyms():
        term = " ".join(entry.term)
        expansion = " ".join(entry.expansion)
        if folded:
            term, expansion = fold(term), fold(expansion)
        grouped.setdefault(term, [term]).append(expansion)
    rules = [f"{term} => {', '.join(dict.fromkeys(exps))}" for term, exps in grouped.items()]
    return rules + [", ".join(pair) for pair in iy_pairs(folded)]


_LETTERS = re.compile(r"[^\W\d_]{2,}")


@cache
def spelled_abbreviations() -> dict[str, str]:
    """The one-word abbreviations of synonyms.csv that have a single expansion, by their
    lowercase term: {"bhxh": "bảo hiểm xã hội", ...} ("cccd", with two, is left out)."""
    expansions: dict[str, set[str]] = {}
    for entry in synonyms():
        if entry.kind == "abbreviation" and len(entry.term) == 1:
            expansions.setdefault(entry.term[0], set()).add(" ".join(entry.expansion))
    return {term: next(iter(found)) for term, found in expansions.items() if len(found) == 1}


def written_abbreviations(text: str) -> list[str]:
    """The expansions of the abbreviations a text writes in capitals ("BHXH", not "bhxh" nor
    "Dn"), in order, once each: the catalogue's own abbreviations, for words typed in full."""
    known = spelled_abbreviations()
    found = (token for token in _LETTERS.findall(normalize(text)) if token.isupper())
    return list(dict.fromkeys(known[t.lower()] for t in found if t.lower() in known))
