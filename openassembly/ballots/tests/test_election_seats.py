"""Elected seats are filled only from a declared result (ballots/authority.py), and a body can
elect its own officers from among the holders of its seats (rule 4.2 of the demo): after the
founding, the only route to an officer seat."""

from __future__ import annotations

import pytest

from openassembly.ballots import services
from openassembly.ballots.models import Poll
from openassembly.bodies.models import SeatGroup, SeatHolding
from openassembly.bodies.services import (
    nominate_to_seat,
    record_founding,
    seat_elected,
)
from openassembly.core import clock
from openassembly.core.actors import System
from openassembly.core.authority import AuthorityRefused, Route, resolve
from openassembly.core.errors import PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.members.services import add_affiliate, set_affiliate_contact


def _declare(poll, secretary, timetable, ballots):
    with timetable.during_voting():
        poll = services.open_voting(secretary, poll=poll)
        for voter, marks in ballots:
            services.cast_ballot(voter, poll=poll, marks=marks)
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=poll)
        poll = services.count_poll(secretary, poll=poll)
        return services.declare_result(secretary, poll=poll)


@pytest.fixture
def representatives(organisation, secretary, make_voter):
    """Three national organisations' representatives on the Organising Group, each nominated
    by their organisation's contact."""
    reps = []
    for i in range(3):
        affiliate = add_affiliate(secretary, organisation=organisation,
                                  kind="national-organisation", name=f"Org {i}", slug=f"org-{i}")
        rep = make_voter(f"Rep Number{i}")
        set_affiliate_contact(secretary, organisation=organisation, affiliate=affiliate,
                              contact=rep)
        group = SeatGroup.objects.get(seat_key="organisation-reps", affiliate=affiliate)
        nominate_to_seat(rep, organisation=organisation, seat_group=group, member=rep)
        reps.append(rep)
    return reps


def test_the_organising_group_elects_its_treasurer_from_among_its_members(
        organisation, secretary, chair, representatives, voters, timetable):
    record_founding(System("test founders"), organisation=organisation)
    with timetable.during_nominations():
        election = services.create_election(
            secretary, organisation=organisation, key="officer-treasurer",
            nominations_open_at=timetable.nominations_open,
            nominations_close_at=timetable.nominations_close, opens_at=timetable.opens,
            closes_at=timetable.closes, roll_date=timetable.opens.date())
        services.open_nominations(secretary, election=election)
        # An ordinary member can neither stand nor nominate: the Group elects from itself.
        with pytest.raises(PowerDenied, match=r"Rule 4\.2: the Organising Group elects this "
                                              "seat from among its own members"):
            services.stand(voters[0], election=election, statement="Pick me.")
        first, second, third = representatives
        for candidate in (first, second):
            candidacy = services.stand(candidate, election=election, statement="I will keep "
                                                                               "the books open.")
            with pytest.raises(PowerDenied, match="only those who hold a seat on it"):
                services.nominate(voters[1], candidacy=candidacy)
            for nominator in (secretary, chair):
                services.nominate(nominator, candidacy=candidacy)
    with timetable.after_nominations():
        services.close_nominations(secretary, election=election)
    poll = election.poll
    poll.refresh_from_db()
    ballots = [(first, [1, 2]), (second, [2, 1]), (third, [1]), (secretary, [1]), (chair, [2])]
    poll = _declare(poll, secretary, timetable, ballots)
    # The roll was the Group's five seat holders, not the membership.
    assert poll.roll_size == 5
    holding = SeatHolding.objects.get(seat_group__seat_key="treasurer")
    assert holding.member == first and holding.route == "election"
    assert holding.reference == f"election:{poll.pk}"
    taken = LedgerEvent.objects.filter(kind="seat.taken").order_by("pk").last()
    assert taken.data["authority"]["text"] == (f"by the result of election {poll.pk} "
                                               "(Organising Group: Treasurer)")


def test_an_election_result_fills_only_its_own_seat_with_only_its_winners(
        organisation, secretary, voting, voters, timetable):
    ballots = list(zip(voters, [[1, 2], [1, 3], [2, 1], [2], [3, 4, 1], [4, 3], [1], [],
                                [2, 4]], strict=True))
    with timetable.during_voting():
        for voter, marks in ballots:
            services.cast_ballot(voter, poll=voting, marks=marks)
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=voting)
        poll = services.count_poll(secretary, poll=poll)
        authority_before = None
        with pytest.raises(AuthorityRefused, match="has no declared result"):
            authority_before = resolve(organisation, Route.ELECTION, poll.pk)
        assert authority_before is None
        poll = services.declare_result(secretary, poll=poll)
    assert poll.status == Poll.Status.DECLARED
    authority = resolve(organisation, Route.ELECTION, poll.pk)
    winners = set(authority.facts["elected_members"])
    loser = next(v for v in voters[:5] if v.pk not in winners)
    east = SeatGroup.objects.get(seat_key="regional", label="East")
    chair_seat = SeatGroup.objects.get(seat_key="chair")
    with pytest.raises(AuthorityRefused, match="filled Regional members East, not Chair"):
        seat_elected(secretary, organisation=organisation, authority=authority,
                     seat_group=chair_seat, member=voters[0], starts_on=clock.today(),
                     ends_on=None)
    with pytest.raises(AuthorityRefused, match="was not declared elected"):
        seat_elected(secretary, organisation=organisation, authority=authority,
                     seat_group=east, member=loser, starts_on=clock.today(), ends_on=None)
    assert set(east.holdings.filter(ends_on__isnull=False).values_list("member", flat=True)) \
        <= winners
    assert not SeatHolding.objects.filter(member=loser).exists()
