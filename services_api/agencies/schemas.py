"""Agency schemas."""

import marshmallow as ma

from services_api.schemas import LevelCountSchema, StrictQueryArgsSchema, tier_value


class AgencyQueryArgsSchema(StrictQueryArgsSchema):
    tier = tier_value()


class AgencySchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    tier = ma.fields.String()
    parent = ma.fields.String(allow_none=True, metadata={"description": "Parent agency code"})
    procedure_count = ma.fields.Integer()
    levels = ma.fields.List(ma.fields.Nested(LevelCountSchema))
    online_rate = ma.fields.Float(metadata={"description": "Share (%) at level 3 or 4"})
