"""Typos that make another real syllable, corrected against the syllable pairs names hold.

"dang ky ket hong" has no unknown word ("hong" is a word of names), so looking words up one by
one finds no typo; but the pair "ket hong" is in no name, while "ket hon", one edit away, is. Each
adjacent pair of typed words is therefore also looked up, one edit away, among the adjacent pairs
of the names (the engines' shingle fields), as an alternative for both of its words, scored
below the words themselves.
"""

from search import query as qy
from search import text as vi

MIN_PAIR_CHARS = 5  # "o to" is too short to correct: too many pairs are one edit away


def neighbour_pairs(parsed: qy.ParsedQuery) -> dict[qy.Word, list[str]]:
    """For each typed word that must match, the adjacent pairs it forms with the words beside
    it ('ket_hong'), canonical folded and joined by '_' as in the pair fields."""
    words = [slot.words[0] for slot in parsed.slots if len(slot.words) == 1 and not slot.optional]
    found: dict[qy.Word, list[str]] = {}
    for left, right in zip(words, words[1:], strict=False):
        if left.folded.isdigit() or right.folded.isdigit():
            continue
        pair = vi.shingles([vi.canonical(left.folded), vi.canonical(right.folded)])[0]
        if len(pair) > MIN_PAIR_CHARS:
            found.setdefault(left, []).append(pair)
            found.setdefault(right, []).append(pair)
    return found
