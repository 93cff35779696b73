"""The API tokens page under My details: a member makes a token, sees its secret once, and
revokes it; refusals come back on the same form; nobody revokes another member's token."""

from __future__ import annotations

from django.test import Client

from openassembly.accounts import services_tokens as tokens
from openassembly.accounts.models import AccessToken
from openassembly.accounts.tokens import find

URL = "/o/commonweal/me/api-tokens/"


def _client(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def test_a_member_makes_a_token_sees_it_once_and_revokes_it(member):
    client = _client(member)
    made = client.post(URL, {"name": "Phone script", "scopes": ["vote"]})
    assert made.status_code == 200
    token = AccessToken.objects.get(member=member)
    secret = made.context["secret"]
    assert secret.startswith("oa_") and secret in made.content.decode()
    assert find(secret) == token and token.scopes == ["vote"]
    again = client.get(URL).content.decode()
    assert "Phone script" in again and secret not in again
    revoked = client.post(f"{URL}{token.pk}/revoke/")
    assert revoked.status_code == 303
    assert find(secret) is None
    assert "revoked" in client.get(URL).content.decode()


def test_a_token_without_a_name_or_scope_is_refused_on_the_form(member):
    response = _client(member).post(URL, {"name": "  ", "scopes": ["vote"]})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert response.context["problems"]  # said at the top too, linking to the field
    response = _client(member).post(URL, {"name": "Script"})
    assert response.status_code == 400 and response.context["form"].errors["scopes"]
    assert response.context["form"]["name"].value() == "Script"  # what was typed is kept
    assert not AccessToken.objects.exists()


def test_nobody_revokes_another_members_token(member, make_person):
    other = make_person("Other Member", "other@example.org")
    token, secret = tokens.create_token(other, name="Theirs", scopes=["read"])
    response = _client(member).post(f"{URL}{token.pk}/revoke/")
    assert response.status_code == 404
    assert find(secret) == token


def test_my_details_links_to_the_tokens_page(member):
    assert URL in _client(member).get("/o/commonweal/me/").content.decode()


def test_the_service_refuses_scopes_it_does_not_know(member):
    import pytest

    from openassembly.core.errors import InvalidInput

    # No scope carries an officer's power, however the form is bypassed.
    with pytest.raises(InvalidInput, match="No such scope: officer"):
        tokens.create_token(member, name="Sneaky", scopes=["vote", "officer"])
    assert not AccessToken.objects.exists()
