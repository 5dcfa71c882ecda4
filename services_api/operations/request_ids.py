"""The request id: the caller's ``X-Request-ID`` when it is sane, else a new one; sent back on
every answer and set on every log record written while the request runs."""

import logging
import random
import re
import time

from flask import Response, g, has_request_context, request

HEADER = "X-Request-ID"
# What a proxy or a client may send: a UUID, a trace id, base64: up to 128 safe characters.
SANE = re.compile(r"[A-Za-z0-9._:+=-]{1,128}")
OUTSIDE_REQUEST = "-"


def take() -> None:
    """before_request, first of all: the id and the time the request reached the app."""
    g.request_started = time.perf_counter()
    incoming = request.headers.get(HEADER, "")
    g.request_id = incoming if SANE.fullmatch(incoming) else new_id()


def new_id() -> str:
    """128 random bits as 32 hex digits: unique enough to find a request in the logs, and cheap
    (``random`` is reseeded in each forked worker; an id is no secret)."""
    return f"{random.getrandbits(128):032x}"


def send(response: Response) -> Response:
    request_id = g.get("request_id")
    if request_id:
        response.headers[HEADER] = request_id
    return response


def current() -> str:
    """The id of the request being answered, or ``-`` outside a request."""
    if has_request_context():
        return g.get("request_id", OUTSIDE_REQUEST)
    return OUTSIDE_REQUEST


def elapsed() -> float | None:
    started = g.get("request_started")
    return None if started is None else time.perf_counter() - started


def install_record_factory() -> None:
    """Every log record, of any logger and for any handler, carries ``request_id``."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "adds_request_id", False):
        return

    def record_with_request_id(*args, **kwargs) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        record.request_id = current()
        return record

    record_with_request_id.adds_request_id = True
    logging.setLogRecordFactory(record_with_request_id)
