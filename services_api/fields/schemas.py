"""Field schemas."""

import marshmallow as ma

from services_api.schemas import LevelCountSchema


class FieldSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    procedure_count = ma.fields.Integer()
    levels = ma.fields.List(ma.fields.Nested(LevelCountSchema))
    online_rate = ma.fields.Float(metadata={"description": "Share (%) at level 3 or 4"})
