"""Who may vote, stand and sign: the one answer every roll asks.

A member may take part in one of the constitution's acts (``vote`` in a members' ballot,
election or all-members meeting, ``stand`` as a candidate, ``sign`` a petition, requisition or
nomination) on a day when they are an active member whose qualifying period for that act
(``[admission]``, rules/admission.py) has run. Every roll and every such act asks here, so a
rule written once cannot disagree with itself: the ballot's roll (fixed on its roll date), the
candidate who stands (judged on the day they stand), the signature (judged on the day it is
made), the members of an all-members body (judged on the day of the vote).

An applicant (a confirmed sign-up not yet admitted) is never active, so never on a roll.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from openassembly.core.errors import InvalidInput, PowerDenied
from openassembly.core.models import Organisation
from openassembly.core.powers import describe_holders
from openassembly.rules.admission import WORDS, Admission

from .models import Member
from .selectors import last_admission_change


def admission_of(organisation: Organisation) -> Admission | None:
    return organisation.constitution.admission


def qualifies_on(member: Member, act: str) -> date:
    """The first day ``member`` may ``act`` by the qualifying period (their joining day when
    the constitution sets none)."""
    admission = admission_of(member.organisation)
    if admission is None:
        return member.joined_on
    return admission.qualifies_on(member.joined_on, act)


def may(member: Member, act: str, on: date) -> bool:
    return member.status == Member.Status.ACTIVE and qualifies_on(member, act) <= on


def qualified(organisation: Organisation, act: str, on: date) -> QuerySet[Member]:
    """Every member who may ``act`` on ``on``: the roll, before any narrowing by region or
    seat."""
    admission = admission_of(organisation)
    latest = on if admission is None else admission.latest_joining(on, act)
    return Member.objects.filter(organisation=organisation, status=Member.Status.ACTIVE,
                                 joined_on__lte=latest)


def refusal(member: Member, act: str, on: date, *, what: str = "") -> str:
    """Why ``member`` may not ``act`` on ``on``, in words naming the rule and the date from
    which they may; empty when they may."""
    what = what or WORDS[act]
    organisation = member.organisation
    admission = admission_of(organisation)
    if member.status == Member.Status.APPLICANT:
        rule = f"Rule {admission.rule}: " if admission else ""
        return (f"{rule}your application to join has not been decided yet; you can {what} "
                "once you are admitted as a member and have been one for the qualifying "
                "period.")
    if member.status != Member.Status.ACTIVE:
        return f"Only active members can {what}; your membership is {member.get_status_display()}."
    start = qualifies_on(member, act)
    if start <= on:
        return ""
    assert admission is not None  # a start after joining means a qualifying period is set
    days = admission.days(act)
    return (f"Rule {admission.qualifying_rule}: a member can {what} after {days} day"
            f"{'' if days == 1 else 's'} of membership; you joined on "
            f"{member.joined_on:%-d %B %Y}, so you can {what} from {start:%-d %B %Y}.")


def require(member: Member, act: str, on: date, *, what: str = "") -> None:
    """Refuse, with the reason and the date from which they may, a member who may not ``act``
    on ``on``: one who is not an active member (an applicant included) as bad input, as the
    ballots app always has; a member still in their qualifying period as a power they do not
    yet have."""
    reason = refusal(member, act, on, what=what)
    if reason and member.status != Member.Status.ACTIVE:
        raise InvalidInput(reason)
    if reason:
        admission = admission_of(member.organisation)
        rule = ""
        if admission is not None:
            rule = admission.qualifying_rule or ""
        raise PowerDenied(reason, power=f"qualified-to-{act}", rule=rule)


def where_they_stand(member: Member, today: date) -> list[str]:
    """What a member (or applicant) is told about their own admission and qualifying period,
    in sentences; empty when there is nothing to say."""
    organisation = member.organisation
    admission = admission_of(organisation)
    if admission is None:
        return []
    constitution = organisation.constitution
    if member.status == Member.Status.APPLICANT:
        if admission.route == "officer":
            _, holders = describe_holders(organisation, admission.power or "")
            how = f"one of these officers accepts it: {holders}"
        elif admission.route == "decision":
            kind = constitution.decision(admission.decision or "")
            how = f"the {constitution.body(kind.body).name} decides to admit you"
        else:
            how = "your first dues are paid and recorded"
        return [f"Your application to join awaits a decision: under rule {admission.rule} you "
                f"become a member when {how}. Until then you are on no roll, and cannot vote, "
                "stand or sign."]
    if member.status == Member.Status.REFUSED:
        change = last_admission_change(member)
        when = f" on {change.on:%-d %B %Y}" if change else ""
        lines = [f"Your application to join was refused{when}, under rule {admission.rule}."]
        if change and change.reason:
            lines.append(f"The reasons given: {change.reason}")
        return lines
    if member.status != Member.Status.ACTIVE:
        return []
    waiting = [(WORDS[act], start) for act in ("vote", "stand", "sign")
               if (start := qualifies_on(member, act)) > today]
    if not waiting:
        return []
    return [f"Rule {admission.qualifying_rule} sets a qualifying period for new members: you "
            f"can {what} from {start:%-d %B %Y}." for what, start in waiting]
