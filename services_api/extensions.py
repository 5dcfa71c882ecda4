"""Extensions created unbound, bound to the app in create_app (the search index has its own
module, ``searching.extension``, which only the service factories and commands reach)."""

from flask_cors import CORS
from flask_smorest import Api
from flask_smorest.pagination import PaginationMetadataSchema

from services_api.database import Database

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


class ServicesApi(Api):
    """flask-smorest's Api, documenting X-Pagination as the string of JSON it is on the wire."""

    def _register_pagination_header(self):
        self.spec.components.schema("PaginationMetadata", schema=PaginationMetadataSchema)
        self.spec.components.header("PAGINATION", PAGINATION_HEADER, lazy=True)


api = ServicesApi()
db = Database()
cors = CORS()
