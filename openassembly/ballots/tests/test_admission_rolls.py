"""Every roll honours admission and the qualifying period (rules 2.7 and 2.8 of the demo).

The attack that found it: 26 scripted sign-ups, each a full member at once, stood as
candidates and pushed a petition over its threshold in seconds. Now a sign-up is an applicant
on no roll, and a member admitted today waits 28 days to vote, stand or sign."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.ballots import services
from openassembly.ballots.models import Petition, RollEntry
from openassembly.core import clock
from openassembly.core.errors import InvalidInput, PowerDenied
from openassembly.members.models import Member
from openassembly.members.services import create_appeal
from openassembly.members.services_admission import decide_application
from openassembly.members.tests.test_admission import sign_up

from .test_api import _cast, _voter_client


@pytest.fixture
def established(organisation):
    """Sixty members of long standing, so that a members' ballot petition (5%, rule 10.1)
    needs four signatures."""
    Member.objects.bulk_create(
        Member(organisation=organisation, name=f"Long Stander {i}",
               joined_on=clock.today() - timedelta(days=400)) for i in range(60))


@pytest.fixture
def scripted(organisation, secretary):
    appeal = create_appeal(secretary, organisation=organisation, slug="join", title="Join",
                           text="Sign.")
    return sign_up(organisation, appeal, 26, prefix="bot")


def test_scripted_sign_ups_cannot_sign_stand_or_vote(organisation, member, established,
                                                     scripted, announced, secretary, timetable,
                                                     voters):
    petition = services.start_petition(member, organisation=organisation, kind="member-ballot",
                                       title="Debate housing", text="Please.")
    for bot in scripted:
        with pytest.raises(InvalidInput, match="application to join has not been decided"):
            services.sign_petition(bot, petition=petition)
    petition.refresh_from_db()
    assert (petition.signatures_count, petition.status) == (1, Petition.Status.OPEN)
    east = voters[0].region
    Member.objects.filter(pk__in=[b.pk for b in scripted]).update(region=east)
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        with pytest.raises(InvalidInput, match="application to join"):
            services.stand(Member.objects.get(pk=scripted[0].pk), election=announced,
                           statement="Vote for me.")
    # The bots are admitted only once nominations are open: still not qualified to stand.
    with timetable.during_nominations():
        for bot in scripted[:3]:
            decide_application(secretary, organisation=organisation, member=bot, admit=True)
        admitted = Member.objects.get(pk=scripted[0].pk)
        with pytest.raises(PowerDenied, match="after 28 days of membership") as refused:
            services.stand(admitted, election=announced, statement="Vote for me.")
        assert f"from {admitted.joined_on + timedelta(days=28):%-d %B %Y}" in str(refused.value)
        for candidate in voters[:4]:
            candidacy = services.stand(candidate, election=announced, statement="Me.")
            for supporter in voters[5:7]:
                services.nominate(supporter, candidacy=candidacy)
        with pytest.raises(PowerDenied, match="nominate a candidate"):
            services.nominate(admitted, candidacy=candidacy)
    with timetable.after_nominations():
        services.close_nominations(secretary, election=announced)
    with timetable.during_voting():
        poll = services.open_voting(secretary, poll=announced.poll)
        on_roll = set(RollEntry.objects.filter(poll=poll).values_list("member_id", flat=True))
        assert not on_roll & {b.pk for b in scripted}
        assert {v.pk for v in voters} <= on_roll
        # Through the API as well as the service: not on the roll.
        refused = _cast(_voter_client(scripted[5]), poll, {"marks": [1]})
        assert refused.status_code in (400, 403) and "not on the electoral roll" in (
            refused.json()["detail"])
        refused = _cast(_voter_client(admitted), poll, {"marks": [1]})
        assert refused.status_code in (400, 403)
        assert _cast(_voter_client(voters[8]), poll, {"marks": [1]}).status_code == 200


def test_the_roll_date_is_the_boundary(organisation, announced, secretary, timetable, voters,
                                       make_voter):
    roll_date = announced.poll.roll_date
    just_in = make_voter("Just In")
    just_out = make_voter("Just Out")
    Member.objects.filter(pk=just_in.pk).update(joined_on=roll_date - timedelta(days=28))
    Member.objects.filter(pk=just_out.pk).update(joined_on=roll_date - timedelta(days=27))
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        for candidate in voters[:4]:
            candidacy = services.stand(candidate, election=announced, statement="Me.")
            for supporter in voters[5:7]:
                services.nominate(supporter, candidacy=candidacy)
    with timetable.after_nominations():
        services.close_nominations(secretary, election=announced)
    with timetable.during_voting():
        poll = services.open_voting(secretary, poll=announced.poll)
        on_roll = set(RollEntry.objects.filter(poll=poll).values_list("member_id", flat=True))
    assert just_in.pk in on_roll and just_out.pk not in on_roll


def test_a_petition_signature_waits_for_the_period_and_counts_after(organisation, member,
                                                                   established, make_voter):
    petition = services.start_petition(member, organisation=organisation, kind="member-ballot",
                                       title="Debate fares", text="Please.")
    newcomer = make_voter("New Comer")
    Member.objects.filter(pk=newcomer.pk).update(joined_on=clock.today() - timedelta(days=27))
    newcomer.refresh_from_db()
    with pytest.raises(PowerDenied, match=f"from {clock.today() + timedelta(days=1):%-d %B %Y}"):
        services.sign_petition(newcomer, petition=petition)
    with clock.frozen_at(clock.now() + timedelta(days=1)):
        services.sign_petition(newcomer, petition=petition)
    petition.refresh_from_db()
    assert petition.signatures_count == 2


def test_a_newcomer_cannot_join_a_sortition_pool(organisation, secretary, make_voter):
    sortition = services.announce_sortition(
        secretary, organisation=organisation, title="Panel", purpose="Hears appeals.", places=1)
    newcomer = make_voter("New Comer")
    Member.objects.filter(pk=newcomer.pk).update(joined_on=clock.today())
    newcomer.refresh_from_db()
    with pytest.raises(PowerDenied, match="join a pool"):
        services.join_pool(newcomer, sortition=sortition)
