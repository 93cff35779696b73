"""The one way a member's standing changes: the row, the state machine and the ledger together.

Used by the dues rule (services_dues.py) and by disciplinary decisions (services_discipline.py),
never by the CSV import; the reads of the dues record live here too. The public event names the
rule and the decision and carries a commitment in the member's place (salted under the member's
own subject, so erasing them unties it).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from openassembly.core import clock, states
from openassembly.core.errors import InvalidInput
from openassembly.core.ledger import append_event, commitment
from openassembly.core.models import Organisation
from openassembly.rules.standing import Dues

from .models import Member, StandingChange


def member_commitment(organisation: Organisation, member: Member, **what: Any) -> str:
    """A commitment to the member and what happened to them: a different value each time, so
    two changes of one member cannot be linked by their commitments."""
    return commitment(organisation, subject=f"member:{member.pk}",
                      value={"member": member.pk, **what})


def change_standing(organisation: Organisation, member: Member, *, cause: str, became: str,
                    rule: str, actor: str, recorded_by: Member | None = None,
                    decision: int | None = None, reason: str = "",
                    authority: Any = None) -> StandingChange:
    """Move ``member`` (read under the caller's row lock) and record why; in the caller's
    transaction."""
    was = member.status
    states.move(member, became)
    member.save(update_fields=["status"])
    now = clock.now()
    change = StandingChange.objects.create(
        organisation=organisation, member=member, cause=cause, was=was, became=became,
        on=now.date(), at=now, rule=rule, decision=decision, reason=reason,
        recorded_by=recorded_by)
    data: dict[str, Any] = {
        "change": cause, "rule": rule, "decision": decision,
        "member": member_commitment(organisation, member, change=cause, on=str(now.date()),
                                    decision=decision),
    }
    if reason:
        data["reason"] = commitment(organisation, subject=f"member:{member.pk}",
                                    value={"reason": reason, "decision": decision})
    append_event(organisation, kind="member.standing_changed", actor=actor, data=data,
                 authority=authority)
    return change


def dues_of(organisation: Organisation) -> Dues:
    dues = organisation.constitution.dues
    if dues is None:
        raise InvalidInput("The constitution sets no dues (it has no [dues] table), so there is "
                           "nothing to record.")
    return dues


def paid_to(member: Member) -> date:
    """The day the member's dues are paid to; the day they joined if nothing is recorded."""
    return member.dues_paid_to or member.joined_on


def pounds(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


def in_arrears_past_grace(organisation: Organisation, dues: Dues,
                          today: date) -> QuerySet[Member]:
    """Active members whose grace period has ended: those the dues rule lapses today."""
    cutoff = today - timedelta(days=dues.grace_days + 1)
    return Member.objects.filter(organisation=organisation, status=Member.Status.ACTIVE).filter(
        Q(dues_paid_to__lte=cutoff) | Q(dues_paid_to__isnull=True, joined_on__lte=cutoff))
