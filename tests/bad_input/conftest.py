# The shared cast lives beside the apps; these tests sit outside them, so they import it, and
# the meetings cast (a body in session) for the meeting actions.
from openassembly.conftest import (  # noqa: F401
    _fresh_cache,
    chair,
    make_person,
    member,
    organisation,
    secretary,
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
