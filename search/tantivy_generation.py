"""One process's view of one committed state of a Tantivy index: its searcher, the result,
facet and vocabulary caches, and the in-memory name index used by `suggest`."""

import tantivy
from tantivy import Query

from search import tantivy_queries as tq
from search.correction import edits1
from search.memo import Memo
from search.suggest import NameIndex
from search.tantivy_store import LABEL_SEPARATOR

CACHE_SIZE = 512


class Generation:
    """One process's view of one committed state of the index, with its caches."""

    def __init__(self, index: tantivy.Index, token: tuple, names_version: int = 0):
        self.index = index
        self.token = token
        self.names_version = names_version
        self.searcher = index.searcher()
        self.count = self.searcher.num_docs
        self.results = Memo(CACHE_SIZE)
        self.facets = Memo(CACHE_SIZE)
        self.names: NameIndex | None = None
        self._words = Memo(CACHE_SIZE * 8)

    # Vocabulary protocol for the query builder.
    def known(self, folded: str) -> bool:
        def lookup() -> bool:
            s = self.searcher
            return bool(s.doc_freq("name_folded", folded) or s.doc_freq("text", folded))

        return self._words.get_or(("known", folded), lookup)

    def vouched(self, folded: str) -> bool:
        def lookup() -> bool:
            s = self.searcher
            return bool(s.doc_freq("name_folded", folded)) or (
                s.doc_freq("text", folded) > tq.RARE_TEXTS
            )

        return self._words.get_or(("vouched", folded), lookup)

    def text_ratio(self, folded: str) -> float:
        def ratio() -> float:
            return self.searcher.doc_freq("text", folded) / max(1, self.count)

        return self._words.get_or(("ratio", folded), ratio)

    def corrections(self, folded: str) -> list[str]:
        def nearest() -> list[str]:
            s = self.searcher
            scored = [
                (s.doc_freq("name_folded", c), s.doc_freq("text", c), c) for c in edits1(folded)
            ]
            near = sorted((item for item in scored if item[0] or item[1]), reverse=True)
            return [c for _, _, c in near[:3]]

        return self._words.get_or(("corrections", folded), nearest)

    def pair_known(self, pair: str) -> bool:
        def lookup() -> bool:
            s = self.searcher
            return bool(s.doc_freq("name_pairs", pair) or s.doc_freq("text_pairs", pair))

        return self._words.get_or(("pair", pair), lookup)

    def completions(self, prefix: str, after: tuple[str, ...] = ()) -> list[str]:
        def complete() -> list[str]:
            context = None
            if after:
                terms = [Query.term_query(self.index.schema, "name_folded", a) for a in after]
                context = tq.any_of(terms)
            found = self.searcher.terms_with_prefix(
                "name_folded", prefix, filter_query=context, limit=tq.MAX_COMPLETIONS
            )
            return [term for term, _ in found]

        return self._words.get_or(("completions", prefix, after), complete)

    def name_index(self) -> NameIndex:
        if self.names is None:
            labels = self.searcher.terms_with_prefix("label", "", filter_query=Query.all_query())
            self.names = NameIndex(tuple(label.split(LABEL_SEPARATOR, 1)) for label, _ in labels)
        return self.names
