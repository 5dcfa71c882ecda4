"""Vietnamese text handling shared by both search backends and the seed importer.

Index side: every stored name and text goes through `normalize` (NFC, ð→đ, new-style tone
placement: hoá→hóa, uỷ→ủy). The engines then fold it themselves (lowercase, đ→d, ASCII folding)
and also keep a lowercased copy with diacritics; `shingles` gives the adjacent-syllable pairs,
spelled with `canonical` so that i/y variants (ký/kí, sĩ/sỹ, quy/qui) are one.

Query side: `parse_query` turns what a citizen typed into a `ParsedQuery`: one `Slot` per word,
or per phrase of the editable lexicon (search/data/synonyms.csv: abbreviations such as gplx and
colloquial names such as "sổ đỏ") with the expansions to look for as well. Stopwords
(search/data/stopwords.txt) stay in the query but need not match; protected_words.txt lists
words that are never stopwords ("cấp", "lại", "nhận", ...). `spelling_variants` gives the
spellings of a folded word to look up (i/y, and f→ph, j→gi, z→d typed on keyboards without
Vietnamese input); `syllable_splits` reads a word typed without its spaces ("khaisinh") as the
syllables it can be. Numbers are one word with or without padding zeros (`unpad_numbers`).
`Highlighter` marks the words of a text that a query matched (whole text or a snippet), and
`did_you_mean` proposes a corrected query from the words of candidate names.
"""

import bisect
import csv
import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

_WORD = re.compile(r"\w+", re.UNICODE)
# Runs of letters and digits: the same split as tantivy's "simple" tokenizer.
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Zeros that pad a number at the start of a word ("09 số", "01/01/1945"): "09" and "9" are one.
_PADDING_ZEROS = re.compile(r"(?<![^\W_])0+(?=\d)", re.UNICODE)

_IY_ONSETS = frozenset("bhklmnstvx")
_I_VOWELS = "iíìỉĩị"
_Y_VOWELS = "yýỳỷỹỵ"
_I_TO_Y = dict(zip(_I_VOWELS, _Y_VOWELS, strict=True))
_Y_TO_I = dict(zip(_Y_VOWELS, _I_VOWELS, strict=True))
# Letters Vietnamese does not use, typed for the sound they stand for.
_TYPED_FOR = {"f": "ph", "j": "gi", "z": "d"}
_ALPHABET = "abcdeghiklmnopqrstuvxy0123456789"


@cache
def _tone_rules() -> tuple[dict[str, str], dict[str, str]]:
    data = json.loads(_data_text("tone_rules.json"))
    return data["character"], data["token"]


def _data_text(name: str) -> str:
    return resources.files("search").joinpath("data", name).read_text("utf-8")


def normalize(text: str) -> str:
    """NFC, ð→đ, and old-style tone placement rewritten to the new style (hoá→hóa, uỷ→ủy)."""
    characters, tokens = _tone_rules()
    text = unicodedata.normalize("NFC", text)
    for old, new in characters.items():
        text = text.replace(old, new)
    return _WORD.sub(lambda m: tokens.get(m.group(0), m.group(0)), text)


def fold(text: str) -> str:
    """Lowercase text without diacritics, đ folded to d: 'Đăng ký' → 'dang ky'."""
    text = normalize(text).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """A stable ASCII identifier for a Vietnamese name: 'Sở Tư pháp' → 'so-tu-phap'."""
    return "-".join(_WORD.findall(fold(text).replace("_", " ")))


def words(text: str) -> list[str]:
    """Normalised lowercase words with their diacritics, numbers unpadded:
    'Cấp lại GPLX' → ['cấp', 'lại', 'gplx'], 'CMND 09 số' → ['cmnd', '9', 'số']."""
    return _TOKEN.findall(unpad_numbers(normalize(text).lower()))


def unpad_numbers(text: str) -> str:
    """Text with the zeros that pad its numbers removed: '09 số, 01/01/1945' → '9 số, 1/1/1945'.
    Both engines index and query numbers so (Elasticsearch with a pattern_replace filter)."""
    return _PADDING_ZEROS.sub("", text)


def has_diacritics(text: str) -> bool:
    """Whether the text carries any Vietnamese mark (tone, breve, circumflex, horn or đ)."""
    lowered = normalize(text).lower()
    return fold(lowered) != unicodedata.normalize("NFC", lowered)


