"""Publishing endpoints: administrators create, replace, patch, rescind and restore procedures,
each under a decision."""

from flask.views import MethodView
from flask_smorest.error_handler import ErrorSchema

from services_api.decorators import stacked
from services_api.etags import check_if_match
from services_api.json_body import Blueprint
from services_api.keys.auth import current_key, requires
from services_api.keys.models import Role
from services_api.procedures.schemas import ProcedureSchema
from services_api.publishing.schemas import (
    ProcedureCreateSchema,
    ProcedurePatchSchema,
    ProcedureReplaceSchema,
    StatusChangeSchema,
)
from services_api.services import publishing_service

blp = Blueprint(
    "publishing",
    __name__,
    url_prefix="/api/v1/procedures",
    description=(
        "Công bố thủ tục theo quyết định (admin key). Every write names its decision (`number`, "
        "`date`: not in the future, not before 2010-06-08 nor the procedure's last decision; "
        "a number already recorded with another date is 422) and is one revision of the "
        "procedure, with a field-level diff. Except creation, send `If-Match` with the ETag of "
        "`GET /procedures/{code}`: 428 without it or with `*`, 412 when the procedure changed "
        "since. Rules (422): a national code 1.234567; a name; tiers (ministry, province, "
        "commune, other, each once); at least one channel, each with its time (a number "
        "value with a unit, or a text) and its fee (an amount in VND, free, or a text); "
        "agencies and the field in the catalogue, or created by the same write "
        "(`new_agencies`, `new_fields`); a level-3 or 4 procedure keeps an online channel. "
        "409: a national code that exists, a content the procedure already has, changing a "
        "rescinded procedure, rescinding a rescinded one or restoring an active one. "
        "`PUT /procedures/{code}/status` rescinds (`rescinded`) or restores (`active`). A "
        "rescinded procedure leaves listings, statistics and search and its page says so; "
        "restored, it comes back."
    ),
)

RULES = (
    "A rule, or a body no database stores (a number of thousands of digits, nesting past the "
    "decoder's limit, control characters or lone surrogates in text)"
)


def _check_etag(procedure) -> None:
    check_if_match(blp, procedure, ProcedureSchema)


def _documented(*statuses):
    """The error answers of a write, documented once."""
    descriptions = {
        404: "Không có thủ tục với mã này",
        409: "Nothing to write: see the rules",
        422: RULES,
    }

    def decorator(function):
        for status in statuses:
            function = blp.alt_response(
                status, schema=ErrorSchema, description=descriptions[status]
            )(function)
        return function

    return decorator


def _write(schema, status: int = 200, errors: tuple[int, ...] = (404, 409, 422)):
    """An administrator's write, documented: the key, the ETag, the body, the procedure it
    answers with ``status``, and its error answers."""
    return stacked(
        requires(blp, Role.ADMIN),
        blp.etag,
        blp.arguments(schema),
        blp.response(status, ProcedureSchema),
        _documented(*errors),
    )


@blp.route("")
class ProcedureCreation(MethodView):
    @_write(ProcedureCreateSchema(), 201, errors=(409, 422))
    def post(self, body):
        """Publish a new procedure (administrators)"""
        return publishing_service().create(body, current_key())


@blp.route("/<string:code>")
class ProcedureContent(MethodView):
    @_write(ProcedureReplaceSchema())
    def put(self, body, code):
        """Replace a procedure's whole content (administrators)"""
        return publishing_service().replace(code, body, current_key(), _check_etag)

    @_write(ProcedurePatchSchema())
    def patch(self, body, code):
        """Amend some of a procedure's content (administrators)"""
        return publishing_service().patch(code, body, current_key(), _check_etag)


@blp.route("/<string:code>/status")
class ProcedureStatus(MethodView):
    @_write(StatusChangeSchema())
    def put(self, body, code):
        """Rescind a procedure (bãi bỏ) or restore it (administrators)"""
        service = publishing_service()
        change = service.rescind if body["status"] == "rescinded" else service.restore
        return change(code, body, current_key(), _check_etag)
