"""Suspension, expulsion and reinstatement: only by the decision the constitution names.

The constitution's ``[discipline]`` table names the kind of decision (its body and majority)
that alone can change a member's standing this way. An officer with the register power records
the change, but only on that authority: a standing decision of that body, of that kind, carried
by that majority (resolved by the meetings app, core.authority), with its reasons. Each decision
is about one member and is carried out once. The member is told, by mail, with the reasons;
the public record shows the change, the rule and the decision, with a commitment for the member.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from openassembly.core import notices
from openassembly.core.actors import Actor, member_or_none
from openassembly.core.authority import (
    Authority,
    AuthorityRefused,
    Route,
    acts,
    reread,
)
from openassembly.core.errors import Conflict, InvalidInput, NotFound
from openassembly.core.models import Organisation
from openassembly.core.powers import require_power
from openassembly.rules.standing import Discipline

from .models import Member, StandingChange
from .standing import change_standing

POWER = "manage-register"
S = Member.Status
C = StandingChange.Cause

# change -> (the standing it gives, the cause recorded, the standings it may start from)
CHANGES: dict[str, tuple[str, str, frozenset[str]]] = {
    "suspend": (S.SUSPENDED, C.SUSPENDED, frozenset({S.ACTIVE, S.LAPSED})),
    "expel": (S.EXPELLED, C.EXPELLED, frozenset({S.ACTIVE, S.LAPSED, S.SUSPENDED})),
    "reinstate": (S.ACTIVE, C.REINSTATED, frozenset({S.SUSPENDED, S.EXPELLED})),
}
WORDS = {"suspend": "suspended", "expel": "expelled", "reinstate": "reinstated"}


def _discipline_of(organisation: Organisation) -> Discipline:
    discipline = organisation.constitution.discipline
    if discipline is None:
        raise AuthorityRefused("The constitution names no body that may suspend, expel or "
                               "reinstate a member (it has no [discipline] table), so nobody "
                               "may.", field="decision")
    return discipline


def _check_decision(organisation: Organisation, authority: Authority | int | str | None, *,
                    change: str) -> Authority:
    """The decision ``authority`` names, read again from this organisation's register, if it
    may ``change`` a member's standing; else a refusal naming the rule it falls short of.

    Nothing the caller handed over is trusted but the number: facts made by hand, a decision
    of another organisation, or one made void since it was looked up would otherwise suspend
    or expel."""
    constitution = organisation.constitution
    discipline = _discipline_of(organisation)
    kind = constitution.decision(discipline.decision)
    body = constitution.body(kind.body).name
    rule = discipline.rule
    authority = reread(organisation, authority, Route.DECISION, act=f"To {change} a member",
                       rule=rule, field="decision")
    facts = authority.facts
    number = facts.get("decision")
    if facts.get("body") != kind.body:
        raise AuthorityRefused(
            f"Rule {rule}: only a decision of the {body} can {change} a member; decision "
            f"{number} is the {facts.get('body_name', 'another body')}'s.",
            rule=rule, field="decision")
    if facts.get("decision_key") != kind.key:
        raise AuthorityRefused(
            f"Rule {rule}: it takes a decision moved as a {kind.name.lower()} (rule "
            f"{kind.majority.rule}: {kind.majority.kind.replace('-', ' ')} majority"
            f"{', by secret ballot' if kind.secret else ''}); decision {number} was not.",
            rule=rule, field="decision")
    if facts.get("majority_kind") != kind.majority.kind:
        raise AuthorityRefused(
            f"Rule {kind.majority.rule}: decision {number} was not carried by the "
            f"{kind.majority.kind.replace('-', ' ')} majority a vote about a member needs.",
            rule=kind.majority.rule, field="decision")
    return authority


@acts(Route.DECISION, power=POWER)
@transaction.atomic
def apply_disciplinary_decision(actor: Actor, *, organisation: Organisation, member: Member,
                                change: str, authority: Authority | int | None,
                                reason: str) -> StandingChange:
    """Suspend, expel or reinstate ``member`` as decision ``authority`` decided, with its
    reasons; the member is told by mail.

    ``authority`` is the decision's number as a person gave it, or an ``Authority`` naming
    one: either way the decision is read again here from this organisation's register, so a
    missing, void, forged or foreign decision is refused inside the act and its refusal goes
    on the ledger."""
    if actor.is_member:
        require_power(organisation, actor, POWER)
    if change not in CHANGES:
        raise InvalidInput("Choose suspend, expel or reinstate.", field="change")
    authority = _check_decision(organisation, authority, change=change)
    discipline = _discipline_of(organisation)
    reason = reason.strip()
    if not reason:
        raise InvalidInput(f"Rule {discipline.rule}: give the decision's reasons; the member is "
                           "told them.", field="reason")
    became, cause, starts = CHANGES[change]
    member = (Member.objects.select_for_update()
              .filter(organisation=organisation, pk=getattr(member, "pk", None)).first())
    if member is None:
        raise NotFound("No such member.", field="member")
    if member.status not in starts:
        raise Conflict(f"This member is {member.status}, so cannot be {WORDS[change]}.",
                       field="member")
    number = authority.facts["decision"]
    if StandingChange.objects.filter(organisation=organisation, decision=number).exists():
        # Spent authority, not a mere clash: an officer reusing one decision on another member
        # is an attempt at an act without its authority, and goes on the ledger as one.
        raise AuthorityRefused(f"Rule {discipline.rule}: decision {number} has been carried "
                               "out already; a disciplinary decision is about one member, once.",
                               rule=discipline.rule, field="decision")
    try:
        with transaction.atomic():
            change_row = change_standing(
                organisation, member, cause=cause, became=became, rule=discipline.rule,
                actor=actor.name, recorded_by=member_or_none(actor), decision=number,
                reason=reason, authority=authority)
    except IntegrityError:
        raise Conflict(f"Decision {number} has been carried out already.",
                       field="decision") from None
    rule_text = organisation.constitution.rule(discipline.rule).text.strip()
    notices.tell(organisation, member_id=member.pk, kind="standing", started_by=actor, payload={
        "change": WORDS[change], "rule": discipline.rule, "rule_text": rule_text,
        "authority": authority.text, "reason": reason, "decision": number,
    })
    return change_row
