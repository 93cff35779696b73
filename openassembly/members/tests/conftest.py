"""The register's cast: the meetings fixtures, for decisions the register's acts rest on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.meetings.tests.conftest import (  # noqa: F401  (fixtures)
    body_of,
    group_members,
    now,
    og_members,
    seat_on,
    seconded,
    sitting,
    travel,
    vote,
)


@pytest.fixture
def og_decision(organisation, secretary, chair, og_members, body_of, travel, now):  # noqa: F811
    """``og_decision(kind, for_, against)``: the Organising Group meets and votes on a motion
    of ``kind`` ("about-a-person" by secret ballot, "" an ordinary one); the Decision, or None
    when the motion was lost."""
    from openassembly.meetings import services
    from openassembly.meetings.models import Decision

    reps = og_members(9)
    state = {"day": 0}

    def decide(kind: str = "about-a-person", for_: int = 7, against: int = 1):
        start = now + timedelta(days=8 + 30 * state["day"])
        state["day"] += 1
        travel.to(start - timedelta(days=8))
        meeting = services.call_meeting(
            secretary, organisation=organisation, body=body_of("organising-group"),
            title=f"Organising Group {state['day']}", starts_at=start, place="Hall", chair=chair,
            agenda=[("A member's conduct", "The complaint and the member's reply.")])
        travel.to(start)
        meeting = services.open_meeting(chair, meeting=meeting)
        for person in reps:
            services.attend(person, meeting=meeting, mode="in-person")
        motion = services.move_motion(reps[0], item=meeting.items.get(), title="Suspension",
                                      text="This group suspends the member for six months.",
                                      decision_key=kind)
        services.second_motion(reps[1], motion=motion)
        division = services.open_division(chair, motion=motion,
                                          method="secret" if kind == "about-a-person" else "named")
        choices = ["for"] * for_ + ["against"] * against
        for person, choice in zip(reps, choices, strict=False):
            services.cast_vote(person, division=division, choice=choice)
        services.close_division(chair, division=division)
        return Decision.objects.filter(motion=motion).first()

    return decide
