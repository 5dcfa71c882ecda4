"""Spelling correction: "did you mean" from the words of candidate names, and the folded words
one edit away from a typed word.
"""

from collections.abc import Callable, Iterable

from search.query import ParsedQuery, Word
from search.text import canonical, fold_word, normalize, split_words

_ALPHABET = "abcdeghiklmnopqrstuvxy0123456789"


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
        for word in split_words(normalize(name)):
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
