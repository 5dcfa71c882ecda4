"""Recognising a life event in what a citizen typed: its phrases, folded, as whole words.

Words that only say who is speaking or when (tôi, mình, của, đang, ...) are dropped from both
sides, so "bố tôi mất" holds the phrase "bố mất": with their tone marks, and without them only
those that fold to no other word that matters ("roi" may be "rơi", "dang" "đăng"). The longest
phrase found wins (ties: the first event).
"""

import re
from dataclasses import dataclass

from search.text import fold, normalize

FILLER_WORDS = frozenset({"tôi", "mình", "tớ", "tao", "của", "đang", "đã", "rồi", "ạ", "nhé", "ơi"})
FOLDED_FILLER_WORDS = frozenset({"toi", "minh", "nhe"})


def words(text: str) -> tuple[str, ...]:
    """The words that matter, folded."""
    kept = [w for w in re.findall(r"\w+", normalize(text).lower()) if w not in FILLER_WORDS]
    folded = (fold(w) for w in kept)
    return tuple(w for w in folded if w and w not in FOLDED_FILLER_WORDS)


@dataclass(frozen=True)
class Matcher:
    """Every event's phrases as word tuples, longest first."""

    phrases: tuple[tuple[tuple[str, ...], str], ...]

    @classmethod
    def of(cls, events: list[tuple[str, list[str]]]) -> "Matcher":
        pairs = [(words(p), code) for code, phrases in events for p in phrases]
        pairs = [(w, code) for w, code in pairs if w]
        return cls(tuple(sorted(pairs, key=lambda pair: -len(pair[0]))))

    def match(self, query: str) -> str | None:
        """The code of the event whose longest phrase the query holds, or None."""
        typed = words(query)
        for phrase, code in self.phrases:
            if _contains(typed, phrase):
                return code
        return None


def _contains(typed: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(typed[i : i + n] == phrase for i in range(len(typed) - n + 1))
