"""Procedure schemas: query arguments, list items and the full record."""

import datetime as dt

import marshmallow as ma
from flask import current_app
from marshmallow.validate import OneOf, Range

from services_api.procedures.filters import STATUS_CHOICES
from services_api.procedures.models import (
    ChangeVia,
    ChannelMethod,
    LevelSource,
    RevisionKind,
    Status,
)
from services_api.schemas import CodeNameSchema, StrictQueryArgsSchema, slug, tier_value
from services_api.vocabulary import LEVELS, OnlineKind, Tier, provincial_code

SORT_KEYS = ("name", "code", "level", "updated")
SORT_VALUES = [f"{sign}{key}" for key in SORT_KEYS for sign in ("", "-")]
LEVEL = Range(min=LEVELS[0], max=LEVELS[-1])
# A code of an agency or a field: a slug, so no text a database refuses (NUL) becomes a query.
CODE = slug()
AS_OF = ma.fields.Date(
    metadata={
        "description": "Answer with the levels and statuses in force on this date (from the "
        "level history and the revisions: a procedure rescinded since counts as active, one "
        "published after it is left out); the seeded level and record stand for dates before "
        "them"
    }
)
CONTENT_AS_OF = ma.fields.Date(
    metadata={
        "description": "Answer with the content, status and level in force on this date (from "
        "the revisions and the level history); the seeded record stands for dates before it"
    }
)


STATUS = ma.fields.String(
    load_default="active",
    validate=OneOf(STATUS_CHOICES),
    metadata={"description": "active (default), rescinded (bãi bỏ) or all"},
)


class CatalogueFilterArgsSchema(StrictQueryArgsSchema):
    level = ma.fields.List(
        ma.fields.Integer(validate=LEVEL), metadata={"description": "Repeatable"}
    )
    tier = ma.fields.List(ma.fields.Enum(Tier, by_value=True))
    agency = ma.fields.List(CODE, metadata={"description": "Agency codes"})
    field = ma.fields.List(CODE, metadata={"description": "Field codes"})
    online = ma.fields.Boolean(metadata={"description": "Has an online channel"})
    kind = ma.fields.Enum(OnlineKind, by_value=True, metadata={"description": "Decree 42 kind"})


class AsOfArgsSchema(StrictQueryArgsSchema):
    as_of = CONTENT_AS_OF


class ProcedureQueryArgsSchema(CatalogueFilterArgsSchema):
    status = STATUS
    as_of = AS_OF
    min_level = ma.fields.Integer(validate=LEVEL)
    updated_since = ma.fields.AwareDateTime(default_timezone=dt.UTC, format="iso")
    sort = ma.fields.String(
        load_default="code",
        validate=OneOf(SORT_VALUES),
        metadata={"description": "name, code, level or updated; prefix '-' for descending"},
    )


class ProcedureListItemSchema(ma.Schema):
    code = ma.fields.String()
    provincial_code = ma.fields.Method("_provincial_code")
    name = ma.fields.String()
    maturity_level = ma.fields.Integer()
    kind = ma.fields.Enum(OnlineKind, by_value=True)
    level_source = ma.fields.Enum(LevelSource, by_value=True)
    # Procedure.tiers gives the values (strings), which an Enum field cannot dump.
    tiers = ma.fields.List(tier_value())
    agency = ma.fields.Nested(CodeNameSchema, allow_none=True)
    field = ma.fields.Nested(CodeNameSchema, allow_none=True)
    online = ma.fields.Boolean(attribute="has_online_channel")
    status = ma.fields.Enum(Status, by_value=True)
    updated_at = ma.fields.DateTime()

    def _provincial_code(self, procedure) -> str:
        return provincial_code(procedure.code, current_app.config["PROVINCE_CODE"])


class ChannelSchema(ma.Schema):
    method = ma.fields.Enum(ChannelMethod, by_value=True)
    time_value = ma.fields.Float(allow_none=True)
    time_unit = ma.fields.String(allow_none=True)
    time_text = ma.fields.String(allow_none=True)
    fee_vnd = ma.fields.Integer(allow_none=True)
    fee_free = ma.fields.Boolean()
    fee_text = ma.fields.String(allow_none=True)
    note = ma.fields.String(allow_none=True)


class DocumentSchema(ma.Schema):
    name = ma.fields.String()
    form = ma.fields.String(allow_none=True)
    quantity = ma.fields.String(allow_none=True)


class LegalBasisSchema(ma.Schema):
    title = ma.fields.String()
    number = ma.fields.String(allow_none=True)


class DecisionSchema(ma.Schema):
    number = ma.fields.String()
    date = ma.fields.Date(allow_none=True, metadata={"description": "None: not in the source"})


class ProcedureSchema(ProcedureListItemSchema):
    revision = ma.fields.Integer(metadata={"description": "Number of the current revision"})
    decision = ma.fields.Nested(
        DecisionSchema,
        allow_none=True,
        metadata={"description": "The decision of the current revision"},
    )
    rescission = ma.fields.Nested(
        DecisionSchema,
        allow_none=True,
        metadata={"description": "While rescinded (status `rescinded`): the rescinding decision"},
    )
    decision_number = ma.fields.String(allow_none=True)
    procedure_type = ma.fields.String(allow_none=True)
    competent_agency = ma.fields.Nested(CodeNameSchema, allow_none=True)
    implementing_agencies = ma.fields.List(ma.fields.Nested(CodeNameSchema))
    applicants = ma.fields.String(allow_none=True)
    steps = ma.fields.String(allow_none=True)
    channels = ma.fields.List(ma.fields.Nested(ChannelSchema))
    documents = ma.fields.List(ma.fields.Nested(DocumentSchema))
    documents_text = ma.fields.String(allow_none=True)
    conditions = ma.fields.String(allow_none=True)
    result = ma.fields.String(allow_none=True)
    legal_basis = ma.fields.List(ma.fields.Nested(LegalBasisSchema))
    source_url = ma.fields.String(allow_none=True)
    online_service_url = ma.fields.String(allow_none=True)
    created_at = ma.fields.DateTime()


class RevisionSchema(ma.Schema):
    number = ma.fields.Integer()
    kind = ma.fields.Enum(RevisionKind, by_value=True)
    decision = ma.fields.Nested(DecisionSchema, allow_none=True)
    effective_date = ma.fields.Date(
        allow_none=True,
        metadata={"description": "In force from (the decision's date); None: the seeded record"},
    )
    changed_by = ma.fields.String(metadata={"description": "Name of the API key, or seed"})
    agency = ma.fields.Nested(
        CodeNameSchema, allow_none=True, metadata={"description": "The key's agency"}
    )
    changed_at = ma.fields.DateTime()
    via = ma.fields.Enum(ChangeVia, by_value=True)
    reason = ma.fields.String(allow_none=True)
    changed_fields = ma.fields.List(
        ma.fields.String(),
        allow_none=True,
        metadata={"description": "None: every field (the seeded record)"},
    )


class FieldChangeSchema(ma.Schema):
    field = ma.fields.String()
    from_ = ma.fields.Raw(data_key="from", attribute="from", allow_none=True)
    to = ma.fields.Raw(allow_none=True)


class RevisionDetailSchema(RevisionSchema):
    diff = ma.fields.List(
        ma.fields.Nested(FieldChangeSchema),
        metadata={"description": "What this revision changed, field by field"},
    )
    content = ma.fields.Dict(metadata={"description": "The whole content it left"})
