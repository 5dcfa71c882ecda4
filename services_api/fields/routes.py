"""Field endpoints."""

from flask.views import MethodView
from flask_smorest import Blueprint

from services_api.fields.schemas import FieldSchema
from services_api.services import field_service

blp = Blueprint(
    "fields",
    __name__,
    url_prefix="/api/v1/fields",
    description="Lĩnh vực thủ tục, với số thủ tục theo mức độ.",
)


@blp.route("")
class Fields(MethodView):
    @blp.etag
    @blp.response(200, FieldSchema(many=True))
    def get(self):
        """List fields with their procedure counts per level"""
        return field_service().list()
