# The API's tests read what the meetings and ballots tests set up: their casts are shared.
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
)
