"""Domain errors raised by the service layer, and how they become the API's one error format."""

from flask import Flask, request
from flask_smorest import abort
from werkzeug.exceptions import HTTPException, MethodNotAllowed


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


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        kwargs = {"message": error.message}
        if error.errors:
            kwargs["errors"] = error.errors
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
