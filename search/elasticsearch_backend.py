"""Elasticsearch 8 backend through the official client: an index behind an alias.

The alias (`index_name`) always points at one concrete index `<index_name>-<timestamp>`;
`rebuild` creates a new one, bulk-loads it, swaps the alias in one atomic update_aliases call and
deletes the old index. When the alias's index carries another schema version (mappings `_meta`),
the first call re-indexes its stored documents into a new index the same way. Searches use short
timeouts with retries (request_timeout, max_retries, retry_on_timeout), bulk writes a longer
write_timeout; connection problems, timeouts, 429 and server errors become SearchUnavailable,
rejected requests and documents SearchError. Writes refresh the index so that they are
searchable when the call returns.
"""

import html
import logging
import threading
import time
from collections.abc import Iterable

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from search import es_queries as eq
from search import text as vi
from search.base import (
    STORED_FIELDS,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    clean_document,
)
from search.errors import SearchError, SearchUnavailable

log = logging.getLogger(__name__)
_PAGE = 500
_RENAMED = {"from": "from_", "_source": "source"}


class ElasticsearchBackend(SearchBackend):
    """Search backend over an Elasticsearch 8 cluster (or any ES-8-compatible server)."""

    name = "elasticsearch"

    def __init__(
        self,
        url: str = "http://127.0.0.1:9200",
        index_name: str = "procedures",
        timeout: float = 2.0,
        max_retries: int = 2,
        write_timeout: float = 60.0,
        client: Elasticsearch | None = None,
        **client_options,
    ):
        self.alias = index_name
        self.write_timeout = write_timeout
        self.client = client or Elasticsearch(
            url,
            request_timeout=timeout,
            max_retries=max_retries,
            retry_on_timeout=True,
            **client_options,
        )
        self._ready = False
        self._lock = threading.Lock()

    # --- plumbing ----------------------------------------------------------------------------

    def _call(self, action: str, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ApiError as error:
            if error.meta.status == 404 and "index_not_found" in str(error):
                self._ready = False  # the alias went away: create it again on the next call
                raise SearchUnavailable(f"elasticsearch {action}: no index") from error
            if error.meta.status >= 500 or error.meta.status == 429:
                raise SearchUnavailable(f"elasticsearch {action} failed: {error}") from error
            raise SearchError(f"elasticsearch rejected {action}: {error}") from error
        except helpers.BulkIndexError as error:
            raise SearchError(f"elasticsearch rejected documents: {error.errors[:3]}") from error
        except (TransportError, OSError) as error:
            raise SearchUnavailable(f"elasticsearch {action} failed: {error}") from error

    def _search(self, body: dict, index: str | None = None) -> dict:
        kwargs = {_RENAMED.get(key, key): value for key, value in body.items()}
        return self._call("search", self.client.search, index=index or self.alias, **kwargs)

    def _ensure(self) -> None:
        """Create the index and alias on first use; migrate an index of another schema."""
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            indices = self._call("alias lookup", self._aliased_indices)
            if not indices:
                self._create_and_swap([])
            elif self._schema_version(indices[0]) != eq.SCHEMA_VERSION:
                log.warning("elasticsearch schema changed: re-indexing %s", indices[0])
                self._create_and_swap(self._stored_documents(indices[0]))
            self._ready = True

    def _aliased_indices(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias))

    def _schema_version(self, index: str) -> int | None:
        mapping = self._call("mapping lookup", self.client.indices.get_mapping, index=index)
        return mapping[index]["mappings"].get("_meta", {}).get("schema_version")

    def _stored_documents(self, index: str) -> list[dict]:
        docs, after = [], None
        while True:
            page = self._search(eq.all_documents_body(_PAGE, after), index=index)["hits"]["hits"]
            docs += [eq.from_source(hit["_source"]) for hit in page]
            if len(page) < _PAGE:
                return docs
            after = page[-1]["sort"]

    def _create_and_swap(self, docs: Iterable[dict]) -> int:
        """New index, bulk load, atomic alias swap, old indices deleted."""
        new = f"{self.alias}-{time.time_ns()}"
        self._call(
            "index creation",
            self.client.indices.create,
            index=new,
            settings=eq.index_settings(),
            mappings=eq.mappings(),
        )
        try:
            count = self._bulk(new, ({"_op_type": "index", **self._action(doc)} for doc in docs))
            self._call("refresh", self.client.indices.refresh, index=new)
            old = self._call("alias lookup", self._aliased_indices)
            actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
            actions.append({"add": {"index": new, "alias": self.alias}})
            self._call("alias swap", self.client.indices.update_aliases, actions=actions)
        except SearchError:
            self._call("cleanup", self.client.indices.delete, index=new, ignore_unavailable=True)
            raise
        for index in old:
            self._call("old index deletion", self.client.indices.delete, index=index)
        return count

    def _action(self, doc: dict) -> dict:
        clean = clean_document(doc)
        return {"_id": clean["code"], "_source": eq.to_source(clean)}

    def _bulk(self, index: str, actions: Iterable[dict], refresh: bool = False) -> int:
        def targeted():
            for action in actions:
                yield {"_index": index, **action}

        writer = self.client.options(request_timeout=self.write_timeout)
        ok, _ = self._call(
            "bulk", helpers.bulk, writer, targeted(), refresh=refresh, chunk_size=_PAGE
        )
        return ok

    # --- contract ----------------------------------------------------------------------------

    def index(self, docs: Iterable[dict]) -> None:
        actions = [{"_op_type": "index", **self._action(doc)} for doc in docs]
        if actions:
            self._ensure()
            self._bulk(self.alias, actions, refresh=True)

    def delete(self, codes: Iterable[str]) -> None:
        codes = list(codes)
        if not codes:
            return
        self._ensure()
        actions = ({"_index": self.alias, "_op_type": "delete", "_id": code} for code in codes)
        self._call(
            "bulk delete",
            helpers.bulk,
            self.client.options(request_timeout=self.write_timeout),
            actions,
            refresh=True,
            raise_on_error=False,  # deleting an unknown code is not an error
        )

    def rebuild(self, docs: Iterable[dict]) -> int:
        with self._lock:
            count = self._create_and_swap(docs)
            self._ready = True
        return count

    def search(self, query: SearchQuery) -> SearchResult:
        self._ensure()
        parsed = vi.parse_query(query.text)
        filters = query.active_filters()
        response = self._search(eq.search_body(parsed, filters, query.page, query.page_size))
        total = response["hits"]["total"]["value"]
        if total == 0 and parsed.relaxes:  # asked again needing fewer of the words
            body = eq.search_body(parsed, filters, query.page, query.page_size, relaxed=True)
            response = self._search(body)
            total = response["hits"]["total"]["value"]
        hits = [_hit(hit) for hit in response["hits"]["hits"]]
        facets = eq.facet_counts(response.get("aggregations", {}))
        suggestion = None
        if total == 0 and parsed.slots:
            suggestion = self._did_you_mean(parsed)
        return SearchResult(total, hits, facets, suggestion)

    def _did_you_mean(self, parsed: vi.ParsedQuery) -> str | None:
        body = eq.correction_body(parsed)
        if body is None:
            return None
        names = [hit["_source"]["name"] for hit in self._search(body)["hits"]["hits"]]
        return vi.did_you_mean(parsed, names)

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        if not vi.words(prefix) or limit < 1:
            return []
        self._ensure()
        hits = self._search(eq.suggest_body(prefix, limit))["hits"]["hits"]
        return [{"code": hit["_source"]["code"], "name": hit["_source"]["name"]} for hit in hits]

    def count(self) -> int:
        self._ensure()
        return self._call("count", self.client.count, index=self.alias)["count"]

    def health(self) -> bool:
        try:
            self._call("cluster health", self.client.cluster.health)
            return True
        except Exception:  # health never raises
            log.warning("elasticsearch is not healthy", exc_info=True)
            return False

    def close(self) -> None:
        self.client.close()


def _hit(hit: dict) -> SearchHit:
    source, marked = hit["_source"], hit.get("highlight", {})
    name = (marked.get("name.folded") or marked.get("name") or [None])[0]
    text = (marked.get("text.folded") or [""])[0]
    return SearchHit(
        code=source["code"],
        score=float(hit.get("_score") or 0.0),
        document={key: source.get(key) for key in STORED_FIELDS},
        highlight={"name": name or html.escape(source["name"]), "text": text},
    )
