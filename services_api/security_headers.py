"""Security headers on every answer, and CORS: reads from CORS_ORIGINS, writes from
CORS_WRITE_ORIGINS only.

Every answer says ``X-Content-Type-Options: nosniff`` and the configured ``Referrer-Policy``. The
citizen page gets a Content-Security-Policy that allows its own scripts and styles, calls to its
own origin and framing by the portal's origins (CORS_ORIGINS); the API docs page gets one that
allows their own assets; every other answer (JSON, files, errors) allows nothing at all.

A write (PUT, POST, PATCH, DELETE), or a preflight asking for one, is answered with CORS headers
only for an origin listed in CORS_WRITE_ORIGINS, never ``*`` nor ``null``; flask-cors' answer for
reads is taken away from it first.
"""

import logging
import re

from flask import Flask, Response, request
from flask_cors.core import get_cors_options, set_cors_headers

from services_api.config import cors_origins
from services_api.extensions import cors

log = logging.getLogger(__name__)

API_PATHS = r"/api/*"
READ_METHODS = ["GET", "HEAD", "OPTIONS"]
WRITE_METHODS = frozenset({"PUT", "POST", "PATCH", "DELETE"})
EXPOSED_HEADERS = [
    "X-Pagination",
    "ETag",
    "X-Search-Degraded",
    "X-Request-ID",
    "Retry-After",
    "RateLimit",
    "RateLimit-Policy",
]
ALLOWED_HEADERS = ["Authorization", "Content-Type", "If-Match", "If-None-Match", "X-Request-ID"]
_ORIGIN = re.compile(r"https?://(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?")
_NEVER_FOR_WRITES = frozenset({"*", "null"})

NOTHING = "default-src 'none'; frame-ancestors 'none'"
DOCS = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
PORTAL = (  # img-src: the page's empty icon, a data: URL that spares a request
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
)
PORTAL_PAGES = frozenset({"portal.index"})
DOCS_PAGES = frozenset({"api_docs.swagger_ui"})


def init_app(app: Flask) -> None:
    """CORS for /api/* and the security headers; call where flask-cors was set up before."""
    policies = {
        "portal": PORTAL.format(ancestors=frame_ancestors(app.config["CORS_ORIGINS"])),
        "docs": DOCS,
        "other": NOTHING,
    }
    referrer_policy = app.config["REFERRER_POLICY"]
    write_options = get_cors_options(
        app,
        {
            "origins": write_origins(app.config["CORS_WRITE_ORIGINS"]),
            "expose_headers": EXPOSED_HEADERS,
            "allow_headers": ALLOWED_HEADERS,
            "always_send": False,  # no Origin, no CORS headers
        },
    )

    def secure(response: Response) -> Response:
        if _is_api_write():
            _answer_write_cors(response, write_options)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = referrer_policy
        response.headers["Content-Security-Policy"] = policies[_page_kind()]
        return response

    # after_request runs last-registered first: registered before flask-cors, this runs after
    # it, on error answers too (flask-cors adds its headers to those before any hook runs).
    app.after_request(secure)
    cors.init_app(
        app,
        resources={API_PATHS: {"origins": cors_origins(app.config["CORS_ORIGINS"])}},
        methods=READ_METHODS,
        expose_headers=EXPOSED_HEADERS,
        allow_headers=ALLOWED_HEADERS,
    )


def frame_ancestors(value) -> str:
    """CORS_ORIGINS as a CSP source list: ``*``, the portal's origins, or ``'none'`` (``null``,
    an opaque origin, is no frame's)."""
    origins = cors_origins(value)
    if origins == "*":
        return "*"
    framing = [_require_origin(o, "CORS_ORIGINS") for o in origins if o.lower() != "null"]
    return " ".join(framing) or "'none'"


def write_origins(value) -> list[str]:
    """CORS_WRITE_ORIGINS as a list of exact origins; ``*`` and ``null`` are left out."""
    listed = cors_origins(value or [])
    origins = [listed] if isinstance(listed, str) else listed
    allowed = []
    for origin in origins:
        if origin.lower() in _NEVER_FOR_WRITES:
            log.warning("CORS_WRITE_ORIGINS: %r is never allowed to write, left out", origin)
            continue
        allowed.append(_require_origin(origin, "CORS_WRITE_ORIGINS"))
    return allowed


def _require_origin(origin: str, setting: str) -> str:
    if not _ORIGIN.fullmatch(origin):
        raise ValueError(f"{setting}: {origin!r} is not an origin like https://host[:port]")
    return origin


def _is_api_write() -> bool:
    if not request.path.startswith("/api/"):
        return False
    method = request.method
    if method == "OPTIONS":
        method = request.headers.get("Access-Control-Request-Method", "").upper()
    return method in WRITE_METHODS


def _answer_write_cors(response: Response, write_options) -> None:
    for name in [k for k in response.headers.keys() if k.lower().startswith("access-control-")]:
        del response.headers[name]
    set_cors_headers(response, write_options)
    response.vary.add("Origin")


def _page_kind() -> str:
    if request.endpoint in PORTAL_PAGES:
        return "portal"
    if request.endpoint in DOCS_PAGES:
        return "docs"
    return "other"
