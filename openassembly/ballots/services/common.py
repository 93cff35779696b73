"""What every ballot service shares: the allowed changes of state and the constitution's rules."""

from __future__ import annotations

from openassembly.core.errors import Conflict, InvalidInput
from openassembly.members.models import Member

from ..models import Poll

S = Poll.Status
K = Poll.Kind

# The only changes of state a poll can make; everything else is refused by `move`. Any stage
# before the declaration can be cancelled (services/cancelling.py); a declared result cannot.
TRANSITIONS: dict[tuple[str, str], set[str]] = {
    (K.ELECTION, S.DRAFT): {S.NOMINATIONS, S.CANCELLED},
    (K.ELECTION, S.NOMINATIONS): {S.NOMINATIONS_CLOSED, S.CANCELLED},
    (K.ELECTION, S.NOMINATIONS_CLOSED): {S.OPEN, S.CANCELLED},
    (K.REFERENDUM, S.DRAFT): {S.OPEN, S.CANCELLED},
    (K.ELECTION, S.OPEN): {S.CLOSED, S.CANCELLED},
    (K.REFERENDUM, S.OPEN): {S.CLOSED, S.CANCELLED},
    (K.ELECTION, S.CLOSED): {S.COUNTED, S.CANCELLED},
    (K.REFERENDUM, S.CLOSED): {S.COUNTED, S.CANCELLED},
    (K.ELECTION, S.COUNTED): {S.DECLARED, S.CANCELLED},
    (K.REFERENDUM, S.COUNTED): {S.DECLARED, S.CANCELLED},
}


def move(poll: Poll, to: str) -> None:
    """Check that ``poll`` may go to ``to`` from where it is, and set it (the caller saves)."""
    refuse_if_cancelled(poll)
    allowed = TRANSITIONS.get((poll.kind, poll.status), set())
    if to not in allowed:
        raise Conflict(
            f"This {poll.get_kind_display()} is {poll.get_status_display()}; it cannot become "
            f"'{S(to).label}' from here."
        )
    poll.status = to


def refuse_if_cancelled(poll: Poll) -> None:
    """Refuse anything further on a cancelled poll, saying when, by whom and why."""
    if poll.status == S.CANCELLED:
        raise Conflict(
            f"This {poll.get_kind_display()} was cancelled on {when(poll.cancelled_at)} by "
            f"{poll.cancelled_by.name}: {poll.cancel_reason}"
        )


def ballot_rule(organisation) -> str:
    """The rule on secret ballots, or the members' ballot rule when there is no [ballots]."""
    constitution = organisation.constitution
    if constitution.ballots is not None:
        return constitution.ballots.rule
    return all_members_body(organisation).majority.rule


def all_members_body(organisation):
    constitution = organisation.constitution
    for body in constitution.bodies:
        if body.kind == "all-members":
            return body
    raise InvalidInput(
        "The constitution has no all-members body, so it provides for no members' ballots."
    )


def referendum_majority(organisation):
    """The majority a members' ballot needs: its [[decisions]] entry, else the body's own."""
    constitution = organisation.constitution
    body = all_members_body(organisation)
    for decision in constitution.decisions:
        if decision.body == body.key:
            return decision.majority
    return body.majority


def require_active(member: Member, what: str) -> None:
    if member.status != Member.Status.ACTIVE:
        raise InvalidInput(f"Only active members can {what}; your membership is {member.status}.")


def when(moment) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%-d %B %Y at %H:%M")
