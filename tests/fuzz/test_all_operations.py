"""schemathesis over every operation of the committed spec, writes included, with an admin key
and with an editor key, on a small catalogue: every check of schemathesis and those of
tests/fuzz/checks.py pass, and no request answered 4xx changed the database.

The run is the one `st run --checks all` makes (examples, coverage, fuzzing and stateful
phases), in this process against a live server, with two expectations stated for this API:
a well-formed If-Match that is not the current ETag is a 412 (not a refusal of valid data), and
a write without If-Match is a 428 (RFC 6585's status for a missing precondition).
"""

import json
import time
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from schemathesis.engine import events, from_schema

from tests.factories import (
    AGENCY_A,
    AGENCY_B,
    SEED_DATE,
    catalogue_of,
    codes_of,
    dispose,
    key_maker,
)
from tests.fuzz import checks  # noqa: F401  (registers the checks the run adds)

COMMITTED_SPEC = Path(__file__).parents[2] / "openapi" / "openapi.json"
MIN_REQUESTS = 1500
EXAMPLES_PER_OPERATION = 25
# Answers to invalid requests; a malformed If-Match is a precondition that fails (RFC 9110).
REFUSALS = ["400", "401", "403", "404", "405", "406", "409", "412", "413", "414"]
REFUSALS += ["415", "422", "428", "431"]


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory):
    """Ten procedures of each agency, indexed: small, so each request is quick."""
    tmp_path = tmp_path_factory.mktemp("fuzz")
    codes = set(codes_of(AGENCY_A)[:10] + codes_of(AGENCY_B)[:10])
    app = catalogue_of(
        f"sqlite:///{tmp_path / 'services.sqlite3'}", tmp_path, codes, SEED_DATE, indexed=True
    )
    yield app
    dispose(app)


def _config(token: str) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "headers": {"Authorization": f"Bearer {token}"},
            "generation": {"max-examples": EXAMPLES_PER_OPERATION},
            "seed": 20261203,
            # Hypothesis's warning that generating the large content bodies is slow (on a busy
            # machine) says nothing of the service: the requests are still all made and checked.
            "suppress-health-check": ["too_slow"],
            "workers": 1,
            "cache": {"enabled": False},  # each run on its own, nothing kept between runs
            "checks": {
                "positive_data_acceptance": {  # checks.py refines it
                    "enabled": False,
                    "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "412"],
                },
                "negative_data_rejection": {"expected-statuses": REFUSALS},
                "missing_required_header": {
                    "expected-statuses": ["400", "401", "403", "406", "415", "422", "428"]
                },
            },
        }
    )


def run_schemathesis(base_url: str, token: str) -> dict:
    spec = json.loads(COMMITTED_SPEC.read_text("utf-8"))
    schema = schemathesis.openapi.from_dict(spec, config=_config(token))
    schema.config.base_url = base_url
    statuses, failures, errors, operations = Counter(), [], [], set()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            for interaction in recorder.interactions.values():
                statuses[interaction.response.status_code if interaction.response else None] += 1
            for case_checks in recorder.checks.values():
                failures += [
                    f"{event.label}: {check.name}: {check.failure_info.failure.message}\n"
                    f"{check.failure_info.code_sample}"
                    for check in case_checks
                    if check.failure_info is not None
                ]
            if event.label:
                operations.add(event.label)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(str(getattr(event, "info", event)))
    return {"statuses": statuses, "failures": failures, "errors": errors, "operations": operations}


@pytest.mark.slow
@pytest.mark.parametrize("role", ["admin", "editor"])
def test_every_operation_passes_every_check(fuzzed_app, live_server, record_figures, role):
    token = key_maker(fuzzed_app)(role, AGENCY_A if role == "editor" else None)
    server = live_server(fuzzed_app)
    started = time.monotonic()
    result = run_schemathesis(server.url, token)
    cases = sum(result["statuses"].values())
    record_figures(
        f"{role} key",
        {
            "cases": cases,
            "seconds": time.monotonic() - started,
            "operations": len(result["operations"]),
            "statuses": result["statuses"],
            "failures": len(result["failures"]),
            "changed_by_4xx": len(server.recorder.changed_by_4xx),
        },
    )
    assert not result["errors"], result["errors"][:5]
    assert not result["failures"], "\n\n".join(sorted(set(result["failures"]))[:30])
    assert not server.recorder.changed_by_4xx, server.recorder.changed_by_4xx[:20]
    assert cases >= MIN_REQUESTS
