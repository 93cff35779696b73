"""What every ballot service shares: the allowed changes of state and the constitution's rules."""

from __future__ import annotations

from openassembly.core.errors import Conflict, InvalidInput
from openassembly.members.models import Member

from ..models import Poll

S = Poll.Status
K = Poll.Kind

# The only changes of state a poll can make; everything else is refused by `move`.
TRANSITIONS: dict[tuple[str, str], set[str]] = {
    (K.ELECTION, S.DRAFT): {S.NOMINATIONS},
    (K.ELECTION, S.NOMINATIONS): {S.NOMINATIONS_CLOSED},
    (K.ELECTION, S.NOMINATIONS_CLOSED): {S.OPEN},
    (K.REFERENDUM, S.DRAFT): {S.OPEN},
    (K.ELECTION, S.OPEN): {S.CLOSED},
    (K.REFERENDUM, S.OPEN): {S.CLOSED},
    (K.ELECTION, S.CLOSED): {S.COUNTED},
    (K.REFERENDUM, S.CLOSED): {S.COUNTED},
    (K.ELECTION, S.COUNTED): {S.DECLARED},
    (K.REFERENDUM, S.COUNTED): {S.DECLARED},
}


def move(poll: Poll, to: str) -> None:
    """Check that ``poll`` may go to ``to`` from where it is, and set it (the caller saves)."""
    allowed = TRANSITIONS.get((poll.kind, poll.status), set())
    if to not in allowed:
        raise Conflict(
            f"This {poll.get_kind_display()} is {poll.get_status_display()}; it cannot become "
            f"'{S(to).label}' from here."
        )
    poll.status = to


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
