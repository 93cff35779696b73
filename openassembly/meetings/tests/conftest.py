"""The meetings cast: a Coordinating Group with members in its seats, and a clock to move."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import datetime, timedelta

import pytest

from openassembly.core.actors import System


class Travel:
    """Move the one clock the services read; undone at the end of the test."""

    def __init__(self) -> None:
        self._stack = ExitStack()

    def to(self, moment: datetime) -> datetime:
        from openassembly.core import clock

        self._stack.close()
        self._stack = ExitStack()
        self._stack.enter_context(clock.frozen_at(moment))
        return moment

    def close(self) -> None:
        self._stack.close()


@pytest.fixture
def travel():
    t = Travel()
    yield t
    t.close()


@pytest.fixture
def now():
    from django.utils import timezone

    return timezone.now().replace(microsecond=0)


@pytest.fixture
def body_of(organisation):
    from openassembly.bodies.models import Body

    return lambda key: Body.objects.get(organisation=organisation, key=key)


@pytest.fixture
def seat_on(organisation):
    """Seat a member in the first seat group of ``body`` (and ``seat``) with a place free, by
    the seat's lawful route: the founders for the seats they fill (rule 4.4 of the demo), the
    affiliate's contact's nomination for an affiliate's places."""
    from openassembly.bodies.models import SeatGroup
    from openassembly.bodies.selectors import current_holdings
    from openassembly.bodies.services import nominate_to_seat, seat_founder
    from openassembly.core import clock
    from openassembly.members.models import Affiliate

    def seat_on(member, body: str, seat: str | None = None, *, starts=None):
        groups = SeatGroup.objects.filter(organisation=organisation, body__key=body, active=True)
        if seat:
            groups = groups.filter(seat_key=seat)
        starts = starts or clock.today() - timedelta(days=1)
        for group in groups.order_by("position"):
            if current_holdings(group, starts).count() >= group.places:
                continue
            if group.kind == SeatGroup.Kind.NOMINATED:
                # The nominee is named their affiliate's contact and nominates themselves:
                # register data set up directly, the seat by the nomination route.
                Affiliate.objects.filter(pk=group.affiliate_id).update(contact=member)
                nominate_to_seat(member, organisation=organisation, seat_group=group,
                                 member=member, starts_on=starts)
            else:
                seat_founder(System("test founders"), organisation=organisation,
                             seat_group=group, member=member, starts_on=starts)
            return member
        raise AssertionError(f"no free seat on {body}")

    return seat_on


@pytest.fixture
def group_members(make_person, seat_on):
    """``group_members(n)``: n people seated on the Coordinating Group (34 seats)."""

    def make(n: int, body: str = "coordinating-group", prefix: str = "Delegate"):
        people = []
        for i in range(n):
            person = make_person(f"{prefix} {i + 1:02d}", f"{prefix.lower()}{i + 1}@example.org")
            people.append(seat_on(person, body))
        return people

    return make


@pytest.fixture
def sitting(organisation, secretary, chair, group_members, body_of, travel, now):
    """A Coordinating Group meeting in session: called a week ahead, opened, 15 signed in."""
    from openassembly.meetings import services

    members = group_members(15)
    travel.to(now)
    meeting = services.call_meeting(
        secretary, organisation=organisation, body=body_of("coordinating-group"),
        title="Coordinating Group, spring", starts_at=now + timedelta(days=8), place="Hall",
        online_url="https://meet.example.org/cg", chair=chair,
        agenda=[("Campaign plan", "The plan for the year."), ("Any other business", "")],
    )
    travel.to(now + timedelta(days=8))
    meeting = services.open_meeting(chair, meeting=meeting)
    for person in members:
        services.attend(person, meeting=meeting, mode="in-person")

    class Sitting:
        pass

    s = Sitting()
    s.meeting, s.members, s.chair, s.secretary = meeting, members, chair, secretary
    s.item = meeting.items.get(position=1)
    s.start = now + timedelta(days=8)
    return s


@pytest.fixture
def approve_at_next_meeting(sitting, organisation, body_of, travel):
    """``approve_at_next_meeting(minutes)``: the body meets 30 days after the sitting and
    approves the minutes by a recorded vote, 10 of the sitting's members for; the division."""
    from openassembly.meetings import services

    def approve(minutes):
        start = sitting.start + timedelta(days=30)
        travel.to(sitting.start + timedelta(days=20))
        summer = services.call_meeting(sitting.secretary, organisation=organisation,
                                       body=body_of("coordinating-group"), title="Summer",
                                       starts_at=start, place="Hall", chair=sitting.chair,
                                       agenda=[("Minutes of the last meeting", "")])
        travel.to(start)
        summer = services.open_meeting(sitting.chair, meeting=summer)
        for person in sitting.members:
            services.attend(person, meeting=summer, mode="online")
        approval = services.move_minutes_approval(sitting.chair, item=summer.items.get(),
                                                  minutes=minutes)
        division = services.open_division(sitting.chair, motion=approval)
        for person in sitting.members[:10]:
            services.cast_vote(person, division=division, choice="for")
        return services.close_division(sitting.chair, division=division)

    return approve


