"""The OpenAPI schema tells the truth about refusals: every operation that can refuse declares
its 4xx statuses, choices are enums, and the refusals the API really gives (exercised below)
are statuses the operation declares, in JSON, never a redirect or an HTML page."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from openassembly.accounts import services_tokens as tokens
from openassembly.api.api import api

# Operations that cannot refuse anything: they read nothing of any organisation.
NEVER_REFUSE = {("get", "/api/ping")}


@pytest.fixture(scope="module")
def schema() -> dict:
    return api.get_openapi_schema()


def _operation(schema: dict, method: str, url: str) -> dict:
    for template, operations in schema["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, url.split("?")[0]) and method in operations:
            return operations[method]
    raise AssertionError(f"{method} {url} is in no operation of the schema")


def test_every_operation_declares_its_refusals(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {int(code) for code in operation["responses"]}
            if (method, path) in NEVER_REFUSE:
                assert codes == {200}
                continue
            assert any(400 <= code < 500 for code in codes), (method, path)
            # Every organisation's URL can name one that does not exist.
            if "{org}" in path:
                assert 404 in codes, (method, path)
            if operation.get("security"):
                assert {401, 403, 422} <= codes, (method, path)


def test_choices_are_enums(schema):
    choice = schema["components"]["schemas"]["VoteIn"]["properties"]["choice"]
    assert choice["enum"] == ["for", "against", "abstain"]


def test_only_member_scopes_reach_the_api(schema):
    """No token scope carries an officer's power: the scopes are reading and one's own vote."""
    from openassembly.accounts.models import AccessToken

    assert set(AccessToken.SCOPES) == {"read", "vote"}


def test_real_refusals_are_declared_and_json(schema, organisation, member):
    anonymous = Client(enforce_csrf_checks=True)
    signed_in = Client()
    signed_in.force_login(member.user)
    _, reader = tokens.create_token(member, name="Reader", scopes=["read"])
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {reader}"}
    bad_bearer = {"HTTP_AUTHORIZATION": "Bearer oa_unknown"}

    def post(client, url, body, **extra):
        return client.post(url, json.dumps(body), content_type="application/json", **extra)

    cases = [
        ("get", "/api/o/nowhere/polls", anonymous.get("/api/o/nowhere/polls"), 404),
        ("get", "/api/o/commonweal/polls",
         anonymous.get("/api/o/commonweal/polls", **bad_bearer), 401),
        ("get", "/api/o/commonweal/polls/999", anonymous.get("/api/o/commonweal/polls/999"), 404),
        ("get", "/api/o/commonweal/polls/999/receipts/ABCD",
         anonymous.get("/api/o/commonweal/polls/999/receipts/ABCD"), 404),
        ("get", "/api/o/commonweal/divisions/999",
         anonymous.get("/api/o/commonweal/divisions/999", **bearer), 404),
        ("post", "/api/o/commonweal/polls/1/ballot",
         post(anonymous, "/api/o/commonweal/polls/1/ballot", {"marks": [1]}), 401),
        ("post", "/api/o/commonweal/divisions/1/vote",
         post(anonymous, "/api/o/commonweal/divisions/1/vote", {"choice": "for"}), 401),
        ("post", "/api/o/commonweal/divisions/1/vote",
         post(anonymous, "/api/o/commonweal/divisions/1/vote", {"choice": "for"}, **bearer),
         403),
        ("post", "/api/o/commonweal/divisions/999/vote",
         post(signed_in, "/api/o/commonweal/divisions/999/vote", {"choice": "for"}), 404),
        ("post", "/api/o/commonweal/divisions/999/vote",
         post(signed_in, "/api/o/commonweal/divisions/999/vote", {"choice": "maybe"}), 422),
        ("post", "/api/o/commonweal/polls/999/ballot",
         post(signed_in, "/api/o/commonweal/polls/999/ballot", {"marks": []}), 400),
    ]
    for method, url, response, expected in cases:
        assert response.status_code == expected, (method, url, response.content)
        declared = {int(code) for code in _operation(schema, method, url)["responses"]}
        assert response.status_code in declared, (method, url, response.status_code)
        assert response["Content-Type"].startswith("application/json"), (method, url)
        assert "detail" in response.json()


def test_an_officer_session_without_the_second_factor_gets_json_not_a_redirect(
        organisation, secretary):
    client = Client()
    client.force_login(secretary.user)
    response = client.get("/api/o/commonweal/polls")
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]
