"""What every ballot service shares: the constitution's rules and the cancelled poll's refusal."""

from __future__ import annotations

from openassembly.core import clock
from openassembly.core.authority import changes_nothing
from openassembly.core.errors import Conflict, InvalidInput
from openassembly.members import eligibility
from openassembly.members.models import Member

from ..models import Poll
from ..states import cancelled_notice

S = Poll.Status


@changes_nothing
def refuse_if_cancelled(poll: Poll) -> None:
    """Refuse anything further on a cancelled poll, saying when, by whom and why."""
    notice = cancelled_notice(poll)
    if notice:
        raise Conflict(notice)


@changes_nothing
def require_active(member: Member, what: str) -> None:
    if member.status != Member.Status.ACTIVE:
        raise InvalidInput(eligibility.refusal(member, "vote", clock.today(), what=what))


@changes_nothing
def require_qualified(member: Member, act: str, what: str) -> None:
    """An active member whose qualifying period for ``act`` has run by today; else the
    refusal names the rule and the day from which they may (members/eligibility.py)."""
    eligibility.require(member, act, clock.today(), what=what)


@changes_nothing
def when(moment) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%-d %B %Y at %H:%M")
