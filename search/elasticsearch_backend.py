"""Elasticsearch 8 backend through the official client: an index behind an alias.

The alias (`index_name`) always points at one concrete index `<index_name>-<timestamp>`;
`rebuild` creates a new one, bulk-loads it, swaps the alias in one atomic update_aliases call and
deletes the old index. When the alias's index carries another schema version (mappings `_meta`),
the first call re-indexes its stored documents into a new index the same way.

Searches use short timeouts with retries (request_timeout, max_retries, retry_on_timeout). Index
management (create, alias update, refresh, delete, mapping and alias look-ups) has its own longer
timeout and is never retried by the client: a late answer to an alias swap that succeeded must not
be sent again. A create that timed out is asked once more, and "already exists" then means the
first attempt made it. Before deleting anything after a failure the aliases are read again, so
that the index the alias points at is never deleted. Bulk writes through the alias set
`require_alias` (a missing alias is never auto-created as a concrete index) and retry items
rejected with 429 with exponential backoff; a delete ignores only documents that are not there.
Connection problems, timeouts, 429 and server errors become SearchUnavailable, rejected requests
and documents SearchError. Writes refresh the index so that they are searchable when the call
returns.
"""

import html
import logging
import threading
import time
from collections.abc import Iterable

from elasticsearch import ApiError, ConnectionTimeout, Elasticsearch, TransportError, helpers

from search import es_queries as eq
from search.base import (
    STORED_FIELDS,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    clean_document,
)
from search.correction import did_you_mean
from search.errors import SearchError, SearchUnavailable
from search.query import ParsedQuery
from search.text import words

log = logging.getLogger(__name__)
_PAGE = 500
_RENAMED = {"from": "from_", "_source": "source"}


