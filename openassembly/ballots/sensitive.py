"""The ballots' two-officer act: cancelling a poll (see core.sensitive)."""

from __future__ import annotations

from openassembly.core.errors import NotFound
from openassembly.core.models import Organisation
from openassembly.core.sensitive import Spec

from .models import Poll
from .services.cancelling import cancel_poll, check_cancellable


def _poll(organisation: Organisation, payload: dict) -> Poll:
    poll = Poll.objects.filter(organisation=organisation, pk=payload.get("poll")).first()
    if poll is None:
        raise NotFound("No such ballot.")
    return poll


def _check_cancel_poll(organisation: Organisation, payload: dict) -> None:
    check_cancellable(_poll(organisation, payload))


def _cancel_poll(organisation: Organisation, action, *, confirmer) -> dict:
    poll = cancel_poll(action.proposed_by, poll=_poll(organisation, action.payload),
                       reason=action.reason,
                       confirmed_by=confirmer)
    return {"poll": poll.pk, "ballots_destroyed": poll.ballots_count
            if poll.cancelled_from == "open" else 0}


CANCEL_POLL = Spec(
    "cancel-poll",
    "Cancel an election or members' ballot (destroying any ballots cast, unread)",
    "run-ballots",
    _check_cancel_poll,
    lambda org, p: f"cancel ballot {p.get('poll')}",
    _cancel_poll,
)
