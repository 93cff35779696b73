"""Casting and signing are limited per account, never per address: a conference votes from
one venue's address."""

from __future__ import annotations

import json
from datetime import timedelta

from django.test import Client

from openassembly.ballots import services
from openassembly.ballots.forms import paper_data
from openassembly.ballots.selectors import choices_of

VENUE = "198.51.100.9"


def _client(voter) -> Client:
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=VENUE)
    client.force_login(voter.user)
    client.cookies["csrftoken"] = "a" * 32
    return client


def _cast(client, poll, marks):
    return client.post(f"/api/o/commonweal/polls/{poll.pk}/ballot", json.dumps({"marks": marks}),
                       content_type="application/json", HTTP_X_CSRFTOKEN="a" * 32)


def test_a_whole_room_votes_from_one_address(voting, voters, timetable, settings):
    # Even at one ballot a minute per account, nine voters behind one address all vote.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ballots cast": {"account": "1/m"}}
    with timetable.during_voting():
        statuses = [_cast(_client(voter), voting, [1]).status_code for voter in voters]
    assert statuses == [200] * len(voters)


def test_one_account_casting_again_and_again_is_limited(voting, voters, timetable, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ballots cast": {"account": "1/m"}}
    client = _client(voters[0])
    with timetable.during_voting():
        assert _cast(client, voting, [1]).status_code == 200
        again = _cast(client, voting, [2])
        page = client.post(f"/o/commonweal/polls/{voting.pk}/vote/",
                           paper_data(voting, list(choices_of(voting)), [1]),
                           HTTP_X_CSRFTOKEN="a" * 32)
    assert again.status_code == 429
    assert "Too many ballots cast from one account" in again.json()["detail"]
    assert page.status_code == 429
    assert "Too many ballots cast from one account" in page.content.decode()


def test_signing_petitions_is_limited_per_account(organisation, member, voters, settings):
    from openassembly.core import clock
    from openassembly.members.models import Member

    # Enough members that a petition needs more than a few signatures (5% of the members).
    Member.objects.bulk_create(
        Member(organisation=organisation, name=f"Member {n}", email=f"m{n}@example.org",
               joined_on=clock.today() - timedelta(days=28)) for n in range(100))
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "petition signatures": {"account": "2/m"}}
    petitions = [
        services.start_petition(voters[0], organisation=organisation, kind="member-ballot",
                                title=f"Question {n}", text="Put it to the members.")
        for n in range(3)
    ]
    client = _client(member)
    urls = [f"/o/commonweal/petitions/{p.pk}/" for p in petitions]
    statuses = [client.post(url, HTTP_X_CSRFTOKEN="a" * 32).status_code for url in urls]
    assert statuses == [302, 302, 429]
    refused = client.post(urls[2], HTTP_X_CSRFTOKEN="a" * 32)
    assert "Too many petition signatures from one account" in refused.content.decode()
    # Another member behind the same address signs.
    assert _client(voters[1]).post(urls[2], HTTP_X_CSRFTOKEN="a" * 32).status_code == 302