@pytest.fixture
def vote(sitting):
    """``vote(motion, f, a, ab, method="named")``: open a division, vote, close; the division."""
    from openassembly.meetings import services

    def vote(motion, votes_for: int, against: int, abstain: int = 0, method: str = "named",
             voters=None):
        voters = list(voters or sitting.members)
        division = services.open_division(sitting.chair, motion=motion, method=method)
        choices = ["for"] * votes_for + ["against"] * against + ["abstain"] * abstain
        assert len(choices) <= len(voters)
        for person, choice in zip(voters, choices, strict=False):
            services.cast_vote(person, division=division, choice=choice)
        return services.close_division(sitting.chair, division=division)

    return vote


@pytest.fixture
def seconded(sitting):
    """``seconded(title, text)``: a motion on the first item, moved and seconded."""
    from openassembly.meetings import services

    def seconded(title="Campaign for clean air", text="This group resolves to campaign.",
                 mover=None, seconder=None, **extra):
        mover = mover or sitting.members[0]
        seconder = seconder or sitting.members[1]
        motion = services.move_motion(mover, item=sitting.item, title=title, text=text, **extra)
        return services.second_motion(seconder, motion=motion)

    return seconded


@pytest.fixture
def og_members(organisation, secretary, make_person, seat_on):
    """``og_members(n)``: n representatives of national organisations on the Organising Group."""
    from openassembly.bodies.services import apply_constitution
    from openassembly.core import clock
    from openassembly.members.services import add_affiliate

    def make(n: int, prefix: str = "Rep"):
        for i in range((n + 2) // 3):
            add_affiliate(secretary, organisation=organisation, kind="national-organisation",
                          name=f"{prefix} organisation {i}", slug=f"{prefix.lower()}-org-{i}",
                          affiliated_on=clock.today() - timedelta(days=30))
        apply_constitution(organisation)
        return [seat_on(make_person(f"{prefix} {i + 1:02d}", f"{prefix.lower()}{i + 1}@x.org"),
                        "organising-group", "organisation-reps") for i in range(n)]

    return make


@pytest.fixture
def conference_card_vote(organisation, secretary, chair, make_person, seat_on, body_of, travel,
                         now):
    """Conference in session with a card vote open: 3 affiliate and 10 local delegates, the
    affiliates' section holding 50% however few they send. (division, affiliates, locals)."""
    from openassembly.bodies.services import apply_constitution
    from openassembly.meetings import services
    from openassembly.members.services import add_affiliate

    travel.to(now)
    start = now.date() - timedelta(days=30)
    add_affiliate(secretary, organisation=organisation, kind="national-organisation",
                  name="Clean Air", slug="clean-air", affiliated_on=start)
    for name in ("North", "South", "East", "West", "Wales"):
        add_affiliate(secretary, organisation=organisation, kind="local-group",
                      name=f"{name} group", slug=name.lower(), affiliated_on=start)
    apply_constitution(organisation)
    affiliates = [seat_on(make_person(f"Affiliate {i}", f"a{i}@x.org"), "conference",
                          "organisation-delegates") for i in range(3)]
    locals_ = [seat_on(make_person(f"Local {i}", f"l{i}@x.org"), "conference",
                       "local-group-delegates") for i in range(10)]
    meeting = services.call_meeting(secretary, organisation=organisation,
                                    body=body_of("conference"), title="Conference",
                                    starts_at=now + timedelta(days=29), place="Hall",
                                    chair=chair, agenda=[("Policy", "")])
    travel.to(now + timedelta(days=29))
    meeting = services.open_meeting(chair, meeting=meeting)
    for person in affiliates + locals_:
        services.attend(person, meeting=meeting, mode="in-person")
    motion = services.move_motion(locals_[0], item=meeting.items.get(), title="P", text="P")
    services.second_motion(locals_[1], motion=motion)
    division = services.open_division(chair, motion=motion, method="card")
    return division, affiliates, locals_


@pytest.fixture
def carried_amendment(organisation, secretary, chair, group_members, body_of, travel):
    """``carried_amendment(text)``: the lawful route to a new constitution (rule 8.2 in the
    demo). The Coordinating Group meets a week from the clock's now, five new members (or
    ``voters``) attend, and a motion to change the constitution to ``text`` is carried
    unanimously; the motion."""
    from openassembly.core import clock
    from openassembly.meetings import services

    def carry(text: str, *, title: str = "A change to the rules", prefix: str = "Amender",
              voters=None):
        members = list(voters) if voters else group_members(5, prefix=prefix)
        start = clock.now() + timedelta(days=8)
        meeting = services.call_meeting(
            secretary, organisation=organisation, body=body_of("coordinating-group"),
            title=f"Coordinating Group: {title}", starts_at=start, place="Hall", chair=chair,
            agenda=[("The constitution", "")])
        travel.to(start)
        meeting = services.open_meeting(chair, meeting=meeting)
        for person in members:
            services.attend(person, meeting=meeting, mode="in-person")
        motion = services.move_motion(members[0], item=meeting.items.get(), title=title,
                                      text=title, decision_key="constitution-amendment",
                                      new_constitution=text)
        services.second_motion(members[1], motion=motion)
        division = services.open_division(chair, motion=motion, method="named")
        for person in members:
            services.cast_vote(person, division=division, choice="for")
        services.close_division(chair, division=division)
        motion.refresh_from_db()
        return motion

    return carry
