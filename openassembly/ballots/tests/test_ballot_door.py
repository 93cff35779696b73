"""Both ballot doors, the ballot page and the JSON API, sign the voter in the way every page
does (Django's session, authentication middleware and backend, then the second-factor rule)
and cast as ``request.member`` through ``cast_ballot``."""

from __future__ import annotations

import re

import pytest

from openassembly.accounts.tests.doors import (
    DOORS,
    STATES,
    TOKEN,
    browser,
    post_form,
    post_json,
    signed_out,
)
from openassembly.ballots.forms import paper_data
from openassembly.ballots.models import Ballot, Participation
from openassembly.ballots.receipts import display
from openassembly.ballots.selectors import choices_of
from openassembly.core.actors import System

RECEIPT = re.compile(r'id="receipt"><strong>([0-9A-Z-]{19})</strong>')


def _cast(client, poll, door: str, marks: list[int], *, pk: int | None = None,
          token: str | None = TOKEN):
    pk = pk or poll.pk
    if door == "api":
        return post_json(client, f"/api/o/commonweal/polls/{pk}/ballot", {"marks": marks},
                         token=token)
    return post_form(client, f"/o/commonweal/polls/{pk}/vote/",
                     paper_data(poll, list(choices_of(poll)), marks),
                     token=token)


def _receipt(response, door: str) -> str | None:
    if response.status_code != 200:
        return None
    if door == "api":
        return response.json()["receipt"]
    found = RECEIPT.search(response.content.decode())
    return found.group(1) if found else None


def _box(poll) -> tuple[int, int]:
    return (Ballot.objects.filter(poll=poll).count(),
            Participation.objects.filter(poll=poll).count())


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("state", list(STATES))
def test_the_door_accepts_a_session_exactly_when_django_does(state, door, voting, voters,
                                                             timetable):
    voter = voters[0]
    client = browser(voter.user)
    change, accepted = STATES[state]
    with timetable.during_voting(), change(client, voter.user):
        response = _cast(client, voting, door, [3, 1])
    if accepted:
        ballot = Ballot.objects.get(poll=voting)
        assert _receipt(response, door) == display(ballot.receipt) and ballot.marks == [3, 1]
        assert Participation.objects.get(poll=voting).member == voter
    else:
        assert signed_out(response, door) and _box(voting) == (0, 0)


@pytest.mark.parametrize("door", DOORS)
def test_an_officer_casts_a_ballot_only_after_the_second_factor(door, voting, voters,
                                                                timetable, organisation):
    from openassembly.conftest import _seat

    officer = _seat(organisation, voters[1], "organising-group", "treasurer")
    with timetable.during_voting():
        refused = _cast(browser(officer.user), voting, door, [1])
        if door == "api":
            # A JSON client is told in JSON, never redirected to an HTML page.
            assert refused.status_code == 403 and "second factor" in refused.json()["detail"]
        else:
            assert refused.status_code == 302
            assert refused["Location"].startswith("/accounts/two-factor/setup/")
        assert _box(voting) == (0, 0)
        accepted = _cast(browser(officer.user, second_factor=True), voting, door, [1])
    assert _receipt(accepted, door) and _box(voting) == (1, 1)


@pytest.mark.parametrize("door", DOORS)
def test_refusals_are_the_services_own_words(door, voting, voters, member, timetable):
    with timetable.during_voting():
        outsider = _cast(browser(member.user), voting, door, [1])
        twice = browser(voters[2].user)
        first = _cast(twice, voting, door, [2])
        again = _cast(twice, voting, door, [1])
        missing = _cast(browser(voters[3].user), voting, door, [1], pk=999999)
    with timetable.after_voting():
        late = _cast(browser(voters[4].user), voting, door, [1])
    assert outsider.status_code == 403 and "electoral roll" in outsider.content.decode()
    assert _receipt(first, door)
    assert again.status_code == 409 and "first ballot stands" in again.content.decode()
    assert missing.status_code == 404
    assert late.status_code == 409 and "closed" in late.content.decode()
    assert _box(voting) == (1, 1)


@pytest.mark.parametrize("door", DOORS)
def test_a_member_of_another_organisation_cannot_cast_here(door, voting, timetable):
    from openassembly.accounts.models import User
    from openassembly.core.services import create_organisation
    from openassembly.members.models import Member
    from openassembly.rules import examples

    other = create_organisation(System("test"), constitution_text=examples.read(
        "commonweal").replace('slug = "commonweal"', 'slug = "elsewhere"'))
    stranger = Member.objects.create(
        organisation=other, name="Elsewhere Member", email="else@example.org",
        joined_on=voting.roll_date, user=User.objects.create_user("else@example.org", "pw"))
    with timetable.during_voting():
        refused = _cast(browser(stranger.user), voting, door, [1])
    assert refused.status_code == 403 and "Only members" in refused.content.decode()
    assert _box(voting) == (0, 0)


@pytest.mark.parametrize("door", DOORS)
def test_the_door_checks_csrf_and_says_nothing_before_the_sign_in(door, voting, voters,
                                                                  timetable):
    with timetable.during_voting():
        assert _cast(browser(voters[5].user), voting, door, [1], token=None).status_code == 403
        unknown = browser()
        unknown.cookies["sessionid"] = "not-a-session-anyone-holds"
        for pk in (voting.pk, 999999):
            for marks in ([1, 1], [1]):
                assert signed_out(_cast(browser(), voting, door, marks, pk=pk), door)
                assert signed_out(_cast(unknown, voting, door, marks, pk=pk), door)
    assert _box(voting) == (0, 0)
