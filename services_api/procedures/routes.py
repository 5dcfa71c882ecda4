"""Procedure endpoints: the filtered catalogue and one procedure's full record."""

from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.error_handler import ErrorSchema

from services_api.decorators import paged
from services_api.procedures.schemas import (
    AsOfArgsSchema,
    ProcedureListItemSchema,
    ProcedureQueryArgsSchema,
    ProcedureSchema,
    RevisionDetailSchema,
    RevisionSchema,
)
from services_api.services import procedure_service
from services_api.types import MAX_INTEGER

blp = Blueprint(
    "procedures",
    __name__,
    url_prefix="/api/v1/procedures",
    description=(
        "Thủ tục hành chính của tỉnh, với mức độ dịch vụ công trực tuyến 1–4. Listings show "
        "active procedures unless `status` asks for rescinded ones (bãi bỏ) or all; a "
        "rescinded procedure's page still answers, with `status` and `rescission`. Every "
        "change of a procedure's content is a revision (the seeded record is revision 1)."
    ),
)


@blp.route("")
class Procedures(MethodView):
    @blp.etag
    @blp.arguments(ProcedureQueryArgsSchema(), location="query", unknown="raise")
    @blp.response(200, ProcedureListItemSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List procedures, filtered and sorted"""
        procedures = procedure_service()
        return paged(pagination_parameters, lambda page, size: procedures.page(args, page, size))


@blp.route("/<string:code>")
class ProcedureByCode(MethodView):
    @blp.etag
    @blp.arguments(AsOfArgsSchema(), location="query", unknown="raise")
    @blp.response(200, ProcedureSchema)
    @blp.alt_response(
        404,
        schema=ErrorSchema,
        description="Không có thủ tục với mã này (or, with `as_of`, not yet published then)",
    )
    def get(self, args, code):
        """Get one procedure by national or provincial code, rescinded or not"""
        return procedure_service().get(code, args.get("as_of"))


@blp.route("/<string:code>/revisions")
class ProcedureRevisions(MethodView):
    @blp.etag
    @blp.response(200, RevisionSchema(many=True))
    @blp.alt_response(404, schema=ErrorSchema, description="Không có thủ tục với mã này")
    @blp.paginate()
    def get(self, code, pagination_parameters):
        """List the revisions of a procedure's content, oldest first"""
        procedures = procedure_service()
        return paged(
            pagination_parameters, lambda page, size: procedures.revision_page(code, page, size)
        )


@blp.route(f"/<string:code>/revisions/<int(max={MAX_INTEGER}):number>")
class ProcedureRevisionByNumber(MethodView):
    @blp.etag
    @blp.response(200, RevisionDetailSchema)
    @blp.alt_response(404, schema=ErrorSchema, description="No such procedure or revision")
    def get(self, code, number):
        """Get one revision: who, when, which decision, its field-level diff and content"""
        return procedure_service().revision(code, number)
