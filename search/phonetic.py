"""A phonetic key per syllable, so that regional spellings find the word they stand for.

Across regions the same syllable is heard (and so typed) several ways. The key merges, on a
folded canonical syllable: the onsets s/x, ch/tr, d/gi/r/v (not đ, when marks tell it apart),
and l/n (n alone, not ng or nh); the finals n/ng and c/t; i/y (already one in
`text.canonical`). "xổ số" and "sổ số", "chồng"
and "trồng", "giấy" and "dấy", "lăn" and "lăng" get one key. Both engines index the keys of a
name (and their adjacent pairs) in a field of their own, scored below the folded words, so that
exact and folded matches still rank first. A word typed with marks is looked up by its key with
its tone (`toned_key`, hỏi and ngã as one), and its marked spelling also with hỏi and ngã
swapped (`tone_variant`).
"""

import re
import unicodedata
from functools import lru_cache

from search import query as qy
from search import spelling as sp
from search import text as vi

_PARTS = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?([a-z]+)")
_ONSETS = {"s": "x", "tr": "ch", "n": "l", "d": "z", "gi": "z", "r": "z", "v": "z"}
_FINALS = (("ng", "n"), ("c", "t"))
_HOI, _NGA = "\u0309", "\u0303"
# Tone marks once decomposed: sắc, huyền, hỏi and ngã (one: they are told apart by few), nặng.
_TONES = {"\u0301": "1", "\u0300": "2", _HOI: "3", _NGA: "3", "\u0323": "4"}


@lru_cache(maxsize=65536)
def key(folded: str) -> str:
    """The phonetic key of one folded canonical word: 'trong' → 'chon', 'giay' → 'zay'."""
    match = _PARTS.fullmatch(folded)
    if match is None or not sp.is_syllable(folded):
        return folded
    onset, rest = match.group(1) or "", match.group(2)
    if onset == "gi" and not any(vowel in rest for vowel in "aeiouy"):
        rest = "i" + rest  # "gìn": the i of "gi" is the vowel
    elif onset == "g" and rest.startswith("i"):
        onset = "gi"  # "gì"
    onset = _ONSETS.get(onset, onset)
    if not rest.endswith("ch"):  # "ách" stays: only a final c is heard as t
        for final, merged in _FINALS:
            if rest.endswith(final):
                rest = rest[: -len(final)] + merged
                break
    return onset + rest


@lru_cache(maxsize=65536)
def toned_key(word: str) -> str:
    """The key of a word typed with its marks, with its tone, hỏi and ngã as one: 'trú' →
    'chu1', 'sữa' and 'sửa' → 'xua3'. Used for words typed with marks, so that "bán" does not
    find "bằng" (the same key once toneless)."""
    tone = next((_TONES[c] for c in unicodedata.normalize("NFD", word) if c in _TONES), "0")
    return marked_key(word) + tone


def marked_key(word: str) -> str:
    """The toneless key of a word written with its marks: đ is no d/gi/r/v ('địa' → 'đia',
    'vỉa' → 'zia'), a difference that folding loses."""
    folded = key(vi.fold_word(word))
    return "đ" + folded[1:] if word.startswith("đ") and folded.startswith("z") else folded


def name_keys(name: str) -> list[str]:
    """What a name (through `text.normalize`) indexes: the key of each word, toneless and with
    its tone, then the adjacent pairs of folded keys ('tam_chu'; there đ and d are one, as
    typed without marks)."""
    marked = vi.split_words(vi.unpad_numbers(name))
    toneless = [marked_key(word) for word in marked]
    toned = [toned_key(word) for word in marked if sp.is_syllable(vi.fold_word(word))]
    return toneless + toned + vi.shingles([key(vi.fold_word(word)) for word in marked])


def tone_variant(word: str) -> str | None:
    """The word with hỏi and ngã swapped ('sữa' → 'sửa'), or None when it has neither."""
    decomposed = unicodedata.normalize("NFD", word)
    if _HOI not in decomposed and _NGA not in decomposed:
        return None
    swapped = decomposed.translate({ord(_HOI): _NGA, ord(_NGA): _HOI})
    return unicodedata.normalize("NFC", swapped)


def heard_as(word: qy.Word) -> list[str]:
    """The keys to look up for a typed word: with its tone when typed with marks, else the
    toneless keys of its spellings."""
    if word.text != word.folded:
        return [toned_key(word.text)]
    keys = [key(vi.canonical(spelling)) for spelling in word.spellings]
    if word.folded.startswith("d"):  # typed without marks, "d" may be "đ"
        keys += ["đ" + found[1:] for found in keys if found.startswith("z")]
    return list(dict.fromkeys(keys))


def pair_keys(parsed: qy.ParsedQuery) -> list[str]:
    """Adjacent pairs of the toneless keys of the typed words ('tam_chu')."""
    return list(dict.fromkeys(vi.shingles([key(term) for term in parsed.terms()])))
