"""Schemathesis against the API's own OpenAPI description, in-process on the WSGI app.

Every operation is called with inputs generated from its schema (a bounded number of
examples each, so the suite stays quick): anonymously with any organisation, and with the
tokens of a delegate at a meeting with a division open and of a voter in an election open
for voting, in their organisation, with the path's ids now generated and now real. No
response may be a server error, and every response must be a status the operation declares,
of the declared content type, with a body that fits the schema declared for that status.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from openassembly.accounts import services_tokens as tokens
from openassembly.meetings import services as meetings

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
EXAMPLES = 8


@pytest.fixture
def schema(db):
    # Calls straight into the WSGI app start and end with signals whose handler closes the
    # database connection: inside the test's transaction on PostgreSQL that leaves a closed
    # connection. Django's own test client holds the handler back the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _run(operation, headers: dict[str, str], real: dict[str, object]) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(), use_real=st.booleans())
    def check(case, use_real):
        for name in case.path_parameters or {}:
            if name in real and (name == "org" or use_real):
                case.path_parameters[name] = real[name]
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_every_operation_against_its_schema(schema, organisation, voting, voters, timetable,
                                            sitting, seconded, travel):
    # The election's voters are made first, on today's clock: the meeting's cast moves the
    # clock on, and a member who joined then would not yet have served the qualifying period.
    motion = seconded()
    division = meetings.open_division(sitting.chair, motion=motion)
    travel.to(timetable.opens + timedelta(hours=1))
    _, delegate = tokens.create_token(sitting.members[0], name="Fuzz", scopes=["read", "vote"])
    _, voter = tokens.create_token(voters[0], name="Fuzz", scopes=["read", "vote"])
    real = {"org": organisation.slug, "meeting_id": sitting.meeting.pk,
            "division_id": division.pk, "pk": voting.pk}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    for operation in operations:
        _run(operation, {}, {})
        for secret in (delegate, voter):
            _run(operation, {"Authorization": f"Bearer {secret}"}, real)
