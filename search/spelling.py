"""How a typed word may be spelled: i/y variants, letters typed on keyboards without
Vietnamese input (f→ph, j→gi, z→d) and words typed without their spaces ("khaisinh").
"""

import re
from collections.abc import Iterator
from functools import lru_cache

from search.text import iy_variant

# Letters Vietnamese does not use, typed for the sound they stand for.
_TYPED_FOR = {"f": "ph", "j": "gi", "z": "d"}


def spelling_variants(folded: str) -> tuple[str, ...]:
    """Folded spellings to look up for one folded word: itself, i/y and f→ph, j→gi, z→d."""
    spellings = [folded]
    if folded[:1] in _TYPED_FOR and len(folded) > 1:
        spellings.append(_TYPED_FOR[folded[0]] + folded[1:])
    for spelling in list(spellings):
        if variant := iy_variant(spelling):
            spellings.append(variant)
    return tuple(dict.fromkeys(spellings))


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
