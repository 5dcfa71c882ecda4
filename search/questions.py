"""The scaffolding of a question or a sentence, found in what a citizen typed.

"cho tôi hỏi đăng ký kết hôn cần những giấy tờ gì" asks for "đăng ký kết hôn": the phrases of
search/data/question_words.txt ("cho tôi hỏi", "cần những giấy tờ gì", "có phải … không") are
left out of the query, and its [optional] words ("thủ tục", "hồ sơ") need not match; its
[scored] words ("xin": names say "cấp", "đăng ký") need not match either, but score where a
text says them. A phrase matches once folded, and must agree with its marks when typed with
marks ("bao" is not "bảo"); a one-word phrase matches only as typed with its marks.
A phrase is kept when a protected phrase of protected_words.txt overlaps it without lying inside
it ("làm sao y bản chính": "sao y" is a certified copy), or when nothing would be left.
"""

from dataclasses import dataclass
from functools import cache

from search import lexicon as lx
from search import text as vi

_ELLIPSIS = "…"


@dataclass(frozen=True)
class Phrase:
    """A scaffolding phrase (folded canonical words), where it may stand, and its marked words."""

    folded: tuple[str, ...]
    marked: tuple[str, ...]
    at_end: bool = False
    closer: "Phrase | None" = None


@dataclass(frozen=True)
class Scaffolding:
    """Positions of the typed words to leave out, of those that need not match, and of those
    that need not match but score (`scored`)."""

    removed: frozenset[int]
    optional: frozenset[int]
    scored: frozenset[int] = frozenset()


def _phrase(text: str, at_end: bool = False) -> Phrase:
    marked = tuple(vi.canonical(word) for word in vi.words(text))
    return Phrase(tuple(vi.fold_word(word) for word in marked), marked, at_end)


@cache
def phrases() -> tuple[tuple[Phrase, ...], tuple[Phrase, ...], tuple[Phrase, ...]]:
    """The scaffolding phrases, the optional ones and the scored ones, longest first."""
    removed: list[Phrase] = []
    sections: dict[str, list[Phrase]] = {"[optional]": [], "[scored]": []}
    target = removed
    for line in lx.data_lines("question_words.txt"):
        if line in sections:
            target = sections[line]
        elif line.startswith(_ELLIPSIS):
            target.append(_phrase(line[1:], at_end=True))
        elif _ELLIPSIS in line:
            opener, closer = line.split(_ELLIPSIS, 1)
            target.append(Phrase(**vars(_phrase(opener)) | {"closer": _phrase(closer, True)}))
        else:
            target.append(_phrase(line))
    by_length = lambda phrase: -len(phrase.folded)  # noqa: E731
    removed_phrases = tuple(sorted(removed, key=by_length))
    optional = tuple(sorted(sections["[optional]"], key=by_length))
    return removed_phrases, optional, tuple(sorted(sections["[scored]"], key=by_length))


@cache
def protected_phrases() -> tuple[Phrase, ...]:
    """Phrases of protected_words.txt of two words or more ("sao y", "trẻ em")."""
    found = (_phrase(line) for line in lx.data_lines("protected_words.txt"))
    return tuple(phrase for phrase in found if len(phrase.folded) > 1)


def find(typed: list[str], folded: list[str]) -> Scaffolding:
    """The scaffolding of a query: `typed` its lowercase normalised words, `folded` their
    `text.fold_word`s."""
    canonical = [vi.canonical(word) for word in typed]
    protected = [span for p in protected_phrases() for span in _spans(p, canonical, folded)]
    removable, optional_phrases, scored_phrases = phrases()
    removed = _cover(removable, canonical, folded, protected)
    if len(removed) == len(typed):
        removed = set()
    optional = _cover(optional_phrases, canonical, folded, protected) - removed
    scored = _cover(scored_phrases, canonical, folded, protected) - removed - optional
    return Scaffolding(frozenset(removed), frozenset(optional), frozenset(scored))


def _cover(
    candidates: tuple[Phrase, ...], canonical: list[str], folded: list[str], protected: list
) -> set[int]:
    """Positions covered by the phrases (longest first, not overlapping a protected span)."""
    covered: set[int] = set()
    for phrase in candidates:
        for start, end in _spans(phrase, canonical, folded):
            if _crosses(start, end, protected) or covered & set(range(start, end)):
                continue
            if phrase.closer is not None:
                closer = _spans(phrase.closer, canonical, folded, alone=False)
                closing = [span for span in closer if span[0] >= end]
                if not closing:
                    continue
                covered.update(range(*closing[0]))
            covered.update(range(start, end))
    return covered


def _spans(
    phrase: Phrase, canonical: list[str], folded: list[str], alone: bool = True
) -> list[tuple[int, int]]:
    """Where the phrase stands in the query: (start, end) positions; `alone` is False for the
    closer of an opener already found."""
    size = len(phrase.folded)
    starts = range(len(folded) - size, -1, -1) if phrase.at_end else range(len(folded) - size + 1)
    found = []
    for start in starts:
        end = start + size
        typed = canonical[start:end]
        if tuple(folded[start:end]) == phrase.folded and _marks_agree(phrase, typed, alone):
            found.append((start, end))
        if phrase.at_end:
            break
    return found


def _marks_agree(phrase: Phrase, typed: list[str], alone: bool) -> bool:
    """Typed without marks, a phrase matches once folded; typed with marks, word for word. A
    one-word phrase matches only with its marks: once folded, "vậy" is "vay" (a loan), "tôi"
    is "tới", "mình" is "minh" (chứng minh)."""
    if (len(phrase.folded) > 1 or not alone) and not vi.has_diacritics(" ".join(typed)):
        return True
    return tuple(typed) == phrase.marked


def _crosses(start: int, end: int, protected: list[tuple[int, int]]) -> bool:
    """Whether a protected span overlaps [start, end) without lying inside it."""
    return any(s < end and start < e and not (start <= s and e <= end) for s, e in protected)
