"""Procedure endpoints: the filtered catalogue and one procedure's full record."""

from flask.views import MethodView
from flask_smorest import Blueprint

from services_api.procedures.schemas import (
    AsOfArgsSchema,
    ProcedureListItemSchema,
    ProcedureQueryArgsSchema,
    ProcedureSchema,
)
from services_api.services import procedure_service

blp = Blueprint(
    "procedures",
    __name__,
    url_prefix="/api/v1/procedures",
    description="Thủ tục hành chính của tỉnh, với mức độ dịch vụ công trực tuyến 1–4.",
)


@blp.route("")
class Procedures(MethodView):
    @blp.etag
    @blp.arguments(ProcedureQueryArgsSchema(), location="query", unknown="raise")
    @blp.response(200, ProcedureListItemSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List procedures, filtered and sorted"""
        items, total = procedure_service().page(
            args, pagination_parameters.page, pagination_parameters.page_size
        )
        pagination_parameters.item_count = total
        return items


@blp.route("/<string:code>")
class ProcedureByCode(MethodView):
    @blp.etag
    @blp.arguments(AsOfArgsSchema(), location="query", unknown="raise")
    @blp.response(200, ProcedureSchema)
    @blp.alt_response(404, description="Không có thủ tục với mã này")
    def get(self, args, code):
        """Get one procedure by national or provincial code"""
        return procedure_service().get(code, args.get("as_of"))
