"""The ballots cast (voters, a region, an announced election) for the record's election tests."""

from openassembly.ballots.tests.conftest import (  # noqa: F401
    announced,
    east,
    make_voter,
    nominated,
    timetable,
    voters,
    voting,
)
from openassembly.meetings.tests.conftest import (  # noqa: F401
    body_of,
    group_members,
    now,
    seat_on,
    seconded,
    sitting,
    travel,
    vote,
)
