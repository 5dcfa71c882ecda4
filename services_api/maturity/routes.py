"""Maturity endpoints: an agency changes one procedure's level; anyone reads its history."""

from flask.views import MethodView
from flask_smorest.error_handler import ErrorSchema

from services_api.etags import check_if_match
from services_api.json_body import Blueprint
from services_api.keys.auth import WRITERS, current_key, requires
from services_api.maturity.schemas import MaturityChangeSchema, MaturityUpdateSchema
from services_api.procedures.schemas import ProcedureSchema
from services_api.services import maturity_service

blp = Blueprint(
    "maturity",
    __name__,
    url_prefix="/api/v1/procedures",
    description=(
        "Cơ quan cập nhật mức độ dịch vụ công trực tuyến. Writing needs an API key "
        "(`Authorization: Bearer <key>`): admin keys change any procedure, editor keys only "
        "those their agency implements or decides. Send `If-Match` with the ETag of "
        "`GET /procedures/{code}`: 428 without it or with `*`, 412 when the procedure changed "
        "since. Rules (422): level 1–4; level 3 or 4 needs an online channel on the record or "
        "`online_service_url`; lowering needs a reason (at most 1,000 characters); the "
        "effective date is not in the future, not before 2011-06-13 (Nghị định "
        "43/2011/NĐ-CP) nor before the previous change. Text holding control characters or "
        "lone surrogates is 422. Asking for the level the procedure already has is 409 "
        "and records nothing. Every change is a history row."
    ),
)


def _check_etag(procedure) -> None:
    check_if_match(blp, procedure, ProcedureSchema)


@blp.route("/<string:code>/maturity")
class ProcedureMaturity(MethodView):
    @requires(blp, *WRITERS)
    @blp.etag
    @blp.arguments(MaturityUpdateSchema())
    @blp.response(200, ProcedureSchema)
    @blp.alt_response(404, schema=ErrorSchema, description="Không có thủ tục với mã này")
    @blp.alt_response(
        409, schema=ErrorSchema, description="Thủ tục đã ở mức độ này: không có gì được ghi"
    )
    @blp.alt_response(
        422,
        schema=ErrorSchema,
        description="A rule, or a body no database stores (a number of thousands of digits, "
        "nesting past the decoder's limit, control characters or lone surrogates in text)",
    )
    def put(self, update, code):
        """Change a procedure's maturity level"""
        return maturity_service().change(code, current_key(), update, _check_etag)


@blp.route("/<string:code>/maturity/history")
class ProcedureMaturityHistory(MethodView):
    @blp.etag
    @blp.response(200, MaturityChangeSchema(many=True))
    @blp.alt_response(404, schema=ErrorSchema, description="Không có thủ tục với mã này")
    def get(self, code):
        """List every level change of a procedure, oldest first"""
        return maturity_service().history(code)
