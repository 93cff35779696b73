"""The JSON voting door signs the voter in inside its one statement, and judges every session
exactly as Django's sign-in does (see accounts/signed_in.py and accounts/tests/doors.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openassembly.accounts.tests.doors import STATES, browser, decided_in_one_statement, post
from openassembly.meetings import services
from openassembly.meetings.models import Vote


def _url(division) -> str:
    return f"/api/o/{division.organisation.slug}/divisions/{division.pk}/vote"


@pytest.mark.parametrize("state", list(STATES))
def test_the_door_accepts_a_session_exactly_when_django_does(state, sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    voter = sitting.members[5]
    client = browser(voter.user)
    change, accepted, by_statement = STATES[state]
    with change(client, voter.user), CaptureQueriesContext(connection) as queries:
        response = post(client, _url(division), {"choice": "against"})
    if connection.vendor == "postgresql":
        assert decided_in_one_statement(queries) == by_statement
    if accepted:
        assert response.status_code == 200 and response.json() == {"recorded": 1}
        vote = Vote.objects.get(division=division)
        assert (vote.member, vote.cast_by, vote.choice) == (voter, voter, "against")
    else:
        assert response.status_code == 401
        assert not Vote.objects.filter(division=division).exists()


def test_a_signed_in_vote_is_one_statement_on_postgresql(sitting, seconded):
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement vote is PostgreSQL's (set DATABASE_URL)")
    division = services.open_division(sitting.chair, motion=seconded())
    client = browser(sitting.members[6].user)
    with CaptureQueriesContext(connection) as queries:
        response = post(client, _url(division), {"choice": "for"})
    assert response.status_code == 200
    (statement,) = [q["sql"] for q in queries.captured_queries]
    assert "accounts_session" in statement and "meetings_vote" in statement


def test_an_officer_votes_only_after_the_second_factor(sitting, seconded, seat_on):
    division = services.open_division(sitting.chair, motion=seconded())
    officer = seat_on(sitting.members[7], "organising-group", "treasurer")
    refused = post(browser(officer.user), _url(division), {"choice": "for"})
    # The same answer every page gives an officer who has not passed it in this session.
    assert refused.status_code == 302
    assert refused["Location"].startswith("/accounts/two-factor/setup/")
    assert not Vote.objects.filter(division=division).exists()
    accepted = post(browser(officer.user, second_factor=True), _url(division), {"choice": "for"})
    assert accepted.status_code == 200
    assert Vote.objects.get(division=division).member == officer


def test_the_door_votes_as_the_session_holder_and_no_one_else(sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    first, second = sitting.members[8], sitting.members[9]
    assert post(browser(first.user), _url(division), {"choice": "for"}).status_code == 200
    assert post(browser(second.user), _url(division), {"choice": "abstain"}).status_code == 200
    again = post(browser(first.user), _url(division), {"choice": "against"})
    assert again.status_code == 409 and "first vote stands" in again.json()["detail"]
    assert dict(Vote.objects.filter(division=division).values_list("member", "choice")) == {
        first.pk: "for", second.pk: "abstain"}


def test_a_member_of_another_organisation_cannot_vote_here(sitting, seconded):
    from openassembly.core.services import create_organisation
    from openassembly.members.models import Member
    from openassembly.rules import examples

    division = services.open_division(sitting.chair, motion=seconded())
    other = create_organisation(constitution_text=examples.read("commonweal").replace(
        'slug = "commonweal"', 'slug = "elsewhere"'), adopted_by="test")
    stranger = Member.objects.create(organisation=other, name="Elsewhere Member",
                                     email="else@example.org", joined_on=sitting.start.date())
    stranger.user = sitting.chair.user.__class__.objects.create_user("else@example.org", "pw")
    stranger.save()
    refused = post(browser(stranger.user), _url(division), {"choice": "for"})
    assert refused.status_code == 403 and "Only members" in refused.json()["detail"]
    # Their session names the other organisation; the URL's organisation decides.
    wrong_door = post(browser(stranger.user),
                      f"/api/o/elsewhere/divisions/{division.pk}/vote", {"choice": "for"})
    assert wrong_door.status_code == 404
    assert not Vote.objects.filter(division=division).exists()


def test_the_door_still_checks_csrf_and_needs_a_session(sitting, seconded):
    from django.test import Client

    division = services.open_division(sitting.chair, motion=seconded())
    no_token = post(browser(sitting.members[10].user), _url(division), {"choice": "for"},
                    token=None)
    assert no_token.status_code == 403
    anonymous = Client(enforce_csrf_checks=True)
    anonymous.cookies["csrftoken"] = "a" * 32
    assert post(anonymous, _url(division), {"choice": "for"}).status_code == 401
    anonymous.cookies["sessionid"] = "not-a-session-anyone-holds"
    assert post(anonymous, _url(division), {"choice": "for"}).status_code == 401
    assert not Vote.objects.filter(division=division).exists()


def test_a_bad_choice_is_explained_after_the_sign_in(sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    response = post(browser(sitting.members[11].user), _url(division), {"choice": "maybe"})
    assert response.status_code == 400 and "not a vote" in response.json()["detail"]


def test_a_member_of_two_organisations_votes_as_the_member_the_url_names(sitting, seconded):
    from openassembly.core.services import create_organisation
    from openassembly.members.models import Member
    from openassembly.rules import examples

    division = services.open_division(sitting.chair, motion=seconded())
    voter = sitting.members[12]
    other = create_organisation(constitution_text=examples.read("commonweal").replace(
        'slug = "commonweal"', 'slug = "elsewhere"'), adopted_by="test")
    Member.objects.create(organisation=other, user=voter.user, name="Also Elsewhere",
                          email="also@example.org", joined_on=sitting.start.date())
    client = browser(voter.user)
    elsewhere = post(client, f"/api/o/elsewhere/divisions/{division.pk}/vote", {"choice": "for"})
    assert elsewhere.status_code == 404  # not a division of that organisation
    assert post(client, _url(division), {"choice": "for"}).status_code == 200
    assert Vote.objects.get(division=division).member == voter
