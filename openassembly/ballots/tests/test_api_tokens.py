"""A ballot cast through the JSON API with a personal access token: secret, once, counted per
the token's account; a read-only token is refused."""

from __future__ import annotations

import json

from django.test import Client

from openassembly.accounts import services_tokens as tokens
from openassembly.ballots.models import Ballot, Participation


def _cast(poll, secret: str, body: dict):
    return Client(enforce_csrf_checks=True).post(
        f"/api/o/commonweal/polls/{poll.pk}/ballot", json.dumps(body),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_token_casts_a_ballot_once_and_a_read_token_cannot(voting, voters, timetable):
    voter = voters[0]
    _, reader = tokens.create_token(voter, name="Reader", scopes=["read"])
    _, secret = tokens.create_token(voter, name="Voting script", scopes=["vote"])
    with timetable.during_voting():
        refused = _cast(voting, reader, {"marks": [1]})
        assert refused.status_code == 403 and not Ballot.objects.exists()
        cast = _cast(voting, secret, {"marks": [2, 1]})
        assert cast.status_code == 200 and cast.json()["receipt"]
        again = _cast(voting, secret, {"marks": [1]})
    assert again.status_code == 409
    assert Ballot.objects.get(poll=voting).marks == [2, 1]
    assert Participation.objects.get(poll=voting).member == voter
