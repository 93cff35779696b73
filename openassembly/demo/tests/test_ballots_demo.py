"""The demo shows every stage: a declared election, nominations, a live members' ballot."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from openassembly.ballots.models import Petition, Poll, Sortition, Task
from openassembly.core import clock
from openassembly.core.ledger import verify_organisation
from openassembly.core.models import LedgerEvent


def test_demo_has_elections_ballots_petitions_and_a_draw(db, client):
    from openassembly.demo.organisation import load_demo

    organisation = load_demo(members_count=120)
    declared = Poll.objects.get(organisation=organisation, status=Poll.Status.DECLARED)
    assert len(declared.outcome["elected"]) == 4
    assert declared.ballots_count == declared.voters_count > 10
    assert Poll.objects.filter(status=Poll.Status.NOMINATIONS).count() == 1
    live = Poll.objects.get(kind=Poll.Kind.REFERENDUM)
    assert live.status == Poll.Status.OPEN and live.referendum.petition is not None
    # It opened itself on the constitution's timetable, with no officer (rule 13.5).
    opened = LedgerEvent.objects.get(kind="poll.opened", data__poll=live.pk)
    assert opened.actor == "the timetable"
    against = live.referendum.statements.get(side="against")
    assert against.chosen_by.startswith("chosen by 7 co-signers")
    assert live.scrutineers.get().name == "Civic Ballot Watch"
    assert Petition.objects.filter(status=Petition.Status.OPEN).count() == 1
    assert Sortition.objects.get().status == Sortition.Status.DRAWN
    assert not Task.objects.exclude(status=Task.Status.DONE).exists()
    assert verify_organisation(organisation).ok
    for path in (f"/o/commonweal/polls/{declared.pk}/results/",
                 f"/o/commonweal/polls/{live.pk}/", "/o/commonweal/ballots/",
                 f"/o/commonweal/polls/{live.pk}/scrutiny/", "/o/commonweal/compliance/"):
        assert client.get(path).status_code == 200


def test_the_open_election_agrees_with_the_constitution_and_waits_for_the_demo_member(db):
    """The public office holders' election: its timetable, electorate, candidates and seats are
    the constitution's; the demo member is on its roll and has not voted; the turnout every page
    shows is the ballots in the box; and the member's vote through the page gets a receipt."""
    from openassembly.ballots.models import Ballot, Participation, RollEntry
    from openassembly.bodies.models import SeatGroup
    from openassembly.demo import organisation as demo
    from openassembly.members import eligibility
    from openassembly.members.models import Member

    organisation = demo.load_demo(members_count=120)
    poll = Poll.objects.get(organisation=organisation, kind=Poll.Kind.ELECTION,
                            status=Poll.Status.OPEN)
    election = poll.election
    constitution = organisation.constitution
    spec = constitution.election(election.key)
    seat = constitution.body(spec.body).seat(spec.seat)
    assert (spec.key, spec.rule, seat.eligibility) == ("public-office", "5.3",
                                                      "public-office-holder")
    assert election.seat_group == SeatGroup.objects.get(
        organisation=organisation, body__key="coordinating-group", seat_key="public-office")
    assert poll.seats == election.seat_group.places == 4 and poll.method == spec.method
    # Rule 13.1's timetable: nominations open at least 14 days, voting at least 7, open now.
    now = clock.now()
    assert election.nominations_close_at - election.nominations_open_at >= timedelta(
        days=spec.nomination_days)
    assert poll.closes_at - poll.opens_at >= timedelta(days=spec.voting_days)
    assert poll.opens_at <= now < poll.closes_at and poll.roll_date <= poll.opens_at.date()
    # All members elect (no region); the roll is the register qualified on the roll date.
    assert poll.roll_region is None
    roll = set(RollEntry.objects.filter(poll=poll).values_list("member_id", flat=True))
    assert roll == set(eligibility.qualified(organisation, "vote", poll.roll_date)
                       .values_list("pk", flat=True)) and poll.roll_size == len(roll)
    # Every candidate on the paper holds public office and was validly nominated.
    candidates = [c.candidacy for c in poll.choices.select_related("candidacy__member")]
    assert len(candidates) > poll.seats
    assert all(c.member.public_office_holder for c in candidates)
    assert all(c.nominations.count() >= spec.nominators for c in candidates)
    # Some have voted; the demo's logins have not.
    voted = Participation.objects.filter(poll=poll)
    assert 0 < voted.count() == Ballot.objects.filter(poll=poll).count()
    you = Member.objects.get(organisation=organisation, email=demo.MEMBER_EMAIL)
    assert you.pk in roll
    assert not voted.filter(member__user__isnull=False).exists()
    client = Client()
    client.force_login(you.user)
    for path in ("/o/commonweal/", "/o/commonweal/ballots/"):
        page = client.get(path).content.decode()
        waiting = page.split("Waiting for your vote", 1)[1].split("</section>", 1)[0]
        assert poll.title in waiting, path
    page = client.get(f"/o/commonweal/polls/{poll.pk}/").content.decode()
    assert f"{voted.count()} of {len(roll)} on the roll" in page
    before = voted.count()
    # The paper as served: every list sends its value (unmarked ones their fixed-width zero),
    # as a browser would, with the first two candidates numbered 1 and 2.
    from openassembly.ballots.tests.test_request_size import paper_controls

    url = f"/o/commonweal/polls/{poll.pk}/vote/"
    paper = {c["name"]: c["default"] for c in paper_controls(client.get(url).content.decode())}
    width = len(paper["c1"])
    paper.update(c1=f"{1:0{width}d}", c2=f"{2:0{width}d}")
    response = client.post(url, paper)
    assert response.status_code == 200 and "receipt" in response.content.decode().lower()
    assert voted.filter(member=you).exists()
    assert Ballot.objects.filter(poll=poll).count() == voted.count() == before + 1
