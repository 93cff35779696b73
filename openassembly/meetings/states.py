"""Which state may follow which, for everything in a meeting that has a state: one table each.

Imported from ``MeetingsConfig.ready()``; `openassembly.core.states.move` checks these tables.
"""

from __future__ import annotations

from openassembly.core.states import declare
from openassembly.mail.states import declare_delivery, declare_run

from .models import (
    Decision,
    Division,
    Mailing,
    MailingDelivery,
    Meeting,
    Minutes,
    Motion,
    PointOfOrder,
    Requisition,
    Speech,
)

M, S, P, N = Meeting.Status, Motion.Status, PointOfOrder.Status, Minutes.Status

declare(Meeting, {
    M.CALLED: {M.OPEN, M.CANCELLED},
    M.OPEN: {M.CLOSED},
    M.CLOSED: set(),
    M.CANCELLED: set(),
}, initial={M.CALLED})

# A postponed meeting stays called (at its new date); only a called meeting may be cancelled.
declare(Requisition, {
    Requisition.Status.OPEN: {Requisition.Status.COMPLETE},
    Requisition.Status.COMPLETE: {Requisition.Status.MET},
    Requisition.Status.MET: set(),
}, initial={Requisition.Status.OPEN})

declare(Motion, {
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
# Motions the chair puts (approving minutes, a challenge to the chair) need no seconder.
}, initial={S.MOVED, S.SECONDED})

declare(PointOfOrder, {
    P.RAISED: {P.RULED},
    P.RULED: {P.CHALLENGED},
    P.CHALLENGED: {P.UPHELD, P.OVERTURNED},
    # A corrected result of the challenge's vote can turn one outcome into the other.
    P.UPHELD: {P.OVERTURNED},
    P.OVERTURNED: {P.UPHELD},
}, initial={P.RAISED})

declare(Minutes, {
    N.DRAFT: {N.PUBLISHED},
    N.PUBLISHED: {N.APPROVED},
    N.APPROVED: set(),
}, initial={N.DRAFT})

declare(Division, {
    Division.Status.OPEN: {Division.Status.CLOSED},
    # A closed division's result can be corrected (a two-officer act), but it stays closed.
    Division.Status.CLOSED: set(),
}, initial={Division.Status.OPEN})

declare(Decision, {
    # A corrected result can void a decision, and a second correction restore it.
    Decision.Status.STANDING: {Decision.Status.VOID},
    Decision.Status.VOID: {Decision.Status.STANDING},
}, initial={Decision.Status.STANDING})

declare(Speech, {
    Speech.Status.WAITING: {Speech.Status.SPEAKING, Speech.Status.WITHDRAWN},
    Speech.Status.SPEAKING: {Speech.Status.DONE},
    Speech.Status.DONE: set(),
    Speech.Status.WITHDRAWN: set(),
}, initial={Speech.Status.WAITING})

# Papers mailed to members: nothing stops a mailing once the paper is circulated.
declare_run(Mailing)
declare_delivery(MailingDelivery)
