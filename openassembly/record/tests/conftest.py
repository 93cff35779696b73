"""The ballots cast (voters, a region, an announced election) for the record's election tests."""

from openassembly.ballots.tests.conftest import (  # noqa: F401
    announced,
    east,
    make_voter,
    timetable,
    voters,
)
