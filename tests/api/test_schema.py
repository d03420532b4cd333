"""The API keeps the promises of its OpenAPI document: schemathesis against the app in-process.

A short, fixed run (derandomized, a few dozen generated requests per operation: the schema's
examples, schemathesis' coverage cases, then valid and invalid fuzzed ones), authenticated with a
real key, with the checks `not_a_server_error`, `status_code_conformance`,
`content_type_conformance` and `response_schema_conformance`. Every other generated request
gets real path parameters (the workspace slug, a standard code, a report kind), so the handlers
behind the 404s are fuzzed too. The long run against a real server is
`benchmarks/schema_fuzz.py`.
"""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.report_support import respond

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Path parameters that exist in the fixtures' workspace.
REAL = {"slug": "acme", "code": "GREET", "kind": "gaps"}
_turn = itertools.count()

# Loaded when the module is collected (the document needs no database; pytest-django has set
# Django up by then). `schemathesis.pytest.from_fixture` does not work with pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def connection_kept():
    """The app runs in this thread on the test's connection: like Django's test client, keep
    request_finished from closing it (on PostgreSQL that would end the test's transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def answered(workspace, standards):
    """A few customer responses, so the reports have figures to compute."""
    for i in range(8):
        respond(
            workspace,
            answers=[
                ("GREET", "expectation", 6),
                ("GREET", "experience", 2 + i % 5),
                ("", "nps", i + 2),
                ("", "overall", 1 + i % 7),
            ],
            respondent=f"C{i}",
        )


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_documented_promises(case, api_key, answered, connection_kept):
    if case.path_parameters and next(_turn) % 2:
        case.path_parameters = {k: REAL.get(k, v) for k, v in case.path_parameters.items()}
    case.call_and_validate(headers={"Authorization": f"Bearer {api_key}"}, checks=CHECKS)


def test_every_documented_answer_has_a_description_and_a_json_body_schema(client):
    """Guards what the checks above need: an answer documented without a body schema (as a 429
    entry once was, written over by a second, bare "429") would not be checked at all."""
    doc = client.get("/api/v1/openapi.json", HTTP_HOST="localhost").json()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            for status, answer in op["responses"].items():
                where = f"{method.upper()} {path} {status}"
                assert answer.get("description"), where
                if status != "204":
                    assert "schema" in answer["content"]["application/json"], where
