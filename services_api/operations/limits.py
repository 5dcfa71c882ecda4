"""Per-client rate limits on search, suggest, exports and imports (Flask-Limiter).

A client is its address: ``request.remote_addr``, after TRUSTED_PROXIES hops of
``X-Forwarded-For`` are read (werkzeug's ProxyFix) when the service runs behind the portal's
proxy. Each group of endpoints has one budget per client (RATE_LIMIT_SEARCH, ...; the CSV and
XLSX exports share one), counted in memory per worker by default or in the store at
RATELIMIT_STORAGE_URI (``redis://...``) for all workers. The check runs in a hook before the
answer store's, so an answer sent from the store counts like a built one, and a client over
its limit gets the 429 instead. When the store does not answer, each worker counts in memory
until it does. RATELIMIT_ENABLED=false turns limits off.

Answers of a limited endpoint carry ``RateLimit-Policy`` and ``RateLimit`` (the IETF draft's
structured fields) and ``X-RateLimit-Limit``, ``-Remaining``, ``-Reset``; a 429 is in the API's
error format with ``Retry-After`` (seconds).
"""

import math
import time

from flask import Flask, Response, current_app, request
from flask_limiter import Limit, Limiter, RateLimitExceeded
from flask_smorest import abort
from flask_smorest.error_handler import ErrorSchema
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

# endpoint -> group; a group's limit is the setting RATE_LIMIT_<GROUP>
GROUPS = {
    "search.Search": "search",
    "search.Suggest": "suggest",
    "exports.CsvExport": "exports",
    "exports.XlsxExport": "exports",
    "imports.MaturityImport": "imports",
}
SETTINGS = {group: f"RATE_LIMIT_{group.upper()}" for group in GROUPS.values()}
RATE_LIMITED = 429
REDIS_TIMEOUT = 0.5  # seconds; past it the worker counts in memory


def init_app(app: Flask) -> None:
    trusted = int(app.config["TRUSTED_PROXIES"])
    if trusted > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted)
    if not app.config["RATELIMIT_ENABLED"]:
        return
    app.after_request(_standard_headers)  # registered before the limiter's: runs after it
    limiter = Limiter(
        key_func=client_address,
        default_limits=[
            Limit(_limit_of_request, scope=_group, shared=True, error_message=_message)
        ],
        headers_enabled=True,
        # Redis down or slow: count in this worker's memory meanwhile, never fail the request.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
        storage_options=_storage_options(app.config["RATELIMIT_STORAGE_URI"]),
    )
    limiter.request_filter(_not_limited)
    limiter.init_app(app)
    app.extensions["rate_limits"] = limiter
    app.register_error_handler(RateLimitExceeded, _in_the_error_format)


def _in_the_error_format(error: RateLimitExceeded):
    # As errors.py does: abort's HTTPException goes to flask-smorest's handler, the one format.
    try:
        abort(RATE_LIMITED, message=error.description)
    except HTTPException as http_error:
        return current_app.handle_http_exception(http_error)


def _storage_options(uri: str) -> dict:
    if uri.startswith(("redis://", "rediss://")):
        return {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT}
    return {}


def client_address() -> str:
    return request.remote_addr or "unknown"


def _not_limited() -> bool:
    return request.endpoint not in GROUPS or request.method == "OPTIONS"  # CORS preflights


def _group(_endpoint: str) -> str:
    return GROUPS[request.endpoint]


def _limit_of_request() -> str:
    return current_app.config[SETTINGS[GROUPS[request.endpoint]]]


def _message() -> str:
    group = GROUPS[request.endpoint]
    return (
        f"Quá nhiều yêu cầu: {group} allows {_limit_of_request()} per client; "
        "thử lại sau Retry-After giây"
    )


def _standard_headers(response: Response) -> Response:
    current = current_app.extensions["rate_limits"].current_limit
    if current is None:
        return response
    group, item = GROUPS[request.endpoint], current.limit
    seconds_left = max(1, math.ceil(current.window[0] - time.time()))
    response.headers["RateLimit-Policy"] = f'"{group}";q={item.amount};w={item.get_expiry()}'
    response.headers["RateLimit"] = f'"{group}";r={current.remaining};t={seconds_left}'
    if response.status_code == RATE_LIMITED:
        response.headers["Retry-After"] = str(seconds_left)
    elif response.status_code != 503:  # Flask-Limiter sets it on every answer
        response.headers.pop("Retry-After", None)
    return response


_SECONDS = {"type": "integer", "minimum": 1}
_COUNT = {"type": "integer", "minimum": 0}
RATE_LIMIT_HEADERS = {
    "Retry-After": {"description": "Seconds until the client may ask again", "schema": _SECONDS},
    "RateLimit-Policy": {
        "description": 'The budget: `"<group>";q=<requests>;w=<window seconds>`',
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'What is left: `"<group>";r=<remaining>;t=<seconds to renewal>`',
        "schema": {"type": "string"},
    },
    "X-RateLimit-Limit": {"description": "Requests in a window", "schema": _COUNT},
    "X-RateLimit-Remaining": {"description": "Requests left in this window", "schema": _COUNT},
    "X-RateLimit-Reset": {"description": "When the window ends (Unix time)", "schema": _COUNT},
}


def rate_limited(blp):
    """Decorator documenting the 429 of a limited operation."""
    return blp.alt_response(
        RATE_LIMITED,
        schema=ErrorSchema,
        headers=RATE_LIMIT_HEADERS,
        description="Quá nhiều yêu cầu: this client (its address) is over the operation's "
        "limit (RATE_LIMIT_*); answers from the service's store count too",
    )
