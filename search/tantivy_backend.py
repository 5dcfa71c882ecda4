"""The embedded default backend: a Tantivy index on disk, no server.

Safe with several worker processes: writes take the store's fcntl lock, commit, and release the
tantivy writer at once; each process opens the index lazily (also after a fork), and before every
call checks with two stat() calls whether CURRENT or the generation's meta.json changed, reloading
its searcher and dropping its caches when they did. Per searcher it caches results, facet counts,
the vocabulary look-ups of the query builder and the in-memory name index used by `suggest`; the
name index is carried over to the next searcher unless a write added, renamed or removed a
procedure (the store's NAMES counter), so that maturity changes do not rebuild it.

An index this process has read or written that is then gone (its folder deleted), unreadable
(CURRENT, meta.json) or failing its checksums (`verify`) is IndexDamaged: never silently
replaced by an empty one, so that the application rebuilds it from its database. Every engine
error, panics included (pyo3's PanicException is a BaseException), is a SearchError.
"""

import contextlib
import json
import logging
import os
import threading
from collections.abc import Iterable
from pathlib import Path

import tantivy
from tantivy import Occur, Order, Query

from search import tantivy_queries as tq
from search.base import (
    FACETS,
    STORED_FIELDS,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    clean_document,
    facet_key,
)
from search.correction import did_you_mean
from search.errors import IndexDamaged, SearchError, SearchUnavailable
from search.highlight import Highlighter, highlighter
from search.query import ParsedQuery
from search.spelling import spelling_variants
from search.tantivy_generation import Generation
from search.tantivy_store import FACET_FIELDS, SCHEMA_VERSION, IndexStore, to_tantivy
from search.text import normalize

log = logging.getLogger(__name__)

_SNIPPET_CHARS = 200


