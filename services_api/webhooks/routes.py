"""Webhook endpoints (administrators): register, list and delete subscribers, read their log."""

from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.error_handler import ErrorSchema

from services_api.decorators import paged
from services_api.keys.auth import current_key, requires
from services_api.keys.models import Role
from services_api.services import webhook_service
from services_api.types import MAX_INTEGER
from services_api.webhooks.schemas import (
    WebhookCreatedSchema,
    WebhookDeliverySchema,
    WebhookInSchema,
    WebhookSchema,
)

blp = Blueprint(
    "webhooks",
    __name__,
    url_prefix="/api/v1/webhooks",
    description=(
        "Webhook: mỗi thay đổi của danh mục thuộc các loại đã chọn được POST tới địa chỉ đăng "
        "ký, dạng JSON như một mục của `GET /changes`, ký HMAC-SHA256 (`X-Signature: t=…, "
        "v1=…` trên `<t>.<body>`), theo thứ tự, thử lại với thời gian chờ tăng gấp đôi tới khi "
        "nhận được 2xx; không theo chuyển hướng."
    ),
)

NOT_FOUND = "Không có webhook với số này"


def _with_pending(subscription):
    subscription.pending = webhook_service().pending(subscription)
    return subscription


@blp.route("")
class Webhooks(MethodView):
    @requires(blp, Role.ADMIN)
    @blp.response(200, WebhookSchema(many=True))
    def get(self):
        """List the webhook subscriptions and how far each has been delivered"""
        return [_with_pending(s) for s in webhook_service().subscriptions()]

    @requires(blp, Role.ADMIN)
    @blp.arguments(WebhookInSchema())
    @blp.response(201, WebhookCreatedSchema)
    def post(self, data):
        """Register a subscriber URL; its secret is in this answer only"""
        subscription = webhook_service().create(
            data["url"], data["kinds"], current_key().name, data.get("description")
        )
        return _with_pending(subscription)


@blp.route(f"/<int(max={MAX_INTEGER}):subscription_id>")
class Webhook(MethodView):
    @requires(blp, Role.ADMIN)
    @blp.response(200, WebhookSchema)
    @blp.alt_response(404, schema=ErrorSchema, description=NOT_FOUND)
    def get(self, subscription_id):
        """Show one webhook subscription"""
        return _with_pending(webhook_service().get(subscription_id))

    @requires(blp, Role.ADMIN)
    @blp.response(204)
    @blp.alt_response(404, schema=ErrorSchema, description=NOT_FOUND)
    def delete(self, subscription_id):
        """Delete a webhook subscription and its delivery log"""
        webhook_service().delete(subscription_id)


@blp.route(f"/<int(max={MAX_INTEGER}):subscription_id>/deliveries")
class WebhookDeliveries(MethodView):
    @requires(blp, Role.ADMIN)
    @blp.response(200, WebhookDeliverySchema(many=True))
    @blp.alt_response(404, schema=ErrorSchema, description=NOT_FOUND)
    @blp.paginate()
    def get(self, pagination_parameters, subscription_id):
        """The subscription's delivery attempts, newest first"""
        webhooks = webhook_service()
        return paged(
            pagination_parameters,
            lambda page, size: webhooks.deliveries(subscription_id, page, size),
        )
