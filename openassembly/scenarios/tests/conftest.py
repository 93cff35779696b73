"""Fixtures for the scenarios app: a small long-format file and a motion to attach to."""

from __future__ import annotations

from datetime import timedelta

import pytest

# Four seats in two areas; Lab+LD+Green is the alliance the tests use.
LONG_CSV = """constituency,area,party,votes,valid_votes
Aston,North,Con,500,1000
Aston,North,Lab,300,1000
Aston,North,LD,150,1000
Aston,North,Green,50,1000
Barford,North,Con,400,900
Barford,North,Lab,350,900
Barford,North,LD,40,900
Barford,North,Green,110,900
Carrow,South,Con,600,1250
Carrow,South,LD,400,1250
Carrow,South,Lab,150,1250
Carrow,South,Green,100,1250
Denby,South,Lab,700,1000
Denby,South,Con,300,1000
"""


@pytest.fixture
def long_csv() -> bytes:
    return LONG_CSV.encode()


@pytest.fixture
def meeting(organisation, secretary):
    """A called meeting of the organising group, made through the meetings services."""
    from openassembly.bodies.models import Body
    from openassembly.core import clock
    from openassembly.meetings.services.calling import call_meeting

    body = Body.objects.get(organisation=organisation, key="organising-group")
    return call_meeting(
        secretary,
        organisation=organisation,
        body=body,
        title="Strategy meeting",
        starts_at=clock.now() + timedelta(days=30),
        place="The Hall",
        agenda=[("Electoral strategy", "")],
    )


@pytest.fixture
def motion(meeting, secretary):
    from openassembly.meetings.services.motions import move_motion

    return move_motion(
        secretary,
        item=meeting.items.get(position=1),
        title="Back a progressive alliance",
        text="This group backs a progressive alliance at the next general election.",
    )


@pytest.fixture
def paper(meeting):
    """Made directly: circulating a paper is the meetings app's business, not ours."""
    from openassembly.core import clock
    from openassembly.meetings.models import Paper

    return Paper.objects.create(
        organisation=meeting.organisation,
        meeting=meeting,
        title="Seat targets",
        created_by=meeting.called_by,
        created_at=clock.now(),
    )
