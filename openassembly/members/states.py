"""Which standing a member may move to: imported from ``MembersConfig.ready()``.

A member joins active. Standing changes only by the constitution's routes (rules/standing.py):
the dues rule lapses an active member on the timetable and a payment renews a lapsed one
(services_dues.py); a disciplinary decision of the body the constitution names suspends or
expels, and another reinstates (services_discipline.py); erasure leaves a member resigned. The
CSV import changes nobody's standing, so a new imported row starts active like any other.
"""

from __future__ import annotations

from openassembly.core.states import declare

from .models import Member

S = Member.Status

declare(Member, {
    S.ACTIVE: {S.LAPSED, S.SUSPENDED, S.EXPELLED, S.RESIGNED},
    S.LAPSED: {S.ACTIVE, S.SUSPENDED, S.EXPELLED, S.RESIGNED},
    S.SUSPENDED: {S.ACTIVE, S.EXPELLED, S.RESIGNED},
    S.EXPELLED: {S.ACTIVE, S.RESIGNED},
    S.RESIGNED: set(),
}, initial={S.ACTIVE})
