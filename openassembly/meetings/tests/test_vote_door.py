"""Both voting doors, the meeting page's form and the JSON API, sign the voter in the way every
page does (Django's session, authentication middleware and backend, then the second-factor
rule) and vote as ``request.member`` through ``cast_vote``."""

from __future__ import annotations

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
from openassembly.core.actors import System
from openassembly.meetings import services
from openassembly.meetings.models import Vote


def _vote(client, division, door: str, choice: str = "against", *, org: str | None = None,
          token: str | None = TOKEN):
    org = org or division.organisation.slug
    if door == "api":
        return post_json(client, f"/api/o/{org}/divisions/{division.pk}/vote",
                         {"choice": choice}, token=token)
    return post_form(client, f"/o/{org}/meetings/{division.meeting_id}/do/vote/",
                     {"division": division.pk, "choice": choice}, token=token)


def _recorded(response, door: str) -> bool:
    if door == "api":
        return response.status_code == 200 and response.json() == {"recorded": 1}
    return response.status_code == 303 and "/meetings/" in response["Location"]


def _other_organisation():
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    return create_organisation(System("test"), constitution_text=examples.read(
        "commonweal").replace('slug = "commonweal"', 'slug = "elsewhere"'))


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("state", list(STATES))
def test_the_door_accepts_a_session_exactly_when_django_does(state, door, sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    voter = sitting.members[5]
    client = browser(voter.user)
    change, accepted = STATES[state]
    with change(client, voter.user):
        response = _vote(client, division, door)
    if accepted:
        assert _recorded(response, door)
        vote = Vote.objects.get(division=division)
        assert (vote.member, vote.cast_by, vote.choice) == (voter, voter, "against")
    else:
        assert signed_out(response, door)
        assert not Vote.objects.filter(division=division).exists()


@pytest.mark.parametrize("door", DOORS)
def test_an_officer_votes_only_after_the_second_factor(door, sitting, seconded, seat_on):
    division = services.open_division(sitting.chair, motion=seconded())
    officer = seat_on(sitting.members[7], "organising-group", "treasurer")
    refused = _vote(browser(officer.user), division, door, "for")
    if door == "api":
        # A JSON client is told in JSON, never redirected to an HTML page.
        assert refused.status_code == 403 and "second factor" in refused.json()["detail"]
    else:
        # The same answer every page gives an officer who has not passed it in this session.
        assert refused.status_code == 302
        assert refused["Location"].startswith("/accounts/two-factor/setup/")
    assert not Vote.objects.filter(division=division).exists()
    accepted = _vote(browser(officer.user, second_factor=True), division, door, "for")
    assert _recorded(accepted, door)
    assert Vote.objects.get(division=division).member == officer


@pytest.mark.parametrize("door", DOORS)
def test_the_door_votes_as_the_session_holder_and_only_once(door, sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    first, second = sitting.members[8], sitting.members[9]
    assert _recorded(_vote(browser(first.user), division, door, "for"), door)
    assert _recorded(_vote(browser(second.user), division, door, "abstain"), door)
    again = _vote(browser(first.user), division, door, "against")
    assert again.status_code == 409 and "first vote stands" in again.content.decode()
    assert dict(Vote.objects.filter(division=division).values_list("member", "choice")) == {
        first.pk: "for", second.pk: "abstain"}


@pytest.mark.parametrize("door", DOORS)
def test_a_member_of_another_organisation_cannot_vote_here(door, sitting, seconded):
    from openassembly.accounts.models import User
    from openassembly.members.models import Member

    division = services.open_division(sitting.chair, motion=seconded())
    stranger = Member.objects.create(
        organisation=_other_organisation(), name="Elsewhere Member", email="else@example.org",
        joined_on=sitting.start.date(), user=User.objects.create_user("else@example.org", "pw"))
    refused = _vote(browser(stranger.user), division, door, "for")
    assert refused.status_code == 403 and "Only members" in refused.content.decode()
    # Their membership is of the other organisation; the URL's organisation decides.
    wrong_door = _vote(browser(stranger.user), division, door, "for", org="elsewhere")
    assert wrong_door.status_code == 404
    assert not Vote.objects.filter(division=division).exists()


@pytest.mark.parametrize("door", DOORS)
def test_a_member_of_two_organisations_votes_as_the_member_the_url_names(door, sitting,
                                                                         seconded):
    from openassembly.members.models import Member

    division = services.open_division(sitting.chair, motion=seconded())
    voter = sitting.members[12]
    Member.objects.create(organisation=_other_organisation(), user=voter.user,
                          name="Also Elsewhere", email="also@example.org",
                          joined_on=sitting.start.date())
    client = browser(voter.user)
    assert _vote(client, division, door, "for", org="elsewhere").status_code == 404
    assert _recorded(_vote(client, division, door, "for"), door)
    assert Vote.objects.get(division=division).member == voter


@pytest.mark.parametrize("door", DOORS)
def test_the_door_checks_csrf_and_needs_a_session(door, sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    no_token = _vote(browser(sitting.members[10].user), division, door, "for", token=None)
    assert no_token.status_code == 403
    wrong_token = _vote(browser(sitting.members[10].user), division, door, "for",
                        token="b" * 32)
    assert wrong_token.status_code == 403
    assert signed_out(_vote(browser(), division, door, "for"), door)
    unknown = browser()
    unknown.cookies["sessionid"] = "not-a-session-anyone-holds"
    assert signed_out(_vote(unknown, division, door, "for"), door)
    assert not Vote.objects.filter(division=division).exists()


@pytest.mark.parametrize("door", DOORS)
def test_a_bad_choice_is_explained(door, sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    response = _vote(browser(sitting.members[11].user), division, door, "maybe")
    if door == "api":
        # The schema's enum refuses it before the service: 422, naming the choices.
        assert response.status_code == 422 and "'for', 'against' or 'abstain'" in (
            response.content.decode())
    else:
        assert response.status_code == 400
    assert not Vote.objects.filter(division=division).exists()
