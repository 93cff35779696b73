"""Voting in a division through the JSON API with a personal access token
(accounts/services_tokens.py): the token votes as its member; revoked, unknown, wrong-scope
and other organisations' tokens are refused and record nothing; the token is stored only as
its SHA-256."""

from __future__ import annotations

import hashlib
import json

from django.test import Client

from openassembly.accounts import services_tokens as tokens
from openassembly.accounts.models import AccessToken
from openassembly.accounts.tokens import find
from openassembly.core.actors import System
from openassembly.core.models import LedgerEvent as Event
from openassembly.meetings import services
from openassembly.meetings.models import Vote


def _vote(division, secret: str | None, choice: str = "for", org: str = "commonweal"):
    client = Client(enforce_csrf_checks=True)
    extra = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    return client.post(f"/api/o/{org}/divisions/{division.pk}/vote", json.dumps(
        {"choice": choice}), content_type="application/json", **extra)


def test_a_token_votes_as_its_member_without_a_session_or_csrf(sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    voter = sitting.members[5]
    token, secret = tokens.create_token(voter, name="Phone script", scopes=["vote"])
    response = _vote(division, secret, "against")
    assert response.status_code == 200 and response.json() == {"recorded": 1}
    vote = Vote.objects.get(division=division)
    assert (vote.member, vote.choice) == (voter, "against")
    token.refresh_from_db()
    assert token.last_used_at is not None
    # Stored hashed: the secret is nowhere in the row or the ledger, only its SHA-256.
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert not AccessToken.objects.filter(digest=secret).exists()
    made = Event.objects.get(kind="token.created")
    assert secret not in json.dumps(made.data) and made.data["scopes"] == ["vote"]


def test_revoked_unknown_and_wrong_scope_tokens_are_refused(sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    voter = sitting.members[5]
    token, secret = tokens.create_token(voter, name="Old laptop", scopes=["vote"])
    tokens.revoke_token(voter, token=token.pk)
    revoked = _vote(division, secret)
    assert revoked.status_code == 401 and revoked.json() == {"detail": "Unauthorized"}
    assert _vote(division, "oa_not-a-token").status_code == 401
    assert _vote(division, None).status_code == 401  # neither a token nor a session
    _, reader = tokens.create_token(voter, name="Reader", scopes=["read"])
    wrong = _vote(division, reader)
    assert wrong.status_code == 403 and "may not vote" in wrong.json()["detail"]
    assert not Vote.objects.filter(division=division).exists()
    assert Event.objects.filter(kind="token.revoked", data__token=token.pk).exists()


def test_another_organisations_token_is_refused(sitting, seconded):
    from openassembly.core.services import create_organisation
    from openassembly.members.models import Member
    from openassembly.rules import examples

    division = services.open_division(sitting.chair, motion=seconded())
    other = create_organisation(System("test"), constitution_text=examples.read(
        "commonweal").replace('slug = "commonweal"', 'slug = "elsewhere"'))
    stranger = Member.objects.create(organisation=other, name="Elsewhere Member",
                                     email="else@example.org", joined_on=sitting.start.date())
    _, secret = tokens.create_token(stranger, name="Theirs", scopes=["vote"])
    assert _vote(division, secret).status_code == 401
    # Nor through their own organisation's URL: the division is not theirs to find.
    assert _vote(division, secret, org="elsewhere").status_code == 404
    assert not Vote.objects.filter(division=division).exists()


def test_a_member_cannot_revoke_another_members_token(sitting):
    owner, thief = sitting.members[3], sitting.members[4]
    token, secret = tokens.create_token(owner, name="Mine", scopes=["read", "vote"])
    import pytest

    from openassembly.core.errors import NotFound
    with pytest.raises(NotFound):
        tokens.revoke_token(thief, token=token.pk)
    assert find(secret) is not None
