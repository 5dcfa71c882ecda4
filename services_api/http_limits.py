"""Requests too large to read answer in the API's error format: a request target (path and
query) past ``MAX_TARGET_BYTES`` is a 414, a header field past ``MAX_FIELD_BYTES`` or more than
``MAX_FIELDS`` header fields a 431.

gunicorn (gunicorn.conf.py) lets requests up to about twice these limits reach the app, which
answers them here; past gunicorn's own limits it answers itself, in plain HTML.
"""

from urllib.parse import quote

from flask import Flask, request
from flask_smorest import abort

MAX_TARGET_BYTES = 4096
MAX_FIELD_BYTES = 8190  # a header's name, ": " and value, as gunicorn counts a field
MAX_FIELDS = 100


def init_app(app: Flask) -> None:
    app.before_request(_refuse_oversized_request)


def _refuse_oversized_request() -> None:
    if len(_request_target()) > MAX_TARGET_BYTES:
        abort(414, message=f"Địa chỉ yêu cầu dài quá {MAX_TARGET_BYTES} byte")
    fields = list(request.headers.items())
    if len(fields) > MAX_FIELDS:
        abort(431, message=f"Yêu cầu có quá {MAX_FIELDS} tiêu đề")
    for name, value in fields:
        if len(name) + 2 + len(value.encode("latin-1", "replace")) > MAX_FIELD_BYTES:
            abort(431, message=f"Tiêu đề {name} dài quá {MAX_FIELD_BYTES} byte")


def _request_target() -> bytes:
    """The path and query as sent: gunicorn's RAW_URI, else the path re-quoted (test clients)."""
    environ = request.environ
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return raw.encode("latin-1", "replace")
    path = quote(environ.get("PATH_INFO", ""), safe="/:@!$&'()*+,;=-._~%")
    query = environ.get("QUERY_STRING", "")
    return (path + ("?" + query if query else "")).encode("latin-1", "replace")
