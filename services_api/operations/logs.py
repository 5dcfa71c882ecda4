"""The process's log output: one handler on the root logger, writing to stderr either plain
lines (LOG_FORMAT=plain, the default) or one JSON object a line (LOG_FORMAT=json); every record
carries the request id. With LOG_REQUESTS each answered request is one record of the logger
``services_api.requests`` with its method, path, status and duration."""

import logging
import sys

from flask import Flask, Request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

from services_api.operations import request_ids

PLAIN = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = ["asctime", "levelname", "name", "request_id", "message"]
JSON_NAMES = {"asctime": "time", "levelname": "level", "name": "logger"}
FORMATS = ("plain", "json")
SERVICE_LOGGERS = ("services_api", "search", "seeds")
requests_log = logging.getLogger("services_api.requests")


class _ServiceHandler(logging.StreamHandler):
    """The handler this module installs: writes to whatever ``sys.stderr`` is at the time, and
    is replaced, never added twice, when an app is built again in the same process."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # StreamHandler.__init__ sets it
        pass


def configure(app: Flask) -> None:
    kind = str(app.config["LOG_FORMAT"]).lower()
    if kind not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {kind!r}")
    request_ids.install_record_factory()
    handler = _ServiceHandler()
    handler.setFormatter(_formatter(kind))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _ServiceHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)  # libraries: warnings and errors; the service's own:
    for name in SERVICE_LOGGERS:
        logging.getLogger(name).setLevel(app.config["LOG_LEVEL"])
    app.logger.removeHandler(default_handler)  # the root's handler writes the app's records


class _SecondCache:
    """formatTime of the standard formatters, the date and time formatted once a second."""

    _cached: tuple[int, str] = (-1, "")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt:
            return super().formatTime(record, datefmt)
        second, text = self._cached
        if second != int(record.created):
            text = super().formatTime(record)[:-4]  # "YYYY-mm-dd HH:MM:SS" of ",mmm"
            self._cached = (int(record.created), text)
        return f"{text},{int(record.msecs):03d}"


class _PlainFormatter(_SecondCache, logging.Formatter):
    pass


class _JsonFormatter(_SecondCache, JsonFormatter):
    pass


def _formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        return _JsonFormatter(JSON_FIELDS, rename_fields=JSON_NAMES, json_ensure_ascii=False)
    return _PlainFormatter(PLAIN)


def request_finished(request: Request, status: int, seconds: float) -> None:
    if not requests_log.isEnabledFor(logging.INFO):
        return
    path = request.full_path if request.query_string else request.path
    milliseconds = round(seconds * 1000, 2)
    details = {"method": request.method, "path": path, "status": status}
    # One record a request: made directly, without the search for the caller's line.
    record = requests_log.makeRecord(
        requests_log.name,
        logging.INFO,
        __file__,
        0,
        "%s %s %s %.2f ms",
        (request.method, path, status, milliseconds),
        None,
        extra={**details, "duration_ms": milliseconds},
    )
    requests_log.handle(record)
