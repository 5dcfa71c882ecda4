"""Highlighting: the words of a text that a query matched, marked in the whole text or a snippet."""

import bisect
import html
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from search.text import fold_chars


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
