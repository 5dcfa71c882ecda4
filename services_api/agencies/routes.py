"""Agency endpoints."""

from flask.views import MethodView
from flask_smorest import Blueprint

from services_api.agencies.schemas import AgencyQueryArgsSchema, AgencySchema
from services_api.services import agency_service

blp = Blueprint(
    "agencies",
    __name__,
    url_prefix="/api/v1/agencies",
    description="Cơ quan thực hiện thủ tục, với số thủ tục theo mức độ.",
)


@blp.route("")
class Agencies(MethodView):
    @blp.etag
    @blp.arguments(AgencyQueryArgsSchema(), location="query", unknown="raise")
    @blp.response(200, AgencySchema(many=True))
    def get(self, args):
        """List agencies with their procedure counts per level"""
        return agency_service().list(args.get("tier"))


@blp.route("/<string:code>")
class AgencyByCode(MethodView):
    @blp.etag
    @blp.response(200, AgencySchema)
    @blp.alt_response(404, description="Không có cơ quan với mã này")
    def get(self, code):
        """Get one agency with its procedure counts per level"""
        return agency_service().get(code)