class ElasticsearchBackend(SearchBackend):
    """Search backend over an Elasticsearch 8 cluster (or any ES-8-compatible server).

    ``client_options`` go to the client: ``ca_certs``, ``api_key``, ``basic_auth``..."""

    name = "elasticsearch"

    def __init__(
        self,
        url: str = "http://127.0.0.1:9200",
        index_name: str = "procedures",
        timeout: float = 2.0,
        max_retries: int = 2,
        write_timeout: float = 60.0,
        management_timeout: float = 30.0,
        bulk_retries: int = 3,
        bulk_backoff: float = 0.5,
        client: Elasticsearch | None = None,
        **client_options,
    ):
        self.alias = index_name
        self.client = client or Elasticsearch(
            url,
            request_timeout=timeout,
            max_retries=max_retries,
            retry_on_timeout=True,
            **client_options,
        )
        self.admin = self.client.options(
            request_timeout=management_timeout, max_retries=0, retry_on_timeout=False
        )
        self.writer = self.client.options(request_timeout=write_timeout)
        self.bulk_retries = bulk_retries
        self.bulk_backoff = bulk_backoff
        self._ready = False
        self._lock = threading.Lock()

    # --- plumbing ----------------------------------------------------------------------------

    def _call(self, action: str, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (ApiError, TransportError, OSError) as error:
            raise self._mapped(action, error) from error

    def _mapped(self, action: str, error: Exception) -> SearchError:
        """Unreachable, overloaded or failing cluster: SearchUnavailable; else SearchError."""
        if not isinstance(error, ApiError):
            return SearchUnavailable(f"elasticsearch {action} failed: {error}")
        if error.meta.status == 404 and "index_not_found" in str(error):
            self._ready = False  # the alias went away: create it again on the next call
            return SearchUnavailable(f"elasticsearch {action}: no index")
        if error.meta.status >= 500 or error.meta.status == 429:
            return SearchUnavailable(f"elasticsearch {action} failed: {error}")
        return SearchError(f"elasticsearch rejected {action}: {error}")

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
            indices = self._aliased()
            if not indices:
                self._create_and_swap([])
            elif self._schema_version(indices[0]) != eq.SCHEMA_VERSION:
                log.warning("elasticsearch schema changed: re-indexing %s", indices[0])
                self._create_and_swap(self._stored_documents(indices[0]))
            self._ready = True

    def _aliased(self) -> list[str]:
        """The concrete indices the alias points at, asked of the cluster now."""

        def lookup() -> list[str]:
            if not self.admin.indices.exists_alias(name=self.alias):
                return []
            return sorted(self.admin.indices.get_alias(name=self.alias))

        return self._call("alias lookup", lookup)

    def _schema_version(self, index: str) -> int | None:
        mapping = self._call("mapping lookup", self.admin.indices.get_mapping, index=index)
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
        self._create(new)
        try:
            count = self._bulk(new, ({"_op_type": "index", **self._action(doc)} for doc in docs))
            self._call("refresh", self.admin.indices.refresh, index=new)
            old = self._aliased()
            self._swap(old, new)
        except BaseException:
            self._discard(new)
            raise
        self._drop_unaliased(old)
        return count

    def _create(self, new: str) -> None:
        """Create ``new``; after a timeout ask once more, "already exists" meaning it was made."""
        create = self.admin.indices.create
        body = {"settings": eq.index_settings(), "mappings": eq.mappings()}
        try:
            try:
                create(index=new, **body)
            except ConnectionTimeout:
                log.warning("elasticsearch index creation timed out: asking again for %s", new)
                try:
                    create(index=new, **body)
                except ApiError as error:
                    if _error_type(error) != "resource_already_exists_exception":
                        raise
        except (ApiError, TransportError, OSError) as error:
            self._discard(new)
            raise self._mapped("index creation", error) from error

    def _swap(self, old: list[str], new: str) -> None:
        """Point the alias at ``new`` only; a swap that answered late but happened is done."""
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": new, "alias": self.alias}})
        try:
            self._call("alias swap", self.admin.indices.update_aliases, actions=actions)
        except SearchUnavailable:
            if self._quietly(self._aliased) != [new]:
                raise
            log.warning("elasticsearch alias swap answered late but was applied")

    def _discard(self, new: str) -> None:
        """Delete ``new`` after a failure, unless the alias (read again now) points at it."""
        aliased = self._quietly(self._aliased)
        if aliased is None or new in aliased:
            return
        self._quietly(
            self._call, "cleanup", self.admin.indices.delete, index=new, ignore_unavailable=True
        )

    def _drop_unaliased(self, old: list[str]) -> None:
        """Delete the previous indices the alias (read again now) no longer points at."""
        aliased = self._quietly(self._aliased)
        if aliased is None:
            return
        for index in set(old) - set(aliased):
            self._quietly(
                self._call,
                "old index deletion",
                self.admin.indices.delete,
                index=index,
                ignore_unavailable=True,
            )

    @staticmethod
    def _quietly(function, *args, **kwargs):
        """``function``'s answer, or None (logged) when the cluster failed: for cleanups."""
        try:
            return function(*args, **kwargs)
        except SearchError as error:
            log.warning("elasticsearch cleanup left for later: %s", error)
            return None

    def _action(self, doc: dict) -> dict:
        clean = clean_document(doc)
        return {"_id": clean["code"], "_source": eq.to_source(clean)}

    def _bulk(self, index: str, actions: Iterable[dict], **options) -> int:
        """Send ``actions`` to ``index``; items rejected with 429 are retried with backoff, a
        delete of a document that is not there is not an error. Returns the items done."""

        def targeted():
            for action in actions:
                yield {"_index": index, **action}

        def run() -> tuple[int, list[dict]]:
            done, failed = 0, []
            for ok, item in helpers.streaming_bulk(
                self.writer,
                targeted(),
                chunk_size=_PAGE,
                raise_on_error=False,
                max_retries=self.bulk_retries,
                initial_backoff=self.bulk_backoff,
                max_backoff=8 * self.bulk_backoff,
                **options,
            ):
                if ok:
                    done += 1
                elif _missing_document(item):
                    continue
                else:
                    failed.append(item)
            return done, failed

        done, failed = self._call("bulk", run)
        if failed:
            self._raise_for_items(failed)
        return done

    def _raise_for_items(self, failed: list[dict]) -> None:
        statuses = {result["status"] for item in failed for result in item.values()}
        errors = [result.get("error") for item in failed[:3] for result in item.values()]
        if any(status == 429 or status >= 500 for status in statuses):
            raise SearchUnavailable(f"elasticsearch rejected documents for now: {errors}")
        if any("index_not_found" in str(error) for error in errors):
            self._ready = False  # the alias went away: create it again on the next call
            raise SearchUnavailable(f"elasticsearch bulk: no index: {errors}")
        raise SearchError(f"elasticsearch rejected documents: {errors}")

    # --- contract ----------------------------------------------------------------------------

    def index(self, docs: Iterable[dict]) -> None:
        actions = [{"_op_type": "index", **self._action(doc)} for doc in docs]
        if actions:
            self._ensure()
            self._bulk(self.alias, actions, refresh=True, require_alias=True)

    def delete(self, codes: Iterable[str]) -> None:
        actions = [{"_op_type": "delete", "_id": code} for code in codes]
        if actions:
            self._ensure()
            self._bulk(self.alias, actions, refresh=True, require_alias=True)

    def rebuild(self, docs: Iterable[dict]) -> int:
        with self._lock:
            count = self._create_and_swap(docs)
            self._ready = True
        return count

    def search(self, query: SearchQuery) -> SearchResult:
        self._ensure()
        parsed = query.parsed()
        filters = query.active_filters()
        pinned = query.pinned(parsed)
        body = eq.search_body(parsed, filters, query.page, query.page_size, pinned=pinned)
        response = self._search(body)
        total = response["hits"]["total"]["value"]
        if total == 0 and parsed.relaxes:  # asked again needing fewer of the words
            body = eq.search_body(
                parsed, filters, query.page, query.page_size, relaxed=True, pinned=pinned
            )
            response = self._search(body)
            total = response["hits"]["total"]["value"]
        hits = [_hit(hit) for hit in response["hits"]["hits"]]
        facets = eq.facet_counts(response.get("aggregations", {}))
        suggestion = None
        if total == 0 and parsed.slots:
            suggestion = self._did_you_mean(parsed)
        return SearchResult(total, hits, facets, suggestion)

    def _did_you_mean(self, parsed: ParsedQuery) -> str | None:
        body = eq.correction_body(parsed)
        if body is None:
            return None
        names = [hit["_source"]["name"] for hit in self._search(body)["hits"]["hits"]]
        return did_you_mean(parsed, names)

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        if not words(prefix) or limit < 1:
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


def _error_type(error: ApiError) -> str | None:
    body = error.body if isinstance(error.body, dict) else {}
    detail = body.get("error")
    return detail.get("type") if isinstance(detail, dict) else None


def _missing_document(item: dict) -> bool:
    """A bulk delete of a document that is not there (not a missing index)."""
    result = item.get("delete") or {}
    return result.get("status") == 404 and result.get("result") == "not_found"
