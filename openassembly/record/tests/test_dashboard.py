"""A signed-in member's start page: what waits for them, and for an officer what waits for the
officers; a visitor, or someone of another organisation, sees the public home page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from openassembly.accounts.middleware import mark_second_factor_passed
from openassembly.accounts.services import confirm_sensitive_action, propose_sensitive_action
from openassembly.ballots import services as ballots
from openassembly.core import clock
from openassembly.core.actors import System


def _home(organisation) -> str:
    return reverse("record:home", kwargs={"org": organisation.slug})


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member.user)
    session = client.session
    mark_second_factor_passed(session)  # officers pass the second factor; members never asked
    session.save()
    return client


def _page(member) -> str:
    response = _signed_in(member).get(_home(member.organisation))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def elsewhere(db):
    """A second organisation with its own secretary, an act proposed and a petition open."""
    from openassembly.conftest import _person, _seat
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    text = examples.read("commonweal").replace('slug = "commonweal"', 'slug = "elsewhere"')
    other = create_organisation(System("tests"), constitution_text=text)
    secretary = _seat(other, _person(other, "Other Secretary", "other-sec@example.org"),
                      "organising-group", "secretary")
    propose_sensitive_action(secretary, organisation=other, kind="full-export", payload={},
                             reason="Elsewhere's own audit")
    ballots.start_petition(secretary, organisation=other, kind="agenda",
                           title="Elsewhere's petition on parking", text="Debate parking.")
    return other


def test_a_visitor_sees_the_public_home_page(organisation, secretary):
    page = Client().get(_home(organisation)).content.decode()
    assert f"<h1>{organisation.name}</h1>" in page
    assert "Waiting for your vote" not in page and "For the officers" not in page


def test_a_login_of_another_organisation_sees_the_public_home_page(organisation, elsewhere):
    from openassembly.members.models import Member

    stranger = Member.objects.get(organisation=elsewhere, name="Other Secretary")
    page = _signed_in(stranger).get(_home(organisation)).content.decode()
    assert "Waiting for your vote" not in page and "Welcome" not in page
    assert f"<h1>{organisation.name}</h1>" in page


def test_a_member_may_still_ask_for_the_public_home_page(member):
    page = _signed_in(member).get(_home(member.organisation) + "?view=public").content.decode()
    assert "Welcome" not in page and f"<h1>{member.organisation.name}</h1>" in page


def test_the_waiting_ballot_shows_until_the_member_votes(voting, voters, timetable):
    voter = voters[0]
    vote_url = reverse("ballots:vote", kwargs={"org": voting.organisation.slug, "pk": voting.pk})
    with timetable.during_voting():
        page = _page(voter)
        assert "Waiting for your vote" in page and vote_url in page
        assert voting.title in page and "election" in page
        ballots.cast_ballot(voter, poll=voting, marks=[1, 2])
        page = _page(voter)
    assert vote_url not in page
    assert "No election or members' ballot is waiting for your vote" in page


def test_a_member_not_on_the_roll_is_not_asked_to_vote(voting, member, timetable):
    with timetable.during_voting():
        page = _page(member)
    assert reverse("ballots:vote", kwargs={"org": voting.organisation.slug,
                                           "pk": voting.pk}) not in page


@pytest.fixture
def crowd(organisation):
    """Sixty more members who may sign, so one signature does not reach a petition's threshold
    (a threshold is a share of the members past the qualifying period, rule 2.8)."""
    from openassembly.members.models import Member

    Member.objects.bulk_create(
        Member(organisation=organisation, name=f"Member {n}", email=f"m{n}@example.org",
               joined_on=clock.today() - timedelta(days=400)) for n in range(60))


def test_petitions_to_sign_leave_out_the_signed_and_other_organisations(organisation, member,
                                                                        secretary, elsewhere,
                                                                        crowd):
    bus = ballots.start_petition(secretary, organisation=organisation, kind="agenda",
                                 title="Bus fares on the agenda", text="Debate bus fares.")
    page = _page(member)
    assert "Bus fares on the agenda" in page and "1 of " in page
    assert "Elsewhere&#x27;s petition" not in page
    ballots.sign_petition(member, petition=bus)
    assert "Bus fares on the agenda" not in _page(member)


def test_a_seated_member_sees_the_meeting_in_session_with_its_papers_and_their_actions(
        sitting, seconded, vote):
    from openassembly.meetings import services
    from openassembly.meetings.models import Decision

    services.circulate_paper(sitting.secretary, meeting=sitting.meeting, item=sitting.item,
                             title="The campaign plan", markdown="# Plan")
    motion = seconded()
    vote(motion, 9, 4, 1)
    decision = Decision.objects.get(motion=motion)
    owner = sitting.members[2]
    services.add_action(sitting.secretary, decision=decision, description="Book the hall",
                        owner=owner, due_on=clock.today() + timedelta(days=10))
    page = _page(owner)
    assert sitting.meeting.title in page and "in session now" in page
    assert "The campaign plan" in page
    assert "Book the hall" in page and f"Decision {decision.number}" in page
    assert "Coordinating Group" in page  # their seat and term
    assert "Book the hall" not in _page(sitting.members[3])


def test_an_officer_sees_the_act_waiting_for_them_not_the_one_they_started(
        organisation, secretary, chair, member, elsewhere):
    action = propose_sensitive_action(secretary, organisation=organisation, kind="full-export",
                                      payload={}, reason="The annual audit")
    anchor = f"#action-{action.pk}"
    chairs = _page(chair)
    assert "For the officers" in chairs and anchor in chairs and "The annual audit" in chairs
    assert "Elsewhere&#x27;s own audit" not in chairs
    secretarys = _page(secretary)
    assert "For the officers" in secretarys and anchor not in secretarys
    members = _page(member)
    assert "For the officers" not in members and "The annual audit" not in members
    confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
    assert anchor not in _page(chair)


def test_the_officer_panel_shows_overdue_minutes_and_breaches(sitting, travel):
    from openassembly.meetings import services

    services.close_meeting(sitting.chair, meeting=sitting.meeting)
    travel.to(sitting.start + timedelta(days=60))
    page = _page(sitting.chair)
    minutes = page.split('id="minutes"', 1)[1].split("<h3", 1)[0]
    assert sitting.meeting.title in minutes and "No minutes are overdue" not in minutes
    assert "Rules broken or at risk" in page and "broken" in page


def test_the_start_page_query_count_does_not_grow(organisation, secretary, chair, member,
                                                  crowd, django_assert_max_num_queries):
    from openassembly.core import compliance

    for n in range(4):
        propose_sensitive_action(secretary, organisation=organisation, kind="full-export",
                                 payload={}, reason=f"Audit {n}")
        ballots.start_petition(secretary, organisation=organisation, kind="agenda",
                               title=f"Petition {n}", text="Debate it.")
    client = _signed_in(chair)
    # Measured: 12 for a member, 19 more than the checks for an officer. The member's part
    # costs a fixed few queries (one more for papers when meetings are listed); the officer's
    # part runs each compliance check once, as the compliance page does.
    with django_assert_max_num_queries(len(compliance._SPECS) + 21):
        assert client.get(_home(organisation)).status_code == 200
    client = _signed_in(member)
    with django_assert_max_num_queries(14):
        assert client.get(_home(organisation)).status_code == 200



def test_an_officer_is_not_asked_to_confirm_the_reset_of_their_own_second_factor(
        organisation, secretary, chair):
    import pyotp

    chair.user.totp_secret, chair.user.totp_confirmed_at = pyotp.random_base32(), clock.now()
    chair.user.save()
    action = propose_sensitive_action(secretary, organisation=organisation,
                                      kind="reset-second-factor", payload={"member": chair.pk},
                                      reason="Lost phone")
    assert f"#action-{action.pk}" not in _page(chair)


def test_applications_to_join_wait_for_the_officer_who_decides_them_only(organisation, secretary,
                                                                        treasurer, member):
    from openassembly.members.services import create_appeal
    from openassembly.members.tests.test_admission import sign_up

    appeal = create_appeal(secretary, organisation=organisation, slug="join", title="Join us",
                           text="Sign here.")
    sign_up(organisation, appeal, 2)
    applications = reverse("members:applications", kwargs={"org": organisation.slug})
    page = _page(secretary)  # rule 2.7: the secretary admits
    assert "2 applications waiting for a decision" in page and "Person 1" in page
    assert f'href="{applications}"' in page  # on the start page and in the menu
    for someone in (treasurer, member):  # the treasurer is an officer without the power
        page = _page(someone)
        assert "Person 1" not in page and f'href="{applications}"' not in page
