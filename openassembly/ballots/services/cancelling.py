"""Cancelling an election or a members' ballot before its result is declared."""

from __future__ import annotations

from django.db import transaction

from openassembly.core import clock
from openassembly.core.authority import Route, acts, changes_nothing
from openassembly.core.errors import Conflict, InvalidInput
from openassembly.core.ledger import append_event
from openassembly.core.powers import require_power
from openassembly.core.secrecy import vacuum_after_commit
from openassembly.core.states import move, move_where
from openassembly.members.models import Member

from ..mail import enqueue
from ..models import Ballot, Participation, Poll, Task
from .common import S, refuse_if_cancelled, when

RUN = "run-ballots"


@changes_nothing
def check_cancellable(poll: Poll) -> None:
    """Refuse, before anyone proposes it, a cancellation that could never be carried out."""
    if poll.status == S.DECLARED:
        raise Conflict(
            f"The result was declared on {when(poll.declared_at)}; a declared result "
            "cannot be cancelled."
        )
    refuse_if_cancelled(poll)


@acts(Route.TWO_OFFICERS, power="run-ballots")
def propose_cancellation(actor: Member, *, poll: Poll, reason: str):
    """A returning officer proposes cancelling ``poll``; it happens when a second officer
    confirms it (the two-person rule), since it can destroy the ballots cast so far."""
    from openassembly.accounts.services import propose_sensitive_action

    if not reason.strip():
        raise InvalidInput("Give the reason for cancelling: it is published with the cancellation.")
    return propose_sensitive_action(
        actor, organisation=poll.organisation, kind="cancel-poll",
        payload={"poll": poll.pk}, reason=reason,
    )


@acts(Route.TWO_OFFICERS, power="run-ballots")
def cancel_poll(actor: Member, *, poll: Poll, reason: str,
                confirmed_by: Member | None = None) -> Poll:
    """Cancel ``poll`` at any stage before the declaration, with a reason that is published.

    The pages reach this only through ``propose_cancellation`` and a second officer's
    confirmation (``confirmed_by``), who is named with the proposer on the page and the ledger.

    If voting was open, the ballots cast so far are deleted unread in this transaction: they
    are never counted or published, and no later change of mind can count a ballot box whose
    contents an officer might have glimpsed and disliked. How many there were (ballots, and
    members marked as having voted) stays public, on the page and the ledger. A poll
    cancelled after the close keeps the ballots published at the close: they were public
    already. Mail not yet sent for the poll is stopped, and the roll, if it was told that
    voting opened, is told of the cancellation.
    """
    organisation = poll.organisation
    require_power(organisation, actor, RUN)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Give the reason for cancelling: it is published with the cancellation.")
    with transaction.atomic():
        # Taking the row for update waits for every ballot in flight (each holds the poll's
        # row while it commits), so none can slip in after the box is emptied.
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        check_cancellable(poll)
        stage = poll.status
        move(poll, S.CANCELLED)
        now = clock.now()
        destroyed = 0
        if stage == S.OPEN:
            poll.voters_count = Participation.objects.filter(poll=poll).count()
            destroyed = Ballot.objects.filter(poll=poll).count()
            Ballot.objects.filter(poll=poll).delete()
            # The destroyed rows' dead versions would still link each ballot to its voter.
            vacuum_after_commit(Ballot)
            poll.ballots_count = destroyed
        stopped = move_where(Task.objects.filter(poll=poll),
                             from_=[Task.Status.QUEUED, Task.Status.RUNNING],
                             to=Task.Status.CANCELLED, finished_at=now)
        poll.cancelled_at = now
        poll.cancelled_by = actor
        poll.cancel_confirmed_by = confirmed_by
        poll.cancel_reason = reason
        poll.cancelled_from = stage
        poll.save()
        append_event(
            organisation,
            kind="poll.cancelled",
            actor=f"{actor.name} and {confirmed_by.name}" if confirmed_by else actor.name,
            data={
                "poll": poll.pk,
                "kind": poll.kind,
                "title": poll.title,
                "reason": reason,
                "stage": stage,
                "roll_size": poll.roll_size,
                "voters": poll.voters_count,
                "ballots": poll.ballots_count,
                "ballots_destroyed": destroyed,
                "mail_stopped": stopped,
                "rule": poll.rule,
            },
        )
        if poll.opened_at is not None:
            enqueue(poll, kind=Task.Kind.CANCELLED, started_by=actor)
    return poll
