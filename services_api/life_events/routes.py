"""Life event endpoints: anyone lists and reads them; administrators create, replace, delete."""

from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.error_handler import ErrorSchema

from services_api.keys.auth import current_key, requires
from services_api.keys.models import Role
from services_api.life_events.schemas import (
    LifeEventCreateSchema,
    LifeEventDetailSchema,
    LifeEventPathSchema,
    LifeEventSchema,
    LifeEventWriteSchema,
)
from services_api.services import life_event_service

blp = Blueprint(
    "life-events",
    __name__,
    url_prefix="/api/v1/life-events",
    description=(
        "Sự kiện trong đời người dân và doanh nghiệp (sinh con, kết hôn, mua bán nhà đất, mở "
        "cửa hàng...), mỗi sự kiện với các thủ tục theo thứ tự làm. Search recognises an "
        "event's phrases in a query and ranks its procedures first. Administrators (admin "
        "key) create, replace and delete events; an event's code, in the body or in PUT's "
        "path, is a slug of at most 80 characters, and procedure codes must be in the "
        "catalogue (422, nothing written); a write applies to the next search in every worker."
    ),
)

NOT_FOUND = "Không có sự kiện với mã này"


@blp.route("")
class LifeEvents(MethodView):
    @blp.etag
    @blp.response(200, LifeEventSchema(many=True))
    def get(self):
        """List life events"""
        return life_event_service().summaries()

    @requires(blp, Role.ADMIN)
    @blp.arguments(LifeEventCreateSchema())
    @blp.response(201, LifeEventDetailSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Đã có sự kiện với mã này")
    def post(self, data):
        """Create a life event"""
        return life_event_service().create(data, current_key())


@blp.route("/<string:code>")
class LifeEvent(MethodView):
    @blp.etag
    @blp.response(200, LifeEventDetailSchema)
    @blp.alt_response(404, schema=ErrorSchema, description=NOT_FOUND)
    def get(self, code):
        """Read a life event with its procedures, their levels and online kind"""
        return life_event_service().get(code)

    @requires(blp, Role.ADMIN)
    @blp.arguments(LifeEventPathSchema(), location="path")
    @blp.arguments(LifeEventWriteSchema())
    @blp.response(200, LifeEventDetailSchema)
    def put(self, path, data, code):
        """Create or replace a life event"""
        return life_event_service().replace(path["code"], data, current_key())

    @requires(blp, Role.ADMIN)
    @blp.response(204)
    @blp.alt_response(404, schema=ErrorSchema, description=NOT_FOUND)
    def delete(self, code):
        """Delete a life event"""
        life_event_service().delete(code, current_key())
