"""Change feed schemas: a page of changes from a cursor, and the Atom feed's arguments."""

import marshmallow as ma

from services_api.changes.feed import encode_cursor, is_tombstone
from services_api.changes.models import CHANGE_KINDS
from services_api.schemas import StrictQueryArgsSchema

MAX_PAGE = 1000


class ChangeArgsSchema(StrictQueryArgsSchema):
    after = ma.fields.String(
        validate=ma.validate.Length(min=1, max=100),
        metadata={"description": "Con trỏ `next` của trang trước; bỏ trống: từ thay đổi đầu tiên"},
    )
    limit = ma.fields.Integer(
        load_default=100,
        validate=ma.validate.Range(min=1, max=MAX_PAGE),
        metadata={"description": f"Số thay đổi tối đa của trang (1–{MAX_PAGE})"},
    )


class AtomArgsSchema(StrictQueryArgsSchema):
    limit = ma.fields.Integer(
        load_default=50,
        validate=ma.validate.Range(min=1, max=500),
        metadata={"description": "Số thay đổi mới nhất trong feed (1–500)"},
    )


class ChangeSchema(ma.Schema):
    id = ma.fields.Integer(metadata={"description": "Số của thay đổi, không bao giờ dùng lại"})
    cursor = ma.fields.Function(
        lambda change: encode_cursor(change.position),
        metadata={"description": "Vị trí của thay đổi: `after=` này cho các thay đổi sau nó"},
    )
    kind = ma.fields.String(
        attribute="kind.value", metadata={"enum": list(CHANGE_KINDS), "description": "Loại"}
    )
    subject = ma.fields.String(
        metadata={"description": "Mã thủ tục (hoặc mã cơ quan, lĩnh vực) đã thay đổi"}
    )
    tombstone = ma.fields.Function(
        is_tombstone,
        metadata={"description": "true: thủ tục đã bị bãi bỏ (mã vẫn còn trong dòng thay đổi)"},
    )
    data = ma.fields.Dict(allow_none=True, metadata={"description": "Chi tiết của thay đổi"})
    generation = ma.fields.Integer(metadata={"description": "Thế hệ danh mục của lần ghi"})
    committed_at = ma.fields.DateTime()


class ChangePageSchema(ma.Schema):
    changes = ma.fields.List(ma.fields.Nested(ChangeSchema))
    next = ma.fields.String(
        metadata={"description": "Con trỏ để hỏi tiếp (`after=`), kể cả khi trang rỗng"}
    )
    has_more = ma.fields.Boolean(metadata={"description": "Còn thay đổi sau trang này"})