def iy_variant(word: str) -> str | None:
    """The other spelling of a syllable written with i or y (ký↔kí, sĩ↔sỹ, quy↔qui), or None."""
    if len(word) == 2 and word[0] in _IY_ONSETS:
        vowel = word[1]
    elif len(word) == 3 and word.startswith("qu"):
        vowel = word[2]
    else:
        return None
    swapped = _I_TO_Y.get(vowel) or _Y_TO_I.get(vowel)
    return word[:-1] + swapped if swapped else None


@lru_cache(maxsize=65536)
def canonical(word: str) -> str:
    """One spelling for i/y variants: i after a consonant (kí, sĩ, lí), y after qu (quý); numbers
    unpadded (09 → 9)."""
    if word[:1] == "0":
        return unpad_numbers(word)
    variant = iy_variant(word)
    if variant is None:
        return word
    wants_y = word.startswith("qu")
    return variant if (variant[-1] in _Y_VOWELS) == wants_y else word


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """The folded, canonical spelling of one word: 'Kỳ' → 'ki'."""
    return canonical(fold(word))


def spelling_variants(folded: str) -> tuple[str, ...]:
    """Folded spellings to look up for one folded word: itself, i/y and f→ph, j→gi, z→d."""
    spellings = [folded]
    if folded[:1] in _TYPED_FOR and len(folded) > 1:
        spellings.append(_TYPED_FOR[folded[0]] + folded[1:])
    for spelling in list(spellings):
        if variant := iy_variant(spelling):
            spellings.append(variant)
    return tuple(dict.fromkeys(spellings))


def search_terms(text: str, normalised: bool = False) -> list[str]:
    """Folded canonical words of a text, as used for shingles: 'Đăng ký' → ['dang', 'ki'].
    With normalised=True the text has already been through `normalize` (faster)."""
    folded = fold_chars(text) if normalised else fold(text)
    return [canonical(word) for word in _TOKEN.findall(folded)]


def split_words(normalised: str) -> list[str]:
    """Lowercase words of text that has already been through `normalize`."""
    return _TOKEN.findall(normalised.lower())


def shingles(terms: Sequence[str]) -> list[str]:
    """Adjacent pairs of terms joined by '_': ['dang', 'ki', 'ket'] → ['dang_ki', 'ki_ket']."""
    return [f"{a}_{b}" for a, b in zip(terms, terms[1:], strict=False)]


# --- lexicon: stopwords, protected words, synonyms --------------------------------------------


