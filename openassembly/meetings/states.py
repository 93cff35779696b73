"""Which state may follow which, for everything in a meeting that has a state: one table each."""

from __future__ import annotations

from django.db import models

from openassembly.core.errors import Conflict

from .models import Meeting, Minutes, Motion, PointOfOrder

M, S, P, N = Meeting.Status, Motion.Status, PointOfOrder.Status, Minutes.Status

ALLOWED: dict[type[models.Model], dict[str, set[str]]] = {
    Meeting: {
        M.CALLED: {M.OPEN, M.CANCELLED},
        M.OPEN: {M.CLOSED},
        M.CLOSED: set(),
        M.CANCELLED: set(),
    },
    Motion: {
        S.MOVED: {S.SECONDED, S.WITHDRAWN, S.VOTING, S.ACCEPTED, S.FALLEN, S.REFERRED_BACK},
        S.SECONDED: {S.WITHDRAWN, S.VOTING, S.ACCEPTED, S.FALLEN, S.REFERRED_BACK},
        S.VOTING: {S.CARRIED, S.LOST},
        # A corrected result can turn one outcome into the other.
        S.CARRIED: {S.LOST},
        S.LOST: {S.CARRIED},
        S.ACCEPTED: set(),
        S.WITHDRAWN: set(),
        S.REFERRED_BACK: set(),
        S.FALLEN: set(),
    },
    PointOfOrder: {
        P.RAISED: {P.RULED},
        P.RULED: {P.CHALLENGED},
        P.CHALLENGED: {P.UPHELD, P.OVERTURNED},
        P.UPHELD: set(),
        P.OVERTURNED: set(),
    },
    Minutes: {
        N.DRAFT: {N.PUBLISHED},
        N.PUBLISHED: {N.APPROVED},
        N.APPROVED: set(),
    },
}


def move(obj: models.Model, to: str) -> None:
    """Set ``obj.status`` to ``to`` if the table allows it, or refuse saying what it is now."""
    table = ALLOWED[type(obj)]
    current = obj.status
    if to not in table[current]:
        label = obj.Status(current).label
        target = obj.Status(to).label
        raise Conflict(
            f"This {obj._meta.verbose_name} is {label}; it cannot become {target}."
        )
    obj.status = to
