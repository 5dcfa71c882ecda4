"""The committed OpenAPI spec: current with the code, and honoured by every GET operation."""

import json
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from services_api import create_app
from services_api.extensions import api

COMMITTED_SPEC = Path(__file__).parents[1] / "openapi" / "openapi.json"
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


def _get_operations() -> list:
    spec = json.loads(COMMITTED_SPEC.read_text("utf-8"))
    schema = schemathesis.openapi.from_dict(spec).include(method="GET")
    return [result.ok() for result in schema.get_all_operations()]


GET_OPERATIONS = _get_operations()


@pytest.mark.parametrize("operation", GET_OPERATIONS, ids=lambda op: op.label)
def test_get_operations_never_fail_and_match_the_spec(catalogue_app, operation):
    operation.schema.app = catalogue_app

    @given(case=operation.as_strategy())
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def generated_requests_pass(case):
        case.call_and_validate(checks=CHECKS, app=catalogue_app)

    generated_requests_pass()
