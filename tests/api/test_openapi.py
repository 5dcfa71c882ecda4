"""The committed OpenAPI spec: current with the code, and honoured by every GET operation."""

import json
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from services_api import create_app
from services_api.extensions import api

COMMITTED_SPEC = Path(__file__).parents[2] / "openapi" / "openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_committed_spec_is_current(tmp_path):
    app = create_app({"AUTO_SEED": False, "INSTANCE_PATH": str(tmp_path), "TESTING": True})
    with app.app_context():
        current = json.loads(json.dumps(api.spec.to_dict()))
    assert json.loads(COMMITTED_SPEC.read_text("utf-8")) == current, (
        "openapi/openapi.json is stale: run `make openapi` and commit it"
    )


@pytest.fixture
def committed_schema(catalogue_app):
    schema = schemathesis.openapi.from_dict(json.loads(COMMITTED_SPEC.read_text("utf-8")))
    schema.app = catalogue_app
    return schema.include(method="GET")


schema = schemathesis.pytest.from_fixture("committed_schema")


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_get_operations_never_fail_and_match_the_spec(case):
    case.call_and_validate(checks=CHECKS)
