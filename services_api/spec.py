"""The OpenAPI document says what the code does where flask-smorest's defaults do not: the
X-Pagination header is JSON text, If-Match is entity tags, a schema may add keywords no field
states, and every operation lists the statuses any request can get (414 and 431 for requests
too long to read, 400 for a JSON body that does not parse, 413 for one too large)."""

from apispec import BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from flask_smorest import Api
from flask_smorest.etag import IF_MATCH_HEADER
from flask_smorest.pagination import PaginationMetadataSchema

from services_api.errors import DatabaseOutageResponses

# Operations that never read the database, so never answer its outage's 503.
DATABASE_FREE_ENDPOINTS = frozenset({"health.Liveness"})
# What flask-smorest sends in X-Pagination: the metadata object serialised as JSON text.
PAGINATION_HEADER = {
    "description": "Pagination metadata: a JSON object (total, total_pages, first_page, "
    "last_page, page, previous_page, next_page) written as text",
    "schema": {
        "type": "string",
        "contentMediaType": "application/json",
        "contentSchema": {"$ref": "#/components/schemas/PaginationMetadata"},
    },
}
# One or more entity tags, as the write checks them; `*` is refused (428), as it skips the check.
ENTITY_TAGS = r'^\s*(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*\s*$'
IF_MATCH = {
    **IF_MATCH_HEADER,
    "description": "The ETag of the resource as last read (`*` is refused)",
    "schema": {"type": "string", "pattern": ENTITY_TAGS},
}
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
EVERY_REQUEST = {
    "414": {"description": "Path and query past 4,096 bytes", "content": ERROR},
    "431": {"description": "A header past 8,190 bytes, or over 100 headers", "content": ERROR},
}
JSON_BODY = {
    "400": {"description": "The body is not JSON", "content": ERROR},
    "413": {"description": "A body past MAX_CONTENT_LENGTH (1 MiB)", "content": ERROR},
}


class SchemaKeywordsConverter(OpenAPIConverter):
    """apispec's converter, adding a schema's ``Meta.json_schema``: keywords no field states
    (a ``oneOf`` over the shapes a body may take)."""

    def schema2jsonschema(self, schema):
        jsonschema = super().schema2jsonschema(schema)
        jsonschema.update(getattr(getattr(schema, "Meta", None), "json_schema", {}))
        return jsonschema


class SchemaKeywordsPlugin(MarshmallowPlugin):
    Converter = SchemaKeywordsConverter


class StatusesOfEveryRequestPlugin(BasePlugin):
    """Adds to each operation the statuses the app answers before any view runs."""

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        for operation in (operations or {}).values():
            responses = operation.setdefault("responses", {})
            for status, response in EVERY_REQUEST.items():
                responses.setdefault(status, response)
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                for status, response in JSON_BODY.items():
                    responses.setdefault(status, response)


class ServicesApi(Api):
    """flask-smorest's Api, documenting X-Pagination as the string of JSON it is on the wire
    and If-Match as the entity tags it must be."""

    def __init__(self) -> None:
        super().__init__(
            spec_kwargs={
                "marshmallow_plugin": SchemaKeywordsPlugin(),
                "extra_plugins": [
                    StatusesOfEveryRequestPlugin(),
                    DatabaseOutageResponses(DATABASE_FREE_ENDPOINTS),
                ],
            }
        )

    def handle_http_exception(self, error):
        """The one error format, with field errors keyed by strings (marshmallow keys a list's
        items by their index, which JSON cannot sort beside the names of fields)."""
        payload, status, headers = super().handle_http_exception(error)
        if "errors" in payload:
            payload["errors"] = _string_keys(payload["errors"])
        return payload, status, headers

    def _register_pagination_header(self):
        self.spec.components.schema("PaginationMetadata", schema=PaginationMetadataSchema)
        self.spec.components.header("PAGINATION", PAGINATION_HEADER, lazy=True)

    def _register_etag_headers(self):
        super()._register_etag_headers()
        del self.spec.components.parameters_lazy["IF_MATCH"]
        self.spec.components.parameter("IF_MATCH", "header", IF_MATCH, lazy=True)


def _string_keys(errors):
    if isinstance(errors, dict):
        return {str(key): _string_keys(value) for key, value in errors.items()}
    return errors