def _lines(name: str) -> list[str]:
    lines = (line.strip() for line in _data_text(name).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@cache
def protected_words() -> frozenset[str]:
    """Words that are never stopwords, with diacritics (phrases split into words)."""
    return frozenset(w for line in _lines("protected_words.txt") for w in words(line))


@cache
def stopwords() -> frozenset[str]:
    """Stopwords with diacritics, minus the protected words."""
    return frozenset(w for line in _lines("stopwords.txt") for w in words(line)) - protected_words()


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


@cache
def synonyms() -> tuple[SynonymEntry, ...]:
    """The rows of search/data/synonyms.csv, as lowercase normalised words."""
    rows = csv.DictReader(_data_text("synonyms.csv").splitlines())
    return tuple(
        SynonymEntry(tuple(words(row["term"])), tuple(words(row["expansion"])), row["kind"])
        for row in rows
        if words(row["term"]) and words(row["expansion"])
    )


@cache
def _synonym_index() -> dict[tuple[str, ...], tuple[SynonymEntry, ...]]:
    index: dict[tuple[str, ...], list[SynonymEntry]] = {}
    for entry in synonyms():
        index.setdefault(tuple(map(fold_word, entry.term)), []).append(entry)
    return {key: tuple(entries) for key, entries in index.items()}


@cache
def _longest_phrase() -> int:
    return max(map(len, _synonym_index()), default=1)


def _synonym_matches(typed: tuple[str, ...], folded: tuple[str, ...]) -> list[SynonymEntry]:
    """Entries whose term is the typed words (`folded`: their fold_word); typed marks must agree
    with the entry's marks."""
    entries = _synonym_index().get(folded, ())
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
    return rules + [", ".join(pair) for pair in _iy_pairs(folded)]


def _iy_pairs(folded: bool) -> list[tuple[str, str]]:
    vowels = "i" if folded else _I_VOWELS
    pairs = [(onset + v, onset + _I_TO_Y[v]) for onset in sorted(_IY_ONSETS) for v in vowels]
    return pairs + [("qu" + v, "qu" + _I_TO_Y[v]) for v in vowels]


# --- queries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One typed word: as typed (normalised, lowercase, marks kept) and folded."""

    text: str
    folded: str
    stop: bool

    @classmethod
    def of(cls, text: str) -> "Word":
        return cls(text, fold(text), is_stopword(text))

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

    @property
    def optional(self) -> bool:
        """A lone stopword: it adds to the score but need not match."""
        return not self.expansions and all(word.stop for word in self.words)

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
def parse_query(text: str, max_words: int = 32) -> ParsedQuery:
    """Analyse a query: normalise, split, find lexicon phrases (longest first), mark stopwords."""
    typed = words(text)[:max_words]
    folded = [fold_word(word) for word in typed]
    slots: list[Slot] = []
    position = 0
    longest = _longest_phrase()
    while position < len(typed):
        slot = _slot_at(typed, folded, position, longest)
        slots.append(slot)
        position += len(slot.words)
    ends_open = bool(typed) and text[-1].isalnum()
    prefix = fold(typed[-1]) if ends_open else None
    return ParsedQuery(normalize(text).strip(), tuple(slots), has_diacritics(text), prefix)


def _slot_at(typed: list[str], folded: list[str], position: int, longest: int) -> Slot:
    for size in range(min(longest, len(typed) - position), 0, -1):
        end = position + size
        phrase = tuple(typed[position:end])
        entries = _synonym_matches(phrase, tuple(folded[position:end]))
        if entries:
            expansions = tuple(dict.fromkeys(tuple(map(Word.of, e.expansion)) for e in entries))
            return Slot(tuple(map(Word.of, phrase)), expansions)
    return Slot((Word.of(typed[position]),))


# --- highlighting and corrections -------------------------------------------------------------


@cache
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        folded = fold(chr(code))
        if len(folded) == 1 and folded.isascii():
            table[code] = folded
    return table


def fold_chars(text: str) -> str:
    """`fold` one character for one character, so that offsets still point into `text`: for
    normalised Vietnamese the result equals fold(text). Used to highlight without re-analysing."""
    return text.translate(_fold_table())


class Highlighter:
    """Marks the words of a text whose folded form is one of `terms` (or starts with `prefix`),
    matching one regular expression against the same-length folded copy (`fold_chars`)."""

    def __init__(self, terms: Iterable[str], prefix: str | None = None):
        alternatives = [_pattern_of(t) for t in sorted(set(terms), key=len, reverse=True) if t]
        if prefix:
            alternatives.append(re.escape(prefix) + "[a-z0-9]*")
        body = "|".join(alternatives) or "(?!)"
        # ASCII word boundaries: the folded copy has ASCII letters wherever Vietnamese has letters.
        self._pattern = re.compile(rf"\b(?:{body})\b", re.ASCII)

    def spans(self, folded: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
        return self._pattern.finditer(folded, start, len(folded) if end is None else end)

    def mark(self, text: str, folded: str | None = None, start: int = 0, end: int | None = None):
        """text[start:end], HTML-escaped, with the matched words wrapped in <mark>."""
        folded = fold_chars(text) if folded is None else folded
        end = len(text) if end is None else end
        parts: list[str] = []
        last = start
        for match in self.spans(folded, start, end):
            parts.append(html.escape(text[last : match.start()]))
            parts.append(f"<mark>{html.escape(text[match.start() : match.end()])}</mark>")
            last = match.end()
        parts.append(html.escape(text[last:end]))
        return "".join(parts)

    def snippet(self, text: str, folded: str | None = None, size: int = 200, look: int = 16):
        """About `size` characters around the best of the first `look` matches (the one followed
        by the most distinct matched words), marked; the start of the text if nothing matches."""
        folded = fold_chars(text) if folded is None else folded
        found = []
        for match in self.spans(folded):
            found.append((match.start(), match.group(0)))
            if len(found) >= look:
                break
        if not found:
            return _clip(text, 0, size)
        span = size * 3 // 4
        starts = [at for at, _ in found]

        def distinct_after(i: int) -> tuple[int, int]:
            end = bisect.bisect_left(starts, starts[i] + span, i)
            return (len({word for _, word in found[i:end]}), -i)

        best = max(range(len(found)), key=distinct_after)
        anchor = found[best][0]
        start = text.rfind(" ", 0, max(0, anchor - size // 5)) + 1
        end = min(len(text), start + size)
        if end < len(text) and (space := text.rfind(" ", anchor, end)) > anchor:
            end = space
        fragment = self.mark(text, folded, start, end)
        return ("…" if start else "") + fragment + ("…" if end < len(text) else "")


def _pattern_of(term: str) -> str:
    """A folded term as a regular expression; a number also as written with padding zeros."""
    return "0*" + term if term.isdigit() else re.escape(term)


def _clip(text: str, start: int, size: int) -> str:
    end = min(len(text), start + size)
    if end < len(text) and (space := text.rfind(" ", start, end)) > start:
        end = space
    return html.escape(text[start:end]) + ("…" if end < len(text) else "")


@lru_cache(maxsize=2048)
def highlighter(terms: frozenset[str], prefix: str | None = None) -> Highlighter:
    """A cached Highlighter for folded terms (give every spelling: 'ky' and 'ki')."""
    return Highlighter(terms, prefix)


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


# A Vietnamese syllable once folded: an onset, one to three vowels, a closing consonant.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?"
)
_MOST_SYLLABLES, _MOST_SPLITS, _SPLIT_CHARS = 4, 3, 24


def is_syllable(folded: str) -> bool:
    """Whether a folded word can be one Vietnamese syllable ('khai', 'nghieng'; not 'khaisinh')."""
    return _SYLLABLE.fullmatch(folded) is not None


@lru_cache(maxsize=8192)
def syllable_splits(folded: str) -> tuple[tuple[str, ...], ...]:
    """Ways to read a folded word that is no syllable as two to four syllables typed without
    their spaces, fewest first: 'khaisinh' → (('khai', 'sinh'),), 'oto' → (('o', 'to'),)."""
    if not folded.isalpha() or len(folded) > _SPLIT_CHARS or is_syllable(folded):
        return ()
    found = sorted(_segmentations(folded, _MOST_SYLLABLES), key=len)
    return tuple(found[:_MOST_SPLITS])


def _segmentations(folded: str, most: int) -> Iterator[tuple[str, ...]]:
    """Every reading of `folded` as two to `most` syllables."""
    for end in range(1, len(folded)):
        head, rest = folded[:end], folded[end:]
        if not is_syllable(head):
            continue
        if is_syllable(rest):
            yield (head, rest)
        if most > 2:
            yield from ((head, *tail) for tail in _segmentations(rest, most - 1))


def edits1(word: str) -> set[str]:
    """Folded words one edit away (deletion, transposition, substitution, insertion)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return (deletes | transposes | replaces | inserts) - {word}


def did_you_mean(
    query: ParsedQuery,
    names: Iterable[str],
    max_distance: int = 2,
    known: Callable[[str], bool] | None = None,
) -> str | None:
    """A corrected query: each typed word absent from the candidate names (and, with `known`,
    unknown to the index) replaced by the closest word of those names (ties: the earlier name).
    None when nothing changes."""
    vocabulary: dict[str, str] = {}
    for name in names:
        for word in _TOKEN.findall(normalize(name).lower()):
            vocabulary.setdefault(fold_word(word), word)
    changed = False
    corrected: list[str] = []
    for word in query.words:
        is_known = known is not None and known(word.folded)
        replacement = None if is_known else _closest(word, vocabulary, max_distance)
        changed |= replacement is not None
        corrected.append(replacement or word.text)
    return " ".join(corrected) if changed else None


def _closest(word: Word, vocabulary: dict[str, str], max_distance: int) -> str | None:
    folded = canonical(word.folded)
    if folded in vocabulary or word.stop or len(folded) < 3 or folded.isdigit():
        return None
    best, best_distance = None, max_distance + 1
    for known in vocabulary:
        if abs(len(known) - len(folded)) < best_distance:
            distance = edit_distance(folded, known)
            if distance < best_distance:
                best, best_distance = known, distance
    if best is None:
        return None
    return vocabulary[best] if word.text != word.folded else best
