"""Statistics schemas."""

import marshmallow as ma

from services_api.procedures.schemas import AS_OF, CODE, LEVEL, STATUS
from services_api.schemas import (
    CodeNameSchema,
    LevelCountSchema,
    StrictQueryArgsSchema,
    WholeNumber,
    slug,
)
from services_api.stats.timeline import MONTHS_PER_PERIOD
from services_api.vocabulary import Tier

GROUPINGS = ("agency", "field", "tier")


class MaturityStatsArgsSchema(StrictQueryArgsSchema):
    by = ma.fields.String(
        validate=ma.validate.OneOf(GROUPINGS), metadata={"description": "Group by"}
    )
    status = STATUS
    as_of = AS_OF


class AsOfStatsArgsSchema(StrictQueryArgsSchema):
    as_of = AS_OF


class TimelineArgsSchema(StrictQueryArgsSchema):
    by = ma.fields.String(
        load_default="month",
        validate=ma.validate.OneOf(tuple(MONTHS_PER_PERIOD)),
        metadata={"description": "Period: month, quarter or year"},
    )
    since = ma.fields.Date(metadata={"description": "Default: the earliest date in the history"})
    until = ma.fields.Date(metadata={"description": "Default: today"})
    tier = ma.fields.List(ma.fields.Enum(Tier, by_value=True))
    agency = ma.fields.List(CODE, metadata={"description": "Agency codes"})
    field = ma.fields.List(CODE, metadata={"description": "Field codes"})


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


class PeriodSchema(LevelBreakdownSchema):
    period = ma.fields.String(metadata={"description": "2026-03, 2026-Q1 or 2026"})
    end = ma.fields.Date(metadata={"description": "Last day of the period: counts are on it"})


class TimelineSchema(ma.Schema):
    by = ma.fields.String()
    periods = ma.fields.List(ma.fields.Nested(PeriodSchema))


class TargetInSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    agency = slug(
        allow_none=True,
        load_default=None,
        metadata={"description": "Agency code; null for the whole province"},
    )
    level = WholeNumber(required=True, validate=LEVEL)
    share = ma.fields.Float(
        required=True,
        validate=ma.validate.Range(min=0, max=100),
        metadata={"description": "Per cent of the procedures at this level or above"},
    )
    due_date = ma.fields.Date(allow_none=True, load_default=None)


class TargetsInSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    targets = ma.fields.List(
        ma.fields.Nested(TargetInSchema),
        required=True,
        metadata={"description": "The whole set: targets not listed are removed"},
    )


class TargetSchema(ma.Schema):
    id = ma.fields.Integer()
    agency = ma.fields.Nested(CodeNameSchema, allow_none=True)
    level = ma.fields.Integer()
    share = ma.fields.Float()
    due_date = ma.fields.Date(allow_none=True)
    updated_at = ma.fields.DateTime()


class TargetProgressSchema(ma.Schema):
    target = ma.fields.Nested(TargetSchema)
    procedure_count = ma.fields.Integer()
    reached_count = ma.fields.Integer(metadata={"description": "At the target level or above"})
    reached_share = ma.fields.Float()
    remaining = ma.fields.Integer(metadata={"description": "Procedures still to raise"})
    met = ma.fields.Boolean()
