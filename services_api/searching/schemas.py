"""Search schemas: the query, hits with highlights, facet counts."""

import marshmallow as ma

from services_api.procedures.schemas import CatalogueFilterArgsSchema
from services_api.schemas import (
    PRINTABLE_TEXT,
    CodeNameSchema,
    Pattern,
    StrictQueryArgsSchema,
)

MAX_QUERY_LENGTH = 200
MAX_RESULT_WINDOW = 1000  # page × page_size: the service refuses more (422)


QUERY_TEXT = ma.fields.String(
    required=True,
    validate=[
        ma.validate.Length(min=1, max=MAX_QUERY_LENGTH),
        Pattern(PRINTABLE_TEXT, error="Truy vấn chứa ký tự điều khiển."),
    ],
    metadata={"description": "What the citizen typed, with or without tone marks"},
)


class SearchArgsSchema(CatalogueFilterArgsSchema):
    IGNORED_KEYS = ()  # page and page_size are read here, not by flask-smorest

    q = QUERY_TEXT
    page = ma.fields.Integer(
        load_default=1,
        validate=ma.validate.Range(min=1, max=MAX_RESULT_WINDOW),
        metadata={"description": f"page × page_size at most {MAX_RESULT_WINDOW} (else 422)"},
    )
    page_size = ma.fields.Integer(load_default=10, validate=ma.validate.Range(min=1, max=50))


class SuggestArgsSchema(StrictQueryArgsSchema):
    q = QUERY_TEXT
    limit = ma.fields.Integer(load_default=8, validate=ma.validate.Range(min=1, max=8))


class HighlightSchema(ma.Schema):
    name = ma.fields.String(metadata={"description": "Name, HTML-escaped, matches in <mark>"})
    text = ma.fields.String(allow_none=True, metadata={"description": "Snippet of the record"})


class SearchHitSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    maturity_level = ma.fields.Integer()
    kind = ma.fields.String()
    online = ma.fields.Boolean()
    tiers = ma.fields.List(ma.fields.String())
    agency = ma.fields.Nested(CodeNameSchema, allow_none=True)
    field = ma.fields.Nested(CodeNameSchema, allow_none=True)
    score = ma.fields.Float()
    highlight = ma.fields.Nested(HighlightSchema)


class FacetCounts(ma.fields.Dict):
    """Counts per facet value, built by the service as plain str → int dicts: dumped as they
    are (a facet has up to a few hundred values; checking each one cost more than the search)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class SearchResultSchema(ma.Schema):
    total = ma.fields.Integer()
    page = ma.fields.Integer()
    page_size = ma.fields.Integer()
    hits = ma.fields.List(ma.fields.Nested(SearchHitSchema))
    facets = FacetCounts(
        keys=ma.fields.String(),
        values=ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer()),
        metadata={"description": "Counts per level, tier, agency, field, kind and online"},
    )
    suggestion = ma.fields.String(allow_none=True, metadata={"description": "Did you mean"})
    life_event = ma.fields.Nested(
        CodeNameSchema,
        allow_none=True,
        metadata={"description": "The life event recognised in the query: its procedures lead"},
    )
    degraded = ma.fields.Boolean(
        metadata={"description": "True when the search engine was down and the database answered"}
    )


class SuggestionSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()


class ZeroResultArgsSchema(StrictQueryArgsSchema):
    IGNORED_KEYS = ()  # not paginated: page and page_size are unknown arguments here

    limit = ma.fields.Integer(load_default=100, validate=ma.validate.Range(min=1, max=1000))


class ZeroResultQuerySchema(ma.Schema):
    query = ma.fields.String(
        metadata={"description": "The query folded: lower case, no tone marks, single spaces"}
    )
    count = ma.fields.Integer(metadata={"description": "Searches for it that found nothing"})
    first_seen = ma.fields.DateTime()
    last_seen = ma.fields.DateTime()
