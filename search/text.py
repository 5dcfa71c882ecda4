"""Vietnamese text handling shared by both search backends and the seed importer.

Every stored name and text goes through `normalize` (NFC, ð→đ, new-style tone placement:
hoá→hóa, uỷ→ủy). The engines then fold it themselves (lowercase, đ→d, ASCII folding) and also
keep a lowercased copy with diacritics; `shingles` gives the adjacent-syllable pairs, spelled with
`canonical` so that i/y variants (ký/kí, sĩ/sỹ, quy/qui) are one. Numbers are one word with or
without padding zeros (`unpad_numbers`). `fold_chars` folds one character for one, so that
offsets into the folded copy still point into the text (for highlighting).
"""

import json
import re
import unicodedata
from collections.abc import Sequence
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


@cache
def _tone_rules() -> tuple[dict[str, str], dict[str, str]]:
    data = json.loads(data_text("tone_rules.json"))
    return data["character"], data["token"]


def data_text(name: str) -> str:
    """A file of search/data, as text."""
    return resources.files("search").joinpath("data", name).read_text("utf-8")


def normalize(text: str) -> str:
    """NFC, ð→đ, and old-style tone placement rewritten to the new style (hoá→hóa, uỷ→ủy)."""
    characters, tokens = _tone_rules()
    text = unicodedata.normalize("NFC", text)
    for old, new in characters.items():
        text = text.replace(old, new)
    # Most texts hold none of the old spellings: find the words that need rewriting first, and
    # rewrite only those (each a whole run of word characters, as the words are found).
    rewritten = tokens.keys() & set(_WORD.findall(text))
    if not rewritten:
        return text
    return _whole_words(frozenset(rewritten)).sub(lambda m: tokens[m.group(0)], text)


@lru_cache(maxsize=4096)
def _whole_words(words: frozenset[str]) -> re.Pattern:
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


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


def iy_pairs(folded: bool) -> list[tuple[str, str]]:
    """Every i/y pair of syllables (kí, ký), folded or with each tone."""
    vowels = "i" if folded else _I_VOWELS
    pairs = [(onset + v, onset + _I_TO_Y[v]) for onset in sorted(_IY_ONSETS) for v in vowels]
    return pairs + [("qu" + v, "qu" + _I_TO_Y[v]) for v in vowels]


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
