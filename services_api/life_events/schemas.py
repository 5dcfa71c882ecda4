"""Life event schemas: the summary, the detail with procedures, and what an administrator sends."""

import marshmallow as ma

from services_api.life_events.models import LifeEvent
from services_api.schemas import procedure_code, slug, text

CODE = slug(
    max_length=LifeEvent.code.type.length,
    required=True,
    metadata={"description": "Slug, e.g. `sinh-con`"},
)


def _text(max_length: int, description: str) -> ma.fields.String:
    return text(max_length, min_length=1, required=True, metadata={"description": description})


class LifeEventWriteSchema(ma.Schema):
    """A whole event, as PUT replaces it and POST creates it."""

    class Meta:
        unknown = ma.RAISE

    name = _text(200, "Tên sự kiện, như người dân nói")
    audience = ma.fields.String(required=True, validate=ma.validate.OneOf(["citizen", "business"]))
    description = _text(1000, "One sentence: what the event involves")
    phrases = ma.fields.List(
        _text(100, "A phrase people type"),
        required=True,
        validate=ma.validate.Length(min=1, max=100),
        metadata={
            "description": "Matched in queries folded (no tone marks), as whole words; "
            "distinct once case and spacing are ignored",
            "uniqueItems": True,
        },
    )
    procedures = ma.fields.List(
        procedure_code(),
        required=True,
        validate=ma.validate.Length(min=1, max=50),
        metadata={
            "description": "Catalogue codes, in the order a person does them",
            "uniqueItems": True,
        },
    )
    reason = _text(2000, "Why these procedures, in this order")
    source = _text(1000, "Where the grouping comes from")

    @ma.validates("procedures")
    def _distinct(self, value, **kwargs):
        if len(set(value)) != len(value):
            raise ma.ValidationError("Mỗi thủ tục chỉ ghi một lần.")


class LifeEventCreateSchema(LifeEventWriteSchema):
    code = CODE


class LifeEventPathSchema(ma.Schema):
    """The event a PUT creates or replaces: its code is checked as a created one's is."""

    code = CODE


class LifeEventProcedureSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    maturity_level = ma.fields.Integer()
    kind = ma.fields.String(metadata={"description": "Decree 42/2022 kind: full, partial, info"})
    online = ma.fields.Boolean(metadata={"description": "Has an online channel"})
    tiers = ma.fields.List(ma.fields.String())


class LifeEventSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    audience = ma.fields.String()
    description = ma.fields.String()
    phrases = ma.fields.List(ma.fields.String())
    procedure_codes = ma.fields.List(ma.fields.String())
    reason = ma.fields.String()
    source = ma.fields.String()
    version = ma.fields.Integer(metadata={"description": "Bumped by every write"})
    updated_at = ma.fields.DateTime()


class LifeEventDetailSchema(LifeEventSchema):
    procedures = ma.fields.List(ma.fields.Nested(LifeEventProcedureSchema))
