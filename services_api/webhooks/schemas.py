"""Webhook schemas: a subscription as registered and as listed, and its delivery attempts."""

import marshmallow as ma

from services_api.changes.feed import encode_cursor
from services_api.changes.models import CHANGE_KINDS
from services_api.schemas import text
from services_api.webhooks.urls import MAX_URL_LENGTH


class WebhookInSchema(ma.Schema):
    url = text(
        MAX_URL_LENGTH,
        min_length=1,
        required=True,
        metadata={
            "format": "uri",
            "description": "Địa chỉ http(s) nhận các thay đổi, có tên máy chủ, không chứa tên "
            "đăng nhập, mật khẩu hay #fragment (422)",
        },
    )
    kinds = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(CHANGE_KINDS)),
        required=True,
        validate=ma.validate.Length(min=1, max=len(CHANGE_KINDS)),
        metadata={"description": "Các loại thay đổi muốn nhận"},
    )
    description = text(500, metadata={"description": "Ai nhận, để làm gì"})


class WebhookSchema(ma.Schema):
    id = ma.fields.Integer()
    url = ma.fields.String()
    kinds = ma.fields.List(ma.fields.String())
    description = ma.fields.String(allow_none=True)
    created_by = ma.fields.String(metadata={"description": "Tên khóa API đã đăng ký"})
    created_at = ma.fields.DateTime()
    position = ma.fields.Function(
        lambda s: encode_cursor(s.position),
        metadata={"description": "Con trỏ của dòng thay đổi: đã giao mọi thay đổi tới đây"},
    )
    pending = ma.fields.Integer(metadata={"description": "Số thay đổi đang chờ giao"})
    failures = ma.fields.Integer(metadata={"description": "Số lần giao hỏng liên tiếp"})
    next_attempt_at = ma.fields.DateTime(
        allow_none=True, metadata={"description": "Lần thử lại kế tiếp (null: ngay khi có)"}
    )
    last_delivered_at = ma.fields.DateTime(allow_none=True)
    last_error = ma.fields.String(allow_none=True)


class WebhookCreatedSchema(WebhookSchema):
    secret = ma.fields.String(
        metadata={"description": "Khóa ký HMAC-SHA256 của webhook: chỉ hiện một lần, lúc tạo"}
    )


class WebhookDeliverySchema(ma.Schema):
    id = ma.fields.Integer()
    change_id = ma.fields.Integer(metadata={"description": "Thay đổi được giao (X-Event-Id)"})
    kind = ma.fields.String()
    attempt = ma.fields.Integer(metadata={"description": "Lần thử thứ mấy cho thay đổi này"})
    attempted_at = ma.fields.DateTime()
    status_code = ma.fields.Integer(
        allow_none=True, metadata={"description": "null: không trả lời"}
    )
    error = ma.fields.String(allow_none=True)
    duration_ms = ma.fields.Integer()
    delivered = ma.fields.Boolean()
