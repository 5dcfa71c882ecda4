"""Checks the fuzz run adds to schemathesis's own: every status declared by its operation (not
only through `default`), JSON held in headers conforming to its declared content schema, and
schema-valid requests refused only by the domain, never by the argument schemas.

Registered with schemathesis when imported, so the run enables them with the built-in ones.
"""

import json

import jsonschema_rs
import schemathesis
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

# Statuses a domain rule answers for a schema-valid request: a code that names nothing in the
# catalogue, a rule of the catalogue's state (a level lowered without a reason, a date before the
# previous change, a kind a rule cannot change to), an uploaded file's content (not a
# spreadsheet, too large unpacked, rows in error). No JSON schema can state these.
DOMAIN_REFUSALS = frozenset({413, 415, 422})


def _is_method_probe(case) -> bool:
    data = case.meta.phase.data if case.meta is not None else None
    return (
        isinstance(data, CoveragePhaseData)
        and data.scenario == CoverageScenario.UNSPECIFIED_HTTP_METHOD
    )


@schemathesis.check
def status_is_declared(ctx, response, case):
    """The status is one the operation lists; `default` does not count."""
    if _is_method_probe(case):  # a method the spec does not declare has no operation to list it
        return None
    declared = {str(status) for status in case.operation.definition.raw.get("responses", {})}
    status = str(response.status_code)
    assert status in declared or f"{status[0]}XX" in declared, (
        f"{response.status_code} is not among the statuses declared for {case.operation.label}: "
        f"{sorted(declared - {'default'})}"
    )
    return None


@schemathesis.check
def json_headers_conform(ctx, response, case):
    """A header declared as a string of JSON holds JSON valid against its `contentSchema`."""
    spec = case.operation.schema.raw_schema
    declared = case.operation.definition.raw.get("responses", {}).get(str(response.status_code))
    for name, header in _resolve(spec, declared or {}).get("headers", {}).items():
        schema = _resolve(spec, header).get("schema", {})
        values = response.headers.get(name.lower())
        if not values or schema.get("contentMediaType") != "application/json":
            continue
        content = json.loads(values[0])
        root = {**schema["contentSchema"], "components": spec["components"]}
        errors = [error.message for error in jsonschema_rs.validator_for(root).iter_errors(content)]
        assert not errors, f"{name}: {values[0]} does not conform: {errors}"
    return None


@schemathesis.check
def schema_valid_requests_pass_the_argument_schemas(ctx, response, case):
    """schemathesis's positive_data_acceptance, but for refusals the domain decides (above):
    a 413/415/422 carrying the service's message, not a schema's field errors nor the JSON
    parser's refusal of text no database stores (which the spec's patterns state)."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if response.status_code in DOMAIN_REFUSALS and _refused_by_the_domain(response):
            return None
        raise


def _refused_by_the_domain(response) -> bool:
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    parser_refusal = "_schema" in (body.get("errors") or {}).get("json", {})
    return "message" in body and not parser_refusal


def _resolve(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        target = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node
