"""HTTP caching for public reads: finished answers reused until the catalogue changes, ETags and
304s, Cache-Control on successful GETs, no-store on everything else.

A public read (a GET of a catalogue resource without an API key) first reads the catalogue
generation, one primary-key row; the answer stored under that generation and the request's path
and query string, if any, is sent as it was (or a 304 when `If-None-Match` holds its ETag)
without running the view. Otherwise the view builds it; the finished 200 answer is stored with
the generation read before building, so an answer built from data older than a write is never
stored under that write's generation. Answers without an ETag of their own get one from their
body. A view calls ``not_reusable()`` when its answer must be built every time.
"""

import datetime as dt
import logging

from flask import Flask, Response, current_app, g, request
from werkzeug.http import quote_etag

from services_api.catalogue.answers import Answer, AnswerStore
from services_api.catalogue.reader import GenerationReader
from services_api.errors import DatabaseUnavailable
from services_api.metrics import ANSWER_CACHE_HITS, ANSWER_CACHE_MISSES

log = logging.getLogger(__name__)
READ_BLUEPRINTS = frozenset(
    {
        "procedures",
        "maturity",
        "search",
        "agencies",
        "fields",
        "stats",
        "exports",
        "life-events",
        "changes",
    }
)
# Headers each response gets anew (CORS, Cache-Control, lengths, the request id, rate limits):
# never stored with an answer.
_PER_RESPONSE = (
    "access-control-",
    "cache-control",
    "content-length",
    "date",
    "vary",
    "x-request-id",
    "ratelimit",
    "x-ratelimit-",
    "retry-after",
)


def init_app(app: Flask) -> None:
    app.extensions["answers"] = AnswerStore(app.config["ANSWER_CACHE_BYTES"])
    app.extensions["generation_reader"] = GenerationReader(app.extensions["database"].engine)
    app.before_request(_answer_from_store)
    app.after_request(_cache_headers)
    app.after_request(_keep_answer)  # after_request runs last-registered first: before headers


def not_reusable() -> None:
    """Keep the answer being built out of the store (it records something, or is degraded)."""
    g.answer_reusable = False


def answer_store() -> AnswerStore:
    return current_app.extensions["answers"]


def _answer_from_store() -> Response | None:
    if not _is_public_read():
        return None
    reader = current_app.extensions["generation_reader"]
    try:
        version = (reader.current(), dt.date.today())
    except reader.outages as error:
        log.warning("database unavailable: %s", error)
        raise DatabaseUnavailable() from error
    except reader.errors as error:  # the view answers (or fails) as it would without a store
        log.warning("catalogue generation unreadable, answering without the store: %s", error)
        return None
    key = (request.path, request.query_string)
    if_none_match = request.if_none_match
    _hide_if_none_match()
    answer = answer_store().get(version, key)
    if answer is None:
        ANSWER_CACHE_MISSES.inc()
        g.answer_slot = (version, key, if_none_match)
        return None
    ANSWER_CACHE_HITS.inc()
    if if_none_match.contains_weak(answer.etag):
        return _not_modified(answer.etag)
    return Response(answer.body, 200, list(answer.headers))


def _keep_answer(response: Response) -> Response:
    slot = g.pop("answer_slot", None)
    if slot is None or response.status_code != 200 or response.is_streamed:
        return response
    version, key, if_none_match = slot
    etag, _weak = response.get_etag()
    if etag is None:
        response.add_etag()
        etag, _weak = response.get_etag()
    if g.get("answer_reusable", True):
        headers = tuple((k, v) for k, v in response.headers if not _per_response(k))
        answer_store().put(version, key, Answer(response.get_data(), headers, etag))
    if if_none_match.contains_weak(etag):
        return _not_modified(etag)
    return response


def _cache_headers(response: Response) -> Response:
    if "Cache-Control" in response.headers:
        return response
    public_read = request.method in ("GET", "HEAD") and response.status_code in (200, 304)
    if public_read and request.headers.get("Authorization") is None:
        max_age = current_app.config["PUBLIC_CACHE_SECONDS"]
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
    else:
        response.headers["Cache-Control"] = "no-store"
    return response


def _is_public_read() -> bool:
    return (
        request.method == "GET"
        and request.blueprint in READ_BLUEPRINTS
        and "Authorization" not in request.headers
    )


def _hide_if_none_match() -> None:
    """The view builds the whole answer (to be stored); the 304 is decided here afterwards."""
    request.environ.pop("HTTP_IF_NONE_MATCH", None)
    request.__dict__.pop("if_none_match", None)  # werkzeug's cached parse of the header


def _not_modified(etag: str) -> Response:
    return Response(status=304, headers={"ETag": quote_etag(etag)})


def _per_response(header: str) -> bool:
    return header.lower().startswith(_PER_RESPONSE)
