"""A paper asked for the first time, or again: what a query asks, and what a procedure does.

"làm chứng minh thư", "xin giấy phép", "đăng ký kết hôn" ask for a paper (`FIRST`): procedures
whose name issues it ("Cấp thẻ căn cước", "Đăng ký, cấp biển số xe lần đầu") rank above those
that reissue, renew, change or withdraw it ("Cấp lại", "Cấp đổi", "Gia hạn", "Thu hồi"). A query
with a word of reissue or change ("mất cmnd làm lại", "đổi bằng lái", "gia hạn tạm trú") asks
`AGAIN`: those procedures rank first. A query with neither, or naming another action ("xóa đăng
ký thường trú"), ranks as it matches. Both engines multiply the score of a procedure of the kind
the query asks for by BOOST (a ranking rule, not a filter: every match still matches).

The words are search/data/issuance_words.txt. A name is read clause by clause (between , ; /,
leaving out what stands in parentheses): a clause opening with an [again] phrase, or with a
[first] phrase and then an [again] one ("Cấp lại", "Đăng ký thay đổi"), reissues or changes;
one opening with a [first] phrase ("Cấp", "Đăng ký") issues, unless a [neither] phrase
follows ("Đăng ký tạm ngừng") or a [level] word ("cấp tỉnh", "cấp III"). A name that says an
[again anywhere] phrase ("trong trường hợp thay đổi chủ xe") reissues or changes, and then issues
only if one of its clauses says so too ("Cấp, cấp lại Phù hiệu": both); one that says a [first
anywhere] phrase ("lần đầu") issues, unless a clause reissues.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from search import lexicon as lx
from search import phonetic
from search import text as vi
from search.query import ParsedQuery

FIRST, AGAIN = "first", "again"
KINDS = (FIRST, AGAIN)
BOOST = 1.3  # the score of a procedure of the kind asked for is multiplied by this
_CLAUSES = re.compile(r"[,;/]")
_NOTES = re.compile(r"\([^)]*\)")
_ELLIPSIS = "…"


@dataclass(frozen=True)
class Phrase:
    """A line of issuance_words.txt: its canonical words with their marks, and folded;
    `opening` when it must open the query (the line ends in "…")."""

    marked: tuple[str, ...]
    folded: tuple[str, ...]
    opening: bool = False


def _phrase(line: str) -> Phrase:
    marked = tuple(vi.canonical(word) for word in vi.words(line))
    folded = tuple(vi.fold_word(word) for word in marked)
    return Phrase(marked, folded, line.endswith(_ELLIPSIS))


@cache
def sections() -> dict[str, tuple[Phrase, ...]]:
    """The phrases of each [section], longest first."""
    found: dict[str, list[Phrase]] = {}
    current: list[Phrase] | None = None
    for line in lx.data_lines("issuance_words.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = found.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(_phrase(line))
    longest = lambda phrase: -len(phrase.marked)  # noqa: E731
    return {name: tuple(sorted(group, key=longest)) for name, group in found.items()}


def asked(parsed: ParsedQuery) -> str | None:
    """What the query asks: AGAIN when it says a word of reissue or change, else FIRST when it
    says a word of asking ("làm", "xin", "cấp", "đăng ký") and no other action, else None."""
    return _asked(tuple(word.text for word in parsed.words))


@lru_cache(maxsize=4096)
def _asked(typed: tuple[str, ...]) -> str | None:
    marked = [vi.canonical(word) for word in typed]
    folded = [vi.fold_word(word) for word in typed]
    said = {name for name in ("first", "again", "neither") if _typed(name, marked, folded)}
    if "again" in said:
        return AGAIN
    if "first" in said and "neither" not in said:
        return FIRST
    return None


def _typed(section: str, marked: list[str], folded: list[str]) -> bool:
    """Whether the query says a phrase of the section (a [first] one not before a [level]
    word: "cấp tỉnh" is a tier)."""
    for phrase in sections().get(section, ()):
        for start in range(1 if phrase.opening else len(marked)):
            if _says(phrase, marked, folded, start) and not (
                section == "first" and _said("level", marked, folded, start + len(phrase.marked))
            ):
                return True
    return False


def _said(section: str, marked: list[str], folded: list[str], start: int) -> bool:
    return any(_says(phrase, marked, folded, start) for phrase in sections().get(section, ()))


def _says(phrase: Phrase, marked: list[str], folded: list[str], start: int) -> bool:
    """Whether the query says the phrase at `start`: with its marks when typed with marks;
    typed without, a phrase of several words once folded, a word only as written. A phrase of
    several words may also be heard (search/phonetic.py: "cấp nại" for "cấp lại")."""
    size = len(phrase.marked)
    typed = marked[start : start + size]
    if len(typed) < size:
        return False
    if size == 1:
        return tuple(typed) == phrase.marked
    if vi.has_diacritics(" ".join(typed)):
        heard = [phonetic.toned_key(word) for word in typed]
        return tuple(typed) == phrase.marked or heard == _heard(phrase, toned=True)
    unmarked = folded[start : start + size]
    heard = [phonetic.key(word) for word in unmarked]
    return tuple(unmarked) == phrase.folded or heard == _heard(phrase, toned=False)


@lru_cache(maxsize=1024)
def _heard(phrase: Phrase, toned: bool) -> list[str]:
    if toned:
        return [phonetic.toned_key(word) for word in phrase.marked]
    return [phonetic.key(word) for word in phrase.folded]


@lru_cache(maxsize=65536)
def name_kinds(name: str) -> frozenset[str]:
    """What a procedure does with a paper, read from its name: FIRST (issues it), AGAIN
    (reissues, renews, changes or withdraws it), both, or neither."""
    text = vi.normalize(name).lower()
    actions = {_opening(clause) for clause in _CLAUSES.split(_NOTES.sub(" ", text))}
    said = [vi.canonical(word) for word in vi.split_words(text)]
    again = AGAIN in actions or _anywhere("again anywhere", said)
    first = FIRST in actions and (AGAIN in actions or not again)
    first = first or (AGAIN not in actions and _anywhere("first anywhere", said))
    return frozenset(kind for kind, found in ((FIRST, first), (AGAIN, again)) if found)


def _opening(clause: str) -> str | None:
    """What a clause of a name opens with: AGAIN, FIRST or None."""
    words = [vi.canonical(word) for word in vi.split_words(clause)]
    if words[:2] == ["thủ", "tục"]:
        words = words[2:]
    if _starts("again", words):
        return AGAIN
    size = _starts("first", words)
    if not size or _starts("neither", words[size:]) or _starts("level", words[size:]):
        return None
    return AGAIN if _starts("again", words[size:]) else FIRST


def _starts(section: str, words: list[str]) -> int:
    """The length of the section's longest phrase the words start with (0: none)."""
    for phrase in sections().get(section, ()):
        if tuple(words[: len(phrase.marked)]) == phrase.marked:
            return len(phrase.marked)
    return 0


def _anywhere(section: str, words: list[str]) -> bool:
    for phrase in sections().get(section, ()):
        size = len(phrase.marked)
        if any(tuple(words[i : i + size]) == phrase.marked for i in range(len(words) - size + 1)):
            return True
    return False
