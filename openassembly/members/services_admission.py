"""Admission: an applicant becomes a member only by the constitution's route, or is refused.

A confirmed sign-up (services.confirm_signup) is an applicant when the constitution has an
``[admission]`` table (rules/admission.py). The table's route decides how they become a member:
an officer holding the power it names approves (``route = "officer"``); an officer with the
register power records a decision of the kind it names, taken by that body
(``route = "decision"``); or recording their first dues admits them (``route = "dues"``, in
services_dues.py). Admission sets the day they joined, from which the qualifying period runs
(members/eligibility.py). Refusing an application takes the same authority as approving it,
gives the reasons, and the applicant is told by mail either way.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from openassembly.core.actors import Actor, member_or_none
from openassembly.core.authority import (
    Authority,
    AuthorityRefused,
    Route,
    acts,
    reread,
)
from openassembly.core.errors import Conflict, InvalidInput, NotFound, PowerDenied
from openassembly.core.models import Organisation
from openassembly.core.powers import require_power
from openassembly.rules.admission import Admission

from .admission import admit_applicant, tell_outcome
from .models import Member, StandingChange
from .standing import change_standing

# The demo's name for the officer route's power: the act is declared with it; the check uses
# whatever power the organisation's own constitution names.
POWER = "admit-members"
REGISTER = "manage-register"
S = Member.Status
C = StandingChange.Cause


def _admission_of(organisation: Organisation) -> Admission:
    admission = organisation.constitution.admission
    if admission is None:
        raise InvalidInput("The constitution has no [admission] table: a confirmed sign-up is a "
                           "member at once, so there are no applications to decide.")
    return admission


def _check_decision(organisation: Organisation, admission: Admission,
                    authority: Authority | int | None, *, act: str) -> Authority:
    """The decision ``authority`` names, read again from this organisation's register, if it
    is of the kind the admission rule names; else a refusal naming the rule it falls short of.

    Never taken from the caller: facts made by hand, or a decision of another organisation
    that happens to share its number with nothing here, would otherwise admit."""
    rule = admission.rule
    authority = reread(organisation, authority, Route.DECISION, act=act, rule=rule,
                       field="decision")
    kind = organisation.constitution.decision(admission.decision or "")
    body = organisation.constitution.body(kind.body).name
    facts = authority.facts
    number = facts.get("decision")
    if facts.get("body") != kind.body or facts.get("decision_key") != kind.key:
        raise AuthorityRefused(
            f"Rule {rule}: only a decision of the {body} moved as a {kind.name.lower()} can "
            f"decide an application to join; decision {number} is not one.",
            rule=rule, field="decision")
    if facts.get("majority_kind") != kind.majority.kind:
        raise AuthorityRefused(
            f"Rule {kind.majority.rule}: decision {number} was not carried by the "
            f"{kind.majority.kind.replace('-', ' ')} majority it needs.",
            rule=kind.majority.rule, field="decision")
    return authority


def _applicant(organisation: Organisation, member: Member) -> Member:
    locked = (Member.objects.select_for_update()
              .filter(organisation=organisation, pk=getattr(member, "pk", None)).first())
    if locked is None:
        raise NotFound("No such applicant.", field="member")
    if locked.status != S.APPLICANT:
        raise Conflict(f"{locked.name} is not awaiting admission: their membership is "
                       f"{locked.get_status_display()}.", field="member")
    return locked


@acts(Route.OFFICE, Route.DECISION, power=POWER)
@transaction.atomic
def decide_application(actor: Actor, *, organisation: Organisation, member: Member,
                       admit: bool, reason: str = "",
                       authority: Authority | int | None = None) -> StandingChange:
    """Admit or refuse an applicant by the constitution's route; the applicant is told by
    mail.

    ``route = "officer"``: ``actor`` must hold the power the rule names. ``route =
    "decision"``: ``actor`` holds the register power and ``authority`` is the decision (its
    number as a person gave it is resolved here, so a void one is refused on the record).
    ``route = "dues"``: only recording the first dues admits; an officer with the register
    power may refuse."""
    admission = _admission_of(organisation)
    verb = "admit" if admit else "refuse"
    if not actor.is_member:
        raise PowerDenied("Only an officer can decide an application to join.", power=POWER,
                          rule=admission.rule)
    decision: int | None = None
    if admission.route == "officer":
        require_power(organisation, actor, admission.power or POWER)
        authority = None
    elif admission.route == "decision":
        require_power(organisation, actor, REGISTER)
        authority = _check_decision(organisation, admission, authority,
                                    act=f"To {verb} an applicant")
        decision = authority.facts["decision"]
    else:
        if admit:
            raise Conflict(f"Rule {admission.rule}: an applicant becomes a member by paying "
                           "their first dues; record the payment and that admits them.",
                           field="member")
        require_power(organisation, actor, REGISTER)
        authority = None
    reason = reason.strip()
    if not admit and not reason:
        raise InvalidInput(f"Rule {admission.rule}: give the reasons for refusing; the "
                           "applicant is told them.", field="reason")
    if len(reason) > 2000:
        raise InvalidInput("Give the reasons in at most 2,000 characters.", field="reason")
    member = _applicant(organisation, member)
    if decision is not None and StandingChange.objects.filter(
            organisation=organisation, decision=decision).exists():
        raise AuthorityRefused(f"Rule {admission.rule}: decision {decision} has been carried "
                               "out already; a decision on an application is about one "
                               "applicant, once.", rule=admission.rule, field="decision")
    try:
        with transaction.atomic():
            if admit:
                change = admit_applicant(organisation, member, admission, actor=actor,
                                         decision=decision, authority=authority)
            else:
                change = change_standing(
                    organisation, member, cause=C.REFUSED, became=S.REFUSED,
                    rule=admission.rule, actor=actor.name, recorded_by=member_or_none(actor),
                    decision=decision, reason=reason, authority=authority)
    except IntegrityError:
        raise Conflict(f"Decision {decision} has been carried out already.",
                       field="decision") from None
    _tell(organisation, member, admission, admitted=admit, reason=reason,
          authority=authority, actor=actor)
    return change


def _tell(organisation: Organisation, member: Member, admission: Admission, *, admitted: bool,
          reason: str, authority: Any, actor: Actor) -> None:
    tell_outcome(organisation, member, admission, admitted=admitted, reason=reason,
                 authority_text=authority.text if authority is not None else "", actor=actor)