class TantivyBackend(SearchBackend):
    """Search backend over a Tantivy index stored in `index_dir`."""

    name = "tantivy"

    def __init__(self, index_dir: str | os.PathLike, lock_timeout: float = 30.0):
        self.store = IndexStore(index_dir, lock_timeout=lock_timeout)
        self.schema = self.store.schema
        self._lock = threading.RLock()
        self._generation: Generation | None = None
        self._pid = os.getpid()
        self._seen = False  # an index was read or written here: its absence is damage

    # --- reading -----------------------------------------------------------------------------

    def _current(self) -> Generation:
        with self._lock, _engine_errors(IndexDamaged, "the search index cannot be read"):
            generation = self._refresh()
            self._seen = True
            return generation

    def _refresh(self) -> Generation:
        current = self.store.current()
        if current is None and self._seen:
            raise IndexDamaged(f"the search index is gone from {self.store.root}")
        if current is None or current.get("schema_version") != SCHEMA_VERSION:
            current = self.store.ensure()
        path = Path(self.store.root, current["generation"])
        try:
            meta = os.stat(path / "meta.json")
        except FileNotFoundError:
            raise IndexDamaged(f"the search index generation {path.name} is gone") from None
        token = (current["generation"], meta.st_ino, meta.st_mtime_ns, meta.st_size)
        previous = self._generation if self._pid == os.getpid() else None
        if previous is not None and previous.token == token:
            return previous
        if previous is not None and previous.token[0] == token[0]:
            index = previous.index
            index.reload()
        else:
            index = self.store.open(current["generation"])
            index.config_reader(reload_policy="manual")
            index.reload()
        generation = Generation(index, token, self.store.names_version())
        if previous is not None and previous.names_version == generation.names_version:
            generation.names = previous.names  # only levels or texts changed: keep the names
        self._pid = os.getpid()
        self._generation = generation
        return generation

    def count(self) -> int:
        return self._current().searcher.num_docs

    def health(self) -> bool:
        try:
            self.verify()
            return True
        except SearchError as error:  # health never raises
            log.warning("tantivy search index is not healthy: %s", error)
            return False

    def verify(self) -> None:
        """IndexDamaged when the index is gone, unreadable or fails its checksums."""
        generation = self._current()
        self.store.verify(generation.token[0])

    def search(self, query: SearchQuery) -> SearchResult:
        generation = self._current()
        key = query.cache_key()
        cached = generation.results.get(key)
        if cached is None:
            # tantivy reports I/O and index errors as ValueError, damaged files as panics
            with _engine_errors(SearchUnavailable, "tantivy search failed"):
                cached = self._search(generation, query)
            generation.results.put(key, cached)
        return cached.copy()

    def _search(self, generation: Generation, query: SearchQuery) -> SearchResult:
        parsed = query.parsed()
        filters = query.active_filters()
        clauses = tq.filters_query(self.schema, filters)
        if parsed.slots:
            built, found = self._ranked(generation, parsed, clauses, query)
            core = built.core
        else:
            built, core = None, Query.all_query()
            found = generation.searcher.search(
                _with_filters(core, clauses),
                query.page_size,
                offset=query.offset,
                order_by_field="code",
                order=Order.Asc,
            )
        hits = self._hits(generation, found.hits, built)
        facets = self._facets(generation, query, core, filters)
        suggestion = None
        if found.count == 0 and parsed.slots:
            suggestion = self._did_you_mean(generation, parsed)
        return SearchResult(found.count, hits, facets, suggestion)

    def _ranked(
        self, generation: Generation, parsed: ParsedQuery, clauses: list, query: SearchQuery
    ):
        """The built query and its page of hits; relaxed when the query as typed finds nothing
        and relaxing needs fewer words."""

        pinned = query.pinned(parsed)
        weight = tq.weight(parsed, pinned)

        def page(built: tq.BuiltQuery):
            final = _with_filters(built.scored, clauses)
            return generation.searcher.search(
                final, query.page_size, offset=query.offset, weight_by_field=weight
            )

        built = tq.build(self.schema, parsed, generation, pinned=pinned)
        found = page(built)
        if found.count == 0:
            relaxed = tq.build(self.schema, parsed, generation, relaxed=True, pinned=pinned)
            if relaxed.minimum < built.minimum:
                built, found = relaxed, page(relaxed)
        return built, found

    def _hits(self, generation: Generation, found: list, built: tq.BuiltQuery | None) -> list:
        searcher = generation.searcher
        marker = _highlighter(built)
        hits = []
        for score, address in found:
            stored = searcher.doc(address)
            document = json.loads(stored.get_first("payload"))
            body = (stored.get_first("excerpt") or b"").decode()
            folded = (stored.get_first("excerpt_folded") or b"").decode()
            hits.append(
                SearchHit(
                    code=document["code"],
                    score=float(score),
                    document={key: document.get(key) for key in STORED_FIELDS},
                    highlight={
                        "name": marker.mark(document["name"]),
                        "text": marker.snippet(body, folded, _SNIPPET_CHARS),
                    },
                )
            )
        return hits

    def _facets(self, generation, query: SearchQuery, core: Query, filters: dict) -> dict:
        key = query.matching_key()
        counts = generation.facets.get_or(
            key, lambda: self._count_facets(generation.searcher, core, filters)
        )
        return {name: dict(values) for name, values in counts.items()}

    def _count_facets(self, searcher, core: Query, filters: dict) -> dict:
        """Disjunctive counts: one aggregation for the unfiltered facets, one per filtered one."""
        groups: list[tuple[list[str], dict]] = [([f for f in FACETS if f not in filters], filters)]
        for name in filters:
            groups.append(([name], {k: v for k, v in filters.items() if k != name}))
        counts: dict[str, dict[str, int]] = {}
        for names, applied in groups:
            if not names:
                continue
            aggregations = {
                name: {"terms": {"field": FACET_FIELDS[name], "size": 1000}} for name in names
            }
            clauses = tq.filters_query(self.schema, applied)
            result = searcher.aggregate(_with_filters(core, clauses), aggregations)
            for name in names:
                buckets = result.get(name, {}).get("buckets", [])
                counts[name] = {_bucket_key(name, b): b["doc_count"] for b in buckets}
        return {name: counts[name] for name in FACETS}

    def _did_you_mean(self, generation: Generation, parsed: ParsedQuery) -> str | None:
        fuzzy = [
            Query.fuzzy_term_query(
                self.schema, "name_folded", word.folded, distance=2 if len(word.folded) > 4 else 1
            )
            for word in parsed.words
            if not word.stop and len(word.folded) >= 3 and not generation.known(word.folded)
        ]
        if not fuzzy:
            return None
        searcher = generation.searcher
        found = searcher.search(tq.any_of(fuzzy), 10).hits
        names = [json.loads(searcher.doc(a).get_first("payload"))["name"] for _, a in found]
        return did_you_mean(parsed, names, known=generation.known)

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        generation = self._current()
        with _engine_errors(SearchUnavailable, "tantivy suggest failed"):
            return generation.name_index().suggest(prefix, limit)

    # --- writing -----------------------------------------------------------------------------

    def index(self, docs: Iterable[dict]) -> None:
        cleaned = [clean_document(doc) for doc in docs]
        if not cleaned:
            return

        def renames(searcher: tantivy.Searcher) -> bool:
            names = {doc["code"]: normalize(doc["name"]) for doc in cleaned}
            return any(self._stored_name(searcher, c) != name for c, name in names.items())

        self._write(lambda writer: _upsert(writer, cleaned), renames)

    def delete(self, codes: Iterable[str]) -> None:
        codes = list(codes)
        if not codes:
            return

        def removes(searcher: tantivy.Searcher) -> bool:
            return any(self._stored_name(searcher, code) is not None for code in codes)

        def apply(writer: tantivy.IndexWriter) -> None:
            for code in codes:
                writer.delete_documents_by_term("code", code)

        self._write(apply, removes)

    def _stored_name(self, searcher: tantivy.Searcher, code: str) -> str | None:
        hits = searcher.search(Query.term_query(self.schema, "code", code), 1).hits
        if not hits:
            return None
        return json.loads(searcher.doc(hits[0][1]).get_first("payload"))["name"]

    def _write(self, apply, changes_names) -> None:
        """Apply and commit under the lock; bump the names counter when `changes_names`, asked
        of the index before the change, says so."""
        with _engine_errors(SearchUnavailable, "the search index cannot be written"):
            if self.store.current() is None and self._seen:
                raise IndexDamaged(f"the search index is gone from {self.store.root}")
            self.store.ensure()
            with self.store.locked():
                index = self._open_for_writing()
                if changes_names(index.searcher()):
                    # Before the commit: a reader that sees the commit sees the new counter.
                    self.store.bump_names()
                writer = index.writer(heap_size=64_000_000, num_threads=1)
                try:
                    apply(writer)
                    writer.commit()
                except BaseException:
                    writer.rollback()
                    raise
                finally:
                    writer.wait_merging_threads()
            self._seen = True

    def _open_for_writing(self) -> tantivy.Index:
        """The current generation, opened (call with the lock held); IndexDamaged if it
        cannot be."""
        current = self.store.current()
        if current is None:
            raise IndexDamaged(f"the search index is gone from {self.store.root}")
        with _engine_errors(IndexDamaged, "the search index cannot be opened"):
            index = self.store.open(current["generation"])
            index.reload()
            return index

    def rebuild(self, docs: Iterable[dict]) -> int:
        """A new generation from ``docs``, whatever the state of the folder."""
        with _engine_errors(SearchUnavailable, "the search index cannot be rebuilt"):
            with self.store.locked():
                count = self.store.replace(clean_document(doc) for doc in docs)
            self._seen = True
            return count

    def close(self) -> None:
        with self._lock:
            self._generation = None


