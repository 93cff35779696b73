"""Which state may follow which for polls, candidacies, petitions and sortitions.

Imported from ``BallotsConfig.ready()``; `openassembly.core.states.move` checks these tables.
The home-made task queue (`Task`) is left out: Django's tasks framework replaces it.
"""

from __future__ import annotations

from django.utils import timezone

from openassembly.core.states import declare
from openassembly.mail.states import declare_delivery, declare_run

from .models import AgendaRequest, Candidacy, Petition, Poll, Sortition, Task, TaskDelivery

S, K = Poll.Status, Poll.Kind


def cancelled_notice(poll: Poll) -> str:
    """What anyone trying to act on a cancelled poll is told: when, by whom and why."""
    if poll.status != S.CANCELLED:
        return ""
    at = timezone.localtime(poll.cancelled_at).strftime("%-d %B %Y at %H:%M")
    return (f"This {poll.get_kind_display()} was cancelled on {at} by "
            f"{poll.cancelled_by.name}: {poll.cancel_reason}")


# Any stage before the declaration can be cancelled (services/cancelling.py); a declared result
# cannot. An election takes nominations before voting; a members' ballot goes straight to it.
declare(Poll, {
    S.DRAFT: {S.NOMINATIONS, S.CANCELLED},
    S.NOMINATIONS: {S.NOMINATIONS_CLOSED, S.CANCELLED},
    S.NOMINATIONS_CLOSED: {S.OPEN, S.CANCELLED},
    S.OPEN: {S.CLOSED, S.CANCELLED},
    S.CLOSED: {S.COUNTED, S.CANCELLED},
    S.COUNTED: {S.DECLARED, S.CANCELLED},
    S.DECLARED: set(),
    S.CANCELLED: set(),
}, initial={S.DRAFT}, kind=("kind", K.ELECTION), explain=lambda poll, to: cancelled_notice(poll))

declare(Poll, {
    S.DRAFT: {S.OPEN, S.CANCELLED},
    S.OPEN: {S.CLOSED, S.CANCELLED},
    S.CLOSED: {S.COUNTED, S.CANCELLED},
    S.COUNTED: {S.DECLARED, S.CANCELLED},
    S.DECLARED: set(),
    S.CANCELLED: set(),
}, initial={S.DRAFT}, kind=("kind", K.REFERENDUM), explain=lambda poll, to: cancelled_notice(poll))

C = Candidacy.Status
declare(Candidacy, {
    C.STANDING: {C.ON_BALLOT, C.NOT_NOMINATED, C.WITHDRAWN},
    # Once on the ballot paper a candidate can still withdraw (see services/withdrawals.py).
    C.ON_BALLOT: {C.WITHDRAWN},
    C.NOT_NOMINATED: set(),
    C.WITHDRAWN: set(),
}, initial={C.STANDING})

declare(Petition, {
    Petition.Status.OPEN: {Petition.Status.SUCCEEDED},
    Petition.Status.SUCCEEDED: set(),
}, initial={Petition.Status.OPEN})

declare(AgendaRequest, {
    AgendaRequest.Status.PENDING: {AgendaRequest.Status.PLACED},
    AgendaRequest.Status.PLACED: set(),
}, initial={AgendaRequest.Status.PENDING})

declare(Sortition, {
    Sortition.Status.POOL_OPEN: {Sortition.Status.POOL_CLOSED},
    Sortition.Status.POOL_CLOSED: {Sortition.Status.DRAWN},
    Sortition.Status.DRAWN: set(),
}, initial={Sortition.Status.POOL_OPEN})

# Ballot mail: a cancelled ballot stops its mail, queued or under way.
declare_run(Task, stopped=Task.Status.CANCELLED)
declare_delivery(TaskDelivery)
