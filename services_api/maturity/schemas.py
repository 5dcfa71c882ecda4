"""Maturity schemas: a level change as sent, and one row of a procedure's history."""

import marshmallow as ma

from services_api.maturity.rules import MAX_REASON_CHARS
from services_api.procedures.models import ChangeVia
from services_api.procedures.schemas import LEVEL
from services_api.schemas import CodeNameSchema, Pattern, WholeNumber, text

# http or https, a host name with a dot, an optional port and path (printable ASCII).
WEB_ADDRESS = r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]{1,5})?([/?#][!-~]*)?$"


class MaturityUpdateSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    level = WholeNumber(required=True, validate=LEVEL, metadata={"description": "1 to 4"})
    reason = text(
        MAX_REASON_CHARS,
        load_default=None,
        allow_none=True,
        metadata={
            "description": "Lý do (up to 1,000 characters); required when the level goes down"
        },
    )
    effective_date = ma.fields.Date(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "Ngày hiệu lực (default today); not in the future, not before "
            "2011-06-13 (Nghị định 43/2011/NĐ-CP) nor the procedure's previous change"
        },
    )
    online_service_url = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=[
            ma.validate.Length(max=500),
            Pattern(WEB_ADDRESS, error="Địa chỉ web http(s) không hợp lệ."),
        ],
        metadata={
            "description": "Address of the online service; needed for level 3 or 4 "
            "when the procedure has no online channel"
        },
    )


class MaturityChangeSchema(ma.Schema):
    id = ma.fields.Integer()
    from_level = ma.fields.Integer(allow_none=True, metadata={"description": "None: seeded"})
    to_level = ma.fields.Integer()
    reason = ma.fields.String(allow_none=True)
    effective_date = ma.fields.Date()
    changed_at = ma.fields.DateTime()
    changed_by = ma.fields.String(metadata={"description": "Name of the API key, or seed"})
    key_id = ma.fields.Integer(allow_none=True)
    agency = ma.fields.Nested(CodeNameSchema, allow_none=True)
    via = ma.fields.Enum(ChangeVia, by_value=True)
