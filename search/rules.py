"""Search rules that administrators edit while the service runs: synonyms and best bets.

Both are applied at query time, so an edit changes the next search in every process, on either
backend, with no restart and no re-index: a `SearchRules` goes with each `SearchQuery`.
- A synonym (term → expansion) is one more lexicon row: the term, typed with or without its
  marks, also matches as the expansion (as the rows of search/data/synonyms.csv do).
- A best bet pins procedures to a query: when what was typed, its question scaffolding left out
  and folded, is the bet's query, those procedures match and come first, in the bet's order
  (as GOV.UK's best bets and Typesense's curations do); filters still apply.
`key` digests the rules, so that caches of answers never mix two sets of rules.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence

from search import lexicon as lx
from search import query as qy
from search import text as vi


class SearchRules:
    """Administrators' synonyms and best bets, ready for `text.parse_query` and the engines."""

    def __init__(
        self,
        synonyms: Iterable[tuple[str, str]] = (),
        best_bets: Iterable[tuple[str, Sequence[str]]] = (),
    ):
        synonyms = sorted({(term, expansion) for term, expansion in synonyms})
        bets = sorted((query, tuple(codes)) for query, codes in best_bets)
        entries = [_entry(term, expansion) for term, expansion in synonyms]
        index = lx.index_synonyms([*lx.synonyms(), *(e for e in entries if e is not None)])
        self.lexicon = lx.Lexicon(index)
        self.pins: dict[tuple[str, ...], tuple[str, ...]] = {}
        for query, codes in bets:
            self.pins.setdefault(query_key(query), tuple(dict.fromkeys(codes)))
        digest = json.dumps([synonyms, bets], ensure_ascii=False).encode()
        self.key = hashlib.sha1(digest).hexdigest()

    def parse(self, text: str) -> qy.ParsedQuery:
        """The query with the administrators' synonyms as lexicon rows."""
        return qy.parse_query(text, lexicon=self.lexicon)

    def pinned(self, parsed: qy.ParsedQuery) -> tuple[str, ...]:
        """The codes a best bet pins to this query, in order (none when no bet is its query)."""
        return self.pins.get(tuple(parsed.terms()), ())


def query_key(text: str) -> tuple[str, ...]:
    """How a best bet's query and a typed query are compared: folded canonical words, the
    scaffolding of a question left out ("sổ đỏ ở đâu" is "so do")."""
    return tuple(qy.parse_query(text).terms())


def _entry(term: str, expansion: str) -> lx.SynonymEntry | None:
    words, expanded = tuple(vi.words(term)), tuple(vi.words(expansion))
    if not words or not expanded:
        return None
    return lx.SynonymEntry(words, expanded, "rule", added=True)
