"""An election from announcement to declaration, through the services a person uses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.ballots import blt, services
from openassembly.ballots.models import Ballot, Candidacy, Participation, Poll, RollEntry
from openassembly.bodies.models import SeatHolding
from openassembly.core import clock
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent


def test_timetable_shorter_than_the_rule_allows_is_refused(secretary, organisation, east,
                                                            timetable):
    with pytest.raises(InvalidInput, match=r"Rule 13.1 requires nominations to stay open for at "
                                           r"least 14 days; this timetable gives 10 days"):
        services.create_election(
            secretary, organisation=organisation, key="regional", region=east,
            nominations_open_at=timetable.start,
            nominations_close_at=timetable.start + timedelta(days=10),
            opens_at=timetable.opens, closes_at=timetable.closes,
            roll_date=timetable.opens.date(),
        )


def test_voting_period_shorter_than_the_rule_allows_is_refused(secretary, organisation, east,
                                                                timetable):
    with pytest.raises(InvalidInput, match="at least 7 days; this timetable gives 2 days"):
        services.create_election(
            secretary, organisation=organisation, key="regional", region=east,
            nominations_open_at=timetable.start, nominations_close_at=timetable.nominations_close,
            opens_at=timetable.opens, closes_at=timetable.opens + timedelta(days=2),
            roll_date=timetable.opens.date(),
        )


def test_only_a_returning_officer_announces_an_election(member, organisation, east, timetable):
    with pytest.raises(PowerDenied, match="run-ballots"):
        services.create_election(
            member, organisation=organisation, key="regional", region=east,
            nominations_open_at=timetable.start, nominations_close_at=timetable.nominations_close,
            opens_at=timetable.opens, closes_at=timetable.closes, roll_date=timetable.opens.date(),
        )


def test_nominations_cannot_open_early(announced, secretary, timetable):
    with clock.frozen_at(timetable.start - timedelta(minutes=5)), pytest.raises(
        Conflict, match="nominations open on"
    ):
        services.open_nominations(secretary, election=announced)


def test_candidates_need_the_nominators_the_constitution_requires(nominated):
    statuses = dict(nominated.candidacies.values_list("member__name", "status"))
    assert statuses == {
        "Ada Abbot": Candidacy.Status.ON_BALLOT,
        "Bram Bryn": Candidacy.Status.ON_BALLOT,
        "Cerys Castell": Candidacy.Status.ON_BALLOT,
        "Dev Dale": Candidacy.Status.ON_BALLOT,
        "Elin Ellis": Candidacy.Status.NOT_NOMINATED,
    }
    labels = list(nominated.poll.choices.values_list("label", flat=True))
    assert labels == ["Ada Abbot", "Bram Bryn", "Cerys Castell", "Dev Dale"]


def test_nomination_after_close_is_refused(nominated, voters, timetable):
    candidacy = nominated.candidacies.get(member=voters[4])
    with timetable.after_nominations(), pytest.raises(Conflict, match="Nominations closed on"):
        services.nominate(voters[7], candidacy=candidacy)
    with timetable.after_nominations(), pytest.raises(Conflict, match="Nominations closed"):
        services.stand(voters[8], election=nominated, statement="Too late?")


def test_nominating_twice_and_self_nomination_are_refused(announced, secretary, voters,
                                                           timetable):
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        candidacy = services.stand(voters[0], election=announced, statement="Hello")
        services.nominate(voters[1], candidacy=candidacy)
        with pytest.raises(Conflict, match="nominated Ada Abbot already"):
            services.nominate(voters[1], candidacy=candidacy)
        with pytest.raises(InvalidInput, match="cannot nominate themselves"):
            services.nominate(voters[0], candidacy=candidacy)
        with pytest.raises(Conflict, match="standing in this election already"):
            services.stand(voters[0], election=announced, statement="Again")


def test_members_of_another_region_cannot_stand_or_nominate(announced, secretary, make_voter,
                                                             organisation, voters, timetable):
    from openassembly.members.models import Region

    north = make_voter("Nell North", region=Region.objects.get(organisation=organisation,
                                                                name="North"))
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        with pytest.raises(PowerDenied, match="Only members of the East region can stand"):
            services.stand(north, election=announced, statement="Hello")
        candidacy = services.stand(voters[0], election=announced, statement="Hello")
        with pytest.raises(PowerDenied, match="can nominate"):
            services.nominate(north, candidacy=candidacy)


def test_roll_is_fixed_from_the_register_at_the_roll_date(nominated, secretary, voters,
                                                           make_voter, timetable):
    late = make_voter("Late Joiner")
    late.joined_on = timetable.opens.date() + timedelta(days=1)
    late.save()
    with timetable.during_voting():
        poll = services.open_voting(secretary, poll=nominated.poll)
    roll = set(RollEntry.objects.filter(poll=poll).values_list("member__name", flat=True))
    assert roll == {v.name for v in voters}
    assert poll.roll_size == len(voters)
    with timetable.during_voting(), pytest.raises(PowerDenied, match="not on the electoral roll"):
        services.cast_ballot(late, poll=poll, marks=[1])
    assert Ballot.objects.filter(poll=poll).count() == 0
    assert Participation.objects.filter(poll=poll).count() == 0


def test_voting_cannot_open_before_the_timetable(nominated, secretary, timetable):
    with timetable.after_nominations(), pytest.raises(Conflict, match="voting opens on"):
        services.open_voting(secretary, poll=nominated.poll)


def test_voting_twice_is_refused_and_the_first_ballot_stands(voting, voters, timetable):
    with timetable.during_voting():
        first = services.cast_ballot(voters[0], poll=voting, marks=[2, 1])
        with pytest.raises(Conflict, match="first ballot stands"):
            services.cast_ballot(voters[0], poll=voting, marks=[3])
    assert list(Ballot.objects.filter(poll=voting).values_list("receipt", "marks")) == [
        (first, [2, 1])]
    assert Participation.objects.filter(poll=voting).count() == 1


def test_voting_after_the_close_is_refused(voting, voters, timetable):
    with timetable.after_voting(), pytest.raises(Conflict, match="Voting closed on"):
        services.cast_ballot(voters[0], poll=voting, marks=[1])


def test_invalid_rankings_are_refused_by_the_service(voting, voters, timetable):
    with timetable.during_voting():
        with pytest.raises(InvalidInput, match="more than once"):
            services.cast_ballot(voters[0], poll=voting, marks=[1, 1])
        with pytest.raises(InvalidInput, match="numbered 1 to 4"):
            services.cast_ballot(voters[0], poll=voting, marks=[5])
    assert Participation.objects.filter(poll=voting).count() == 0


def test_closing_early_is_refused(voting, secretary, timetable):
    with timetable.during_voting(), pytest.raises(Conflict, match="voting closes on"):
        services.close_voting(secretary, poll=voting)


def _vote_all(poll, voters, timetable):
    ballots = [[1, 2], [1, 3], [2, 1], [2], [3, 4, 1], [4, 3], [1], [], [2, 4]]
    with timetable.during_voting():
        return [services.cast_ballot(v, poll=poll, marks=b)
                for v, b in zip(voters, ballots, strict=True)]


def test_election_from_voting_to_declaration(voting, voters, secretary, timetable):
    receipts = _vote_all(voting, voters, timetable)
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=voting)
        assert (poll.ballots_count, poll.voters_count, poll.empty_count) == (9, 9, 1)
        in_file = blt.receipts(poll.blt)
        for receipt in receipts:
            assert f"  # {receipt}\n" in poll.blt or f"# {receipt} blank\n" in poll.blt
        assert sorted(in_file) == sorted(receipts)
        poll = services.count_poll(secretary, poll=poll)
        assert poll.status == Poll.Status.COUNTED
        elected = poll.outcome["elected"]
        assert len(elected) == 4
        assert poll.result["method"] == "ers97"
        assert poll.result_svg.startswith("<svg")
        poll = services.declare_result(secretary, poll=poll)
    assert poll.status == Poll.Status.DECLARED
    group = poll.election.seat_group
    with timetable.after_voting():
        today = clock.today()
    holders = SeatHolding.objects.filter(seat_group=group, starts_on=today)
    assert sorted(h.member.name for h in holders) == sorted(elected)
    declared = LedgerEvent.objects.get(kind="poll.declared")
    assert declared.data["elected"] == elected
    assert declared.data["voters"] == 9 and declared.data["empty"] == 1
    assert declared.data["seed"] == poll.seed
    closed = LedgerEvent.objects.get(kind="poll.closed")
    assert closed.data["ballots_sha256"] == poll.blt_sha256


def test_no_ledger_event_names_a_voter_or_carries_a_receipt(voting, voters, secretary,
                                                            timetable):
    receipts = _vote_all(voting, voters, timetable)
    with timetable.after_voting():
        services.close_voting(secretary, poll=voting)
    since_open = LedgerEvent.objects.filter(kind__in=["poll.opened", "poll.closed"])
    text = " ".join(str(e.data) + str(e.actor) for e in since_open)
    for receipt in receipts:
        assert receipt not in text
    # Candidates are named on the ballot paper; the other voters must appear nowhere.
    for voter in voters[5:]:
        assert voter.name not in text
    assert not LedgerEvent.objects.filter(kind__contains="cast").exists()


def test_phase_order_is_enforced(voting, secretary, timetable):
    with timetable.after_voting():
        with pytest.raises(Conflict, match=r"is voting open; it cannot become counted\."):
            services.count_poll(secretary, poll=voting)
        with pytest.raises(Conflict, match=r"it cannot become result declared\."):
            services.declare_result(secretary, poll=voting)


def test_public_office_candidates_must_hold_public_office(secretary, organisation, make_voter,
                                                          timetable):
    with clock.frozen_at(timetable.start):
        election = services.create_election(
            secretary, organisation=organisation, key="public-office",
            nominations_open_at=timetable.nominations_open,
            nominations_close_at=timetable.nominations_close,
            opens_at=timetable.opens, closes_at=timetable.closes,
            roll_date=timetable.opens.date(),
        )
        services.open_nominations(secretary, election=election)
        with pytest.raises(PowerDenied, match=r"Rule 5.3: only members who hold public office"):
            services.stand(make_voter("Plain Member"), election=election, statement="Hi")
        councillor = make_voter("Cllr Kemi", public_office=True)
        assert services.stand(councillor, election=election, statement="Hi").pk


def test_voting_cannot_open_with_fewer_candidates_than_places(announced, secretary, voters,
                                                             timetable):
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        for candidate in voters[:3]:
            candidacy = services.stand(candidate, election=announced, statement="Me.")
            for supporter in voters[5:7]:
                services.nominate(supporter, candidacy=candidacy)
    with timetable.after_nominations():
        services.close_nominations(secretary, election=announced)
    with timetable.during_voting(), pytest.raises(Conflict, match="Only 3 validly nominated "
                                                               "candidates for 4 places"):
        services.open_voting(secretary, poll=announced.poll)
    announced.poll.refresh_from_db()
    assert announced.poll.status == "nominations-closed"
    assert not RollEntry.objects.filter(poll=announced.poll).exists()
