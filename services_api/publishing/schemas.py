"""Publishing schemas: a decision, a procedure's content as written (whole or in part), the
agencies and fields a write creates, and a rescission or restoration."""

import marshmallow as ma
from marshmallow.validate import Length, OneOf, Range

from services_api.procedures.content import CHANNEL_KEYS
from services_api.procedures.models import ChannelMethod, Status
from services_api.publishing.rules import MAX_FEE_VND, MAX_TIME_VALUE
from services_api.schemas import (
    NATIONAL_CODE,
    SLUG,
    STORABLE_TEXT,
    Pattern,
    WholeNumber,
    tier_value,
)
from services_api.vocabulary import Tier

MAX_TEXT = 100_000
MAX_REASON = 1_000
STORABLE = Pattern(STORABLE_TEXT, error="Văn bản có ký tự điều khiển.")
CODE = [Length(min=1, max=300), Pattern(SLUG, error="Mã gồm chữ thường không dấu, số và dấu -.")]


class StrictSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE


class DecisionInSchema(StrictSchema):
    number = ma.fields.String(
        required=True,
        validate=[Length(min=1, max=200), STORABLE],
        metadata={"description": "Số quyết định, e.g. 1234/QĐ-UBND"},
    )
    date = ma.fields.Date(
        required=True,
        metadata={
            "description": "Ngày quyết định: the revision is in force from it; not in the "
            "future, not before 2010-06-08 (Nghị định 63/2010) nor the procedure's last decision"
        },
    )


class ChannelInSchema(StrictSchema):
    method = ma.fields.String(required=True, validate=OneOf([m.value for m in ChannelMethod]))
    time_value = ma.fields.Float(
        load_default=None, allow_none=True, validate=Range(min=0, max=MAX_TIME_VALUE)
    )
    time_unit = ma.fields.String(
        load_default=None, allow_none=True, validate=[Length(max=100), STORABLE]
    )
    time_text = ma.fields.String(
        load_default=None, allow_none=True, validate=[Length(max=2000), STORABLE]
    )
    fee_vnd = WholeNumber(
        load_default=None, allow_none=True, validate=Range(min=0, max=MAX_FEE_VND)
    )
    fee_free = ma.fields.Boolean(load_default=False)
    fee_text = ma.fields.String(
        load_default=None, allow_none=True, validate=[Length(max=MAX_TEXT), STORABLE]
    )
    note = ma.fields.String(
        load_default=None, allow_none=True, validate=[Length(max=MAX_TEXT), STORABLE]
    )

    @ma.post_load
    def _in_order(self, data, **kwargs):
        return {key: data.get(key) for key in CHANNEL_KEYS}


class DocumentInSchema(StrictSchema):
    name = ma.fields.String(required=True, validate=[Length(min=1, max=MAX_TEXT), STORABLE])
    form = ma.fields.String(
        load_default=None, allow_none=True, validate=[Length(max=2000), STORABLE]
    )
    quantity = ma.fields.String(
        load_default=None, allow_none=True, validate=[Length(max=400), STORABLE]
    )


class LegalBasisInSchema(StrictSchema):
    title = ma.fields.String(required=True, validate=[Length(min=1, max=MAX_TEXT), STORABLE])
    number = ma.fields.String(
        load_default=None, allow_none=True, validate=[Length(max=200), STORABLE]
    )


class NewAgencySchema(StrictSchema):
    code = ma.fields.String(required=True, validate=CODE)
    name = ma.fields.String(required=True, validate=[Length(min=1, max=400), STORABLE])
    tier = ma.fields.String(required=True, validate=OneOf([t.value for t in Tier]))
    parent = ma.fields.String(load_default=None, allow_none=True, validate=CODE)


class NewFieldSchema(StrictSchema):
    code = ma.fields.String(required=True, validate=CODE)
    name = ma.fields.String(required=True, validate=[Length(min=1, max=400), STORABLE])


def _content_fields(whole: bool) -> dict:
    """The content's fields; ``whole`` (create, replace) requires the record's essentials and
    defaults the rest to nothing, a patch takes any of them."""

    def field(factory, required=False, default=None, **kwargs):
        if whole and required:
            return factory(required=True, **kwargs)
        if whole:
            return factory(load_default=default, allow_none=default is None, **kwargs)
        return factory(allow_none=not required and default is None, **kwargs)

    def text(required=False, limit=MAX_TEXT):
        return field(
            ma.fields.String, required, validate=[Length(min=int(required), max=limit), STORABLE]
        )

    def code(**kwargs):
        return field(ma.fields.String, validate=CODE, **kwargs)

    def listed(schema, required=False):
        return field(ma.fields.List, required, list, cls_or_instance=ma.fields.Nested(schema))

    return {
        "name": text(required=True, limit=2000),
        "decision_number": text(limit=200),
        "procedure_type": text(limit=200),
        "field": code(),
        "tiers": field(ma.fields.List, True, cls_or_instance=tier_value()),
        "competent_agency": code(),
        "implementing_agencies": field(
            ma.fields.List, False, list, cls_or_instance=ma.fields.String(validate=CODE)
        ),
        "applicants": text(),
        "steps": text(),
        "channels": listed(ChannelInSchema, required=True),
        "documents": listed(DocumentInSchema),
        "documents_text": text(),
        "conditions": text(),
        "result": text(),
        "legal_basis": listed(LegalBasisInSchema),
        "source_url": text(limit=500),
    }


def _write_fields() -> dict:
    return {
        "decision": ma.fields.Nested(DecisionInSchema, required=True),
        "reason": ma.fields.String(
            load_default=None, allow_none=True, validate=[Length(max=MAX_REASON), STORABLE]
        ),
        "new_agencies": ma.fields.List(
            ma.fields.Nested(NewAgencySchema),
            load_default=list,
            metadata={"description": "Agencies this write creates, to be named by code"},
        ),
        "new_fields": ma.fields.List(
            ma.fields.Nested(NewFieldSchema),
            load_default=list,
            metadata={"description": "Fields (lĩnh vực) this write creates"},
        ),
    }


ProcedureReplaceSchema = StrictSchema.from_dict(
    {**_content_fields(True), **_write_fields()}, name="ProcedureReplaceSchema"
)
ProcedurePatchSchema = StrictSchema.from_dict(
    {**_content_fields(False), **_write_fields()}, name="ProcedurePatchSchema"
)
ProcedureCreateSchema = StrictSchema.from_dict(
    {
        "code": ma.fields.String(
            required=True,
            validate=Pattern(NATIONAL_CODE, error="Mã thủ tục có dạng 1.001193."),
            metadata={"description": "Mã quốc gia 1.234567"},
        ),
        **_content_fields(True),
        **_write_fields(),
    },
    name="ProcedureCreateSchema",
)


class StatusChangeSchema(StrictSchema):
    status = ma.fields.String(
        required=True,
        validate=OneOf([s.value for s in Status]),
        metadata={"description": "rescinded (bãi bỏ) or active (restored)"},
    )
    decision = ma.fields.Nested(DecisionInSchema, required=True)
    reason = ma.fields.String(
        load_default=None, allow_none=True, validate=[Length(max=MAX_REASON), STORABLE]
    )
