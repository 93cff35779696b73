"""Which standing a member may move to: imported from ``MembersConfig.ready()``.

A member added by an officer or imported joins active; a confirmed sign-up joins as an
applicant when the constitution has an ``[admission]`` table, and becomes active only by its
route (services_admission.py): an officer's approval, a body's decision or the first dues paid,
or is refused. A refused applicant can only be erased (resigned). Standing changes only by
the constitution's routes (rules/standing.py): the dues rule lapses an active member on the
timetable and a payment renews a lapsed one
(services_dues.py); a disciplinary decision of the body the constitution names suspends or
expels, and another reinstates (services_discipline.py); erasure leaves a member resigned. The
CSV import changes nobody's standing, so a new imported row starts active like any other.
"""

from __future__ import annotations

from openassembly.core.states import declare

from .models import Member

S = Member.Status

declare(Member, {
    S.APPLICANT: {S.ACTIVE, S.REFUSED, S.RESIGNED},
    S.REFUSED: {S.RESIGNED},
    S.ACTIVE: {S.LAPSED, S.SUSPENDED, S.EXPELLED, S.RESIGNED},
    S.LAPSED: {S.ACTIVE, S.SUSPENDED, S.EXPELLED, S.RESIGNED},
    S.SUSPENDED: {S.ACTIVE, S.EXPELLED, S.RESIGNED},
    S.EXPELLED: {S.ACTIVE, S.RESIGNED},
    S.RESIGNED: set(),
}, initial={S.ACTIVE, S.APPLICANT})
