"""Statistics schemas."""

import marshmallow as ma

from services_api.schemas import LevelCountSchema, StrictQueryArgsSchema

GROUPINGS = ("agency", "field", "tier")


class MaturityStatsArgsSchema(StrictQueryArgsSchema):
    by = ma.fields.String(
        validate=ma.validate.OneOf(GROUPINGS), metadata={"description": "Group by"}
    )


class LevelBreakdownSchema(ma.Schema):
    procedure_count = ma.fields.Integer()
    levels = ma.fields.List(ma.fields.Nested(LevelCountSchema))
    online_rate = ma.fields.Float(metadata={"description": "Share (%) at level 3 or 4"})


class MaturityGroupSchema(LevelBreakdownSchema):
    code = ma.fields.String(allow_none=True)
    name = ma.fields.String()


class MaturityStatsSchema(LevelBreakdownSchema):
    by = ma.fields.String(allow_none=True)
    groups = ma.fields.List(ma.fields.Nested(MaturityGroupSchema))
