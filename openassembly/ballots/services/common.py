"""What every ballot service shares: the constitution's rules and the cancelled poll's refusal."""

from __future__ import annotations

from openassembly.core.errors import Conflict, InvalidInput
from openassembly.members.models import Member

from ..models import Poll
from ..states import cancelled_notice

S = Poll.Status


def refuse_if_cancelled(poll: Poll) -> None:
    """Refuse anything further on a cancelled poll, saying when, by whom and why."""
    notice = cancelled_notice(poll)
    if notice:
        raise Conflict(notice)


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
