"""Admitting an applicant and telling them the outcome: in the caller's transaction.

Shared by the officer's and the body's route (services_admission.py) and the dues route
(services_dues.py, where the first payment admits).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from openassembly.core import clock, notices
from openassembly.core.actors import Actor, member_or_none
from openassembly.core.models import Organisation
from openassembly.rules.admission import ACTS, WORDS, Admission

from .models import Member, StandingChange
from .standing import change_standing


def admit_applicant(organisation: Organisation, member: Member, admission: Admission, *,
                    actor: Actor, on: date | None = None, decision: int | None = None,
                    authority: Any = None) -> StandingChange:
    """Make the applicant (read under the caller's row lock) a member from ``on`` (today by
    default): the day their qualifying period starts. In the caller's transaction; the dues
    route calls it when the first payment is recorded."""
    member.joined_on = on or clock.today()
    member.save(update_fields=["joined_on"])
    return change_standing(organisation, member, cause=StandingChange.Cause.ADMITTED,
                           became=Member.Status.ACTIVE,
                           rule=admission.rule, actor=actor.name,
                           recorded_by=member_or_none(actor), decision=decision,
                           authority=authority)


def tell_outcome(organisation: Organisation, member: Member, admission: Admission, *,
                 admitted: bool, reason: str = "", authority_text: str = "",
                 actor: Any = None) -> None:
    """Queue the mail telling an applicant how their application was decided, and, when
    admitted, the day from which they may vote, stand and sign."""
    if member.email == "":
        return
    when = {act: (member.joined_on + timedelta(days=admission.days(act))).strftime("%-d %B %Y")
            for act in ACTS}
    notices.tell(organisation, member_id=member.pk, kind="admission", started_by=actor, payload={
        "admitted": admitted, "rule": admission.rule,
        "rule_text": organisation.constitution.rule(admission.rule).text.strip(),
        "reason": reason, "authority": authority_text,
        "joined_on": member.joined_on.strftime("%-d %B %Y"),
        "from": [f"{WORDS[act]} from {day}" for act, day in when.items()],
    })
