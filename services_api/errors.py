"""Domain errors raised by the service layer, and how they become the API's one error format;
a database outage is a 503 with Retry-After, documented on every operation that reads it."""

import logging

from apispec import BasePlugin
from flask import Flask, current_app, request
from flask_smorest import abort
from flask_smorest.error_handler import ErrorSchema
from sqlalchemy import exc
from werkzeug.exceptions import HTTPException, MethodNotAllowed

log = logging.getLogger(__name__)
DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"  # the spec's response component


class DomainError(Exception):
    """Base of the errors the service layer raises; each maps to one HTTP status."""

    status = 400

    def __init__(self, message: str, errors: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors


class NotFound(DomainError):
    status = 404


class InvalidParameter(DomainError):
    """A well-formed parameter whose value names nothing known (an unknown agency code...)."""

    status = 422

    def __init__(self, field: str, message: str, location: str = "query") -> None:
        super().__init__(message, {location: {field: [message]}})


class Conflict(DomainError):
    status = 409


class Forbidden(DomainError):
    status = 403


class Unauthorized(DomainError):
    status = 401


class ServiceUnavailable(DomainError):
    status = 503


class DatabaseUnavailable(ServiceUnavailable):
    """The database cannot be reached, or did not answer in time."""

    def __init__(self) -> None:
        super().__init__("Cơ sở dữ liệu tạm thời không trả lời: xin thử lại sau ít phút")


def is_database_outage(error: BaseException) -> bool:
    """Whether a SQLAlchemy error means the database is unreachable, not that a statement is
    wrong: a refused or lost connection, a timeout, a locked or unopenable SQLite file."""
    if isinstance(error, exc.OperationalError | exc.InterfaceError | exc.TimeoutError):
        return True
    return isinstance(error, exc.DBAPIError) and error.connection_invalidated


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        kwargs = {"message": error.message}
        if error.errors:
            kwargs["errors"] = error.errors
        if isinstance(error, DatabaseUnavailable):
            kwargs["headers"] = {"Retry-After": _retry_after()}
        # An exception raised inside an error handler is not handled again (it would be a 500),
        # so catch abort's and hand it to flask-smorest's handler, which writes the one format.
        try:
            abort(error.status, **kwargs)
        except HTTPException as http_error:
            return app.handle_http_exception(http_error)

    @app.errorhandler(MethodNotAllowed)
    def _method_not_allowed(error: MethodNotAllowed):
        # flask-smorest's handler writes the one format but drops werkzeug's headers, and a 405
        # must say in `Allow` which methods the resource takes (RFC 9110).
        from services_api.extensions import api

        allowed = ", ".join(sorted(error.valid_methods or ()))
        try:
            message = f"Phương thức {request.method} không được hỗ trợ; dùng: {allowed}"
            abort(405, message=message, headers={"Allow": allowed})
        except HTTPException as http_error:
            return api.handle_http_exception(http_error)

    @app.errorhandler(exc.DBAPIError)
    @app.errorhandler(exc.TimeoutError)  # the pool: no connection came free in time
    def _database_error(error: exc.SQLAlchemyError):
        if not is_database_outage(error):
            raise error  # a defect, not an outage: the 500 it always was
        log.warning("database unavailable: %s", error)
        return _domain_error(DatabaseUnavailable())


def _retry_after() -> str:
    return str(int(current_app.config["DATABASE_RETRY_AFTER_SECONDS"]))


class DatabaseOutageResponses(BasePlugin):
    """An apispec plugin documenting the 503 of a database outage (the API's error format, with
    Retry-After) on every operation, but those in ``exempt`` (endpoints that never read the
    database) and those that document a 503 of their own."""

    def __init__(self, exempt: frozenset[str] = frozenset()) -> None:
        self.exempt = exempt

    def init_spec(self, spec) -> None:
        super().init_spec(spec)
        response = {
            "description": "The database is unreachable or did not answer in time; retry "
            "after the number of seconds in `Retry-After`",
            "content": {"application/json": {"schema": ErrorSchema}},
            "headers": {
                "Retry-After": {
                    "description": "Seconds to wait before retrying",
                    "schema": {"type": "integer", "minimum": 0},
                }
            },
        }
        spec.components.response(DATABASE_UNAVAILABLE, response, lazy=True)

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        rule = kwargs.get("rule")
        if rule is not None and rule.endpoint in self.exempt:
            return
        for operation in (operations or {}).values():
            responses = operation.setdefault("responses", {})
            if not {503, "503"} & responses.keys():  # flask-smorest keys statuses by int
                responses[503] = DATABASE_UNAVAILABLE
