"""Search rule schemas: a synonym (term → expansion) or a best bet (query → procedure codes)."""

import marshmallow as ma

from services_api.schemas import procedure_code, text

MAX_BEST_BET_CODES = 20
# The two shapes a rule takes, as _fits_its_kind checks them.
RULE_SHAPES = {
    "oneOf": [
        {
            "properties": {"kind": {"const": "synonym"}, "codes": {"not": {}}},
            "required": ["expansion"],
        },
        {
            "properties": {"kind": {"const": "best_bet"}, "expansion": {"not": {}}},
            "required": ["codes"],
        },
    ]
}


def _text(description: str, length: int = 200, **options) -> ma.fields.String:
    return text(length, min_length=1, metadata={"description": description}, **options)


class SearchRuleInSchema(ma.Schema):
    class Meta:
        json_schema = RULE_SHAPES

    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(["synonym", "best_bet"]))
    term = _text("Từ người dân gõ (synonym) hoặc câu tìm kiếm được ghim (best_bet)", required=True)
    expansion = _text("Synonym: cách gọi trong tên thủ tục ('thành lập hộ kinh doanh')")
    codes = ma.fields.List(
        procedure_code(),
        validate=ma.validate.Length(min=1, max=MAX_BEST_BET_CODES),
        metadata={"description": "Best bet: mã các thủ tục đưa lên đầu, theo thứ tự"},
    )
    reason = _text("Lý do (bằng chứng) của quy tắc", length=500, required=True)

    @ma.validates_schema
    def _fits_its_kind(self, data, **kwargs):
        if data.get("kind") == "synonym":
            if not data.get("expansion"):
                raise ma.ValidationError("Synonym cần từ thay thế (expansion).", "expansion")
            if "codes" in data:
                raise ma.ValidationError("Synonym không có mã thủ tục.", "codes")
        elif data.get("kind") == "best_bet":
            if not data.get("codes"):
                raise ma.ValidationError("Best bet cần ít nhất một mã thủ tục.", "codes")
            if "expansion" in data:
                raise ma.ValidationError("Best bet không có từ thay thế.", "expansion")


class SearchRuleSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String(attribute="kind.value")
    term = ma.fields.String()
    expansion = ma.fields.String(allow_none=True)
    codes = ma.fields.List(ma.fields.String(), allow_none=True)
    reason = ma.fields.String()
    revision = ma.fields.Integer(metadata={"description": "Số lần quy tắc đã được sửa, từ 1"})
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


class AnsweredQuerySchema(ma.Schema):
    query = ma.fields.String(metadata={"description": "Truy vấn đã gấp dấu, không có kết quả"})
    count = ma.fields.Integer(metadata={"description": "Số lần tìm không có kết quả"})
    last_seen = ma.fields.DateTime()


class SearchRuleListedSchema(SearchRuleSchema):
    zero_result_queries = ma.fields.List(
        ma.fields.Nested(AnsweredQuerySchema),
        metadata={"description": "Các truy vấn không có kết quả mà quy tắc này trả lời"},
    )
