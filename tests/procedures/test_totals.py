"""A listing's total (X-Pagination), read from the counts kept per group or counted, equals the
procedures its filters select, for every filter alone and combined, on the whole catalogue."""

import urllib.parse

import marshmallow as ma
import pytest
from sqlalchemy import func, select

from services_api.extensions import db
from services_api.procedures.as_of import level_column
from services_api.procedures.filters import catalogue_conditions
from services_api.procedures.models import Procedure
from services_api.procedures.schemas import ProcedureQueryArgsSchema
from tests.factories import AGENCY_A, AGENCY_B
from tests.procedures.test_routes import pagination

QUERIES = [
    "",
    "level=3",
    "level=1&level=2",
    "min_level=3",
    "kind=full",
    "kind=partial",
    "tier=commune",
    "tier=province&tier=commune",
    f"agency={AGENCY_A}",
    f"agency={AGENCY_B}&agency={AGENCY_B}",
    f"agency={AGENCY_A}&agency={AGENCY_B}",
    "field=ho-tich",
    "online=true",
    "online=false",
    f"agency={AGENCY_A}&level=3&tier=commune&online=true",
    "field=ho-tich&tier=commune&min_level=2&online=false",
    "as_of=2025-06-01",
    "as_of=2025-06-01&level=3",
    "updated_since=2020-01-01T00:00:00Z",
]


def _loaded(query: str) -> dict:
    schema = ProcedureQueryArgsSchema()
    values = urllib.parse.parse_qs(query)
    many = {
        k: v if isinstance(schema.fields[k], ma.fields.List) else v[0] for k, v in values.items()
    }
    return schema.load(many)


@pytest.mark.parametrize("query", QUERIES)
def test_a_listings_total_is_the_number_of_procedures_it_selects(catalogue_app, query):
    response = catalogue_app.test_client().get(f"/api/v1/procedures?page_size=1&{query}")
    assert response.status_code == 200, response.json
    with catalogue_app.app_context():
        args = _loaded(query)
        level = level_column(args.get("as_of"))
        conditions = catalogue_conditions(db.session, args, level=level)
        counted = db.session.scalar(select(func.count()).select_from(Procedure).where(*conditions))
    assert pagination(response)["total"] == counted
    assert counted > 0 or query.startswith(f"agency={AGENCY_A}&level")