@contextlib.contextmanager
def _engine_errors(error_class: type[SearchError], action: str):
    """tantivy's errors (ValueError, OSError) and panics as ``error_class``; the library's own
    errors (InvalidQuery, IndexDamaged...) pass as they are."""
    try:
        yield
    except SearchError:
        raise
    except (OSError, ValueError) as error:
        raise error_class(f"{action}: {error}") from error
    except BaseException as error:
        if type(error).__name__ != "PanicException":  # pyo3_runtime's, not importable
            raise
        raise error_class(f"{action}: the engine panicked: {error}") from error


def _upsert(writer, docs: list[dict]) -> None:
    for doc in docs:
        writer.delete_documents_by_term("code", doc["code"])
        writer.add_document(to_tantivy(doc))


def _with_filters(query: Query, clauses: list[Query]) -> Query:
    if not clauses:
        return query
    return Query.boolean_query([(Occur.Must, query)] + [(Occur.Must, c) for c in clauses])


def _bucket_key(name: str, bucket: dict) -> str:
    if name == "online":
        return "true" if bucket["key"] in (1, True, "true") else "false"
    return facet_key(bucket["key"])


def _highlighter(built: tq.BuiltQuery | None) -> Highlighter:
    if built is None:
        return highlighter(frozenset())
    spellings = frozenset(s for term in built.highlight for s in spelling_variants(term))
    prefix = built.prefix if built.prefix and len(built.prefix) >= 2 else None
    return highlighter(spellings, prefix)
