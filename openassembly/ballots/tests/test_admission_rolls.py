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
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.meetings.tests.conftest import now, travel  # noqa: F401  (fixtures)
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


def _make_qualified_total(organisation, total: int) -> None:
    """Long-standing members until exactly ``total`` may sign (and vote) today."""
    from openassembly.members import eligibility

    have = eligibility.qualified(organisation, "sign", clock.today()).count()
    assert have <= total
    Member.objects.bulk_create(
        Member(organisation=organisation, name=f"Stalwart {i}",
               joined_on=clock.today() - timedelta(days=400)) for i in range(total - have))


def test_a_petitions_threshold_is_a_share_of_the_members_who_may_sign(organisation, member,
                                                                     make_voter):
    from openassembly.ballots.selectors import members_entitled_to_sign, threshold
    from openassembly.core.models import LedgerEvent

    # 40 members who may sign: 5% (rule 10.1) is 2. A member 27 days into the 28-day period
    # (rule 2.8) is a member, but may not sign today, so does not raise the bar to 3.
    second = make_voter("Second Signer")
    _make_qualified_total(organisation, 40)
    newcomer = make_voter("New Comer")
    Member.objects.filter(pk=newcomer.pk).update(joined_on=clock.today() - timedelta(days=27))
    assert Member.objects.filter(organisation=organisation, status="active").count() == 41
    assert members_entitled_to_sign(organisation) == 40
    petition = services.start_petition(member, organisation=organisation, kind="member-ballot",
                                       title="Debate fares", text="Please.")
    assert threshold(petition) == 2
    # The next day the newcomer has served 28 days and may sign: the base is 41, so 3.
    with clock.frozen_at(clock.now() + timedelta(days=1)):
        assert members_entitled_to_sign(organisation) == 41
        assert threshold(petition) == 3
    # Today, a second signature reaches the threshold of 2, on the record as 2 of 40.
    services.sign_petition(second, petition=petition)
    petition.refresh_from_db()
    assert (petition.status, petition.threshold_reached) == (Petition.Status.SUCCEEDED, 2)
    event = LedgerEvent.objects.get(kind="petition.succeeded")
    assert (event.data["threshold"], event.data["members"]) == (2, 40)
    assert "(2 of 40)" in event.data["reason"]


def test_an_all_members_meetings_quorum_counts_the_members_who_may_vote(
        organisation, secretary, chair, make_voter, travel, now):  # noqa: F811
    from openassembly.bodies.models import Body
    from openassembly.meetings import constitution
    from openassembly.meetings import services as meetings

    body = Body.objects.get(organisation=organisation, key="members")
    start = now + timedelta(days=20)
    # On the day of the meeting: 60 members who may vote (a twentieth, rule 7.3, is 3), and
    # one 27 days into the 28-day period, who may not and so is not counted.
    _make_qualified_total(organisation, 57)
    present = [make_voter(f"Attender {i}") for i in range(3)]
    just_out = make_voter("Just Out")
    Member.objects.filter(pk=just_out.pk).update(joined_on=start.date() - timedelta(days=27))
    travel.to(now)
    meeting = meetings.call_meeting(
        secretary, organisation=organisation, body=body, title="General meeting",
        starts_at=start, place="Hall", chair=chair,
        agenda=[("Fares", "A campaign for capped fares.")])
    travel.to(start)
    assert constitution.seats_filled(body) == 60
    meeting = meetings.open_meeting(chair, meeting=meeting)
    for person in present:
        meetings.attend(person, meeting=meeting, mode="in-person")
    motion = meetings.move_motion(present[0], item=meeting.items.get(), title="Fares",
                                  text="This meeting campaigns for capped fares.")
    meetings.second_motion(present[1], motion=motion)
    # 3 present of 60 is quorate; counting the newcomer (61) the quorum would be 4.
    division = meetings.open_division(chair, motion=motion)
    assert (division.present, division.seats_filled) == (3, 60)
    assert "of the 60 members, which is 3" in division.quorum_reason
    meetings.close_division(chair, division=division)
    # The next day the newcomer may vote, and the base is 61: 3 present is short of 4.
    travel.to(start + timedelta(days=1))
    assert constitution.seats_filled(body) == 61
    later = meetings.move_motion(present[0], item=meeting.items.get(), title="Buses",
                                 text="This meeting campaigns for more buses.")
    meetings.second_motion(present[1], motion=later)
    with pytest.raises(Conflict, match="of the 61 members, which is 4"):
        meetings.open_division(chair, motion=later)
