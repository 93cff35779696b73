"""Requisitions: members requiring a body, or all members, to meet (see rules/meeting_rights.py).

A member starts a requisition under one of the constitution's ``[[requisitions]]`` entries and
signs it first; other members of the body sign it, once each. When the signatures reach the
number the rule sets (fixed when it was started), it is complete: the officers must call the
meeting by ``call_by``, and once that time has passed without a meeting (at once, for a right
such as rule 6.1's) the members who signed may call it themselves with ``call_meeting`` and
the requisition as its authority (meetings/authority.py turns the requisition into it).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from openassembly.bodies.models import Body
from openassembly.core import clock, states
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.members import eligibility
from openassembly.members.models import Member
from openassembly.rules import meeting_rights

from .. import constitution
from ..models import Requisition, RequisitionSignature
from ..rights import right_arisen
from ._common import require_active, same_organisation


def _spec(organisation: Organisation, body: Body, kind: str) -> meeting_rights.Requisition:
    rules = organisation.constitution
    try:
        spec = meeting_rights.requisition(rules, kind)
    except KeyError:
        raise InvalidInput("The constitution has no such requisition.", field="kind") from None
    if body.key not in spec.bodies:
        allowed = ", ".join(r.name for r in meeting_rights.requisitions_for(rules, body.key))
        raise InvalidInput(
            f"Rule {spec.rule} is not a requisition of the {body.name}. "
            + (f"Its members may use: {allowed}." if allowed else
               "The constitution gives its members no right to require it to meet."),
            field="kind")
    return spec


def _members(body: Body) -> int:
    return len(constitution.voting_members(body))


def _eligible(body: Body, member: Member, rule: str) -> None:
    """Only members of the body (every member in good standing, for a general meeting)."""
    if constitution.is_voting_member(body, member):
        return
    who = ("members in good standing" if body.kind == "all-members"
           else f"members of the {body.name}")
    raise PowerDenied(f"Rule {rule}: only {who} may sign a requisition of its meeting; you are "
                      "not one.", power="body-member", rule=rule)


def _complete(requisition: Requisition, spec: meeting_rights.Requisition) -> None:
    now = clock.now()
    requisition.complete_at = now
    requisition.call_by = meeting_rights.call_deadline(spec, complete_at=now)
    requisition.hold_by = (now + timedelta(days=spec.held_within_days)
                           if spec.held_within_days else None)
    states.move(requisition, Requisition.Status.COMPLETE)
    requisition.save(update_fields=["complete_at", "call_by", "hold_by", "status"])
    append_event(requisition.organisation, kind="requisition.complete", actor=None, data={
        "requisition": requisition.pk, "body": requisition.body.key, "rule": requisition.rule,
        "signatures": requisition.needed, "call_by": requisition.call_by.isoformat(),
        "at_once": spec.call_within_days == 0,
    })


@acts(Route.SELF)
@transaction.atomic
def start_requisition(actor: Member, *, organisation: Organisation, body: Body, kind: str,
                      purpose: str) -> Requisition:
    """Start a requisition of a meeting of ``body`` under ``kind``, signed by ``actor`` first."""
    require_active(actor)
    eligibility.require(actor, "sign", clock.today(), what="sign a requisition")
    same_organisation(organisation, body, actor)
    spec = _spec(organisation, body, kind)
    _eligible(body, actor, spec.rule)
    if not purpose.strip():
        raise InvalidInput(f"Rule {spec.rule}: say what the meeting is for; members sign that.",
                           field="purpose")
    arisen = right_arisen(body, spec)
    if not arisen.ok:
        raise Conflict(arisen.reason, field="kind")
    members = _members(body)
    now = clock.now()
    requisition = Requisition.objects.create(
        organisation=organisation, body=body, kind=spec.key, rule=spec.rule,
        purpose=purpose.strip(), started_by=actor, started_at=now, members=members,
        needed=meeting_rights.threshold(spec, members=members))
    RequisitionSignature.objects.create(organisation=organisation, requisition=requisition,
                                        member=actor, signed_at=now)
    append_event(organisation, kind="requisition.started", actor=actor.name, data={
        "requisition": requisition.pk, "body": body.key, "rule": spec.rule,
        "purpose": requisition.purpose, "needed": requisition.needed, "of": members,
    })
    if requisition.needed <= 1:
        _complete(requisition, spec)
    return requisition


@acts(Route.SELF)
@transaction.atomic
def sign_requisition(actor: Member, *, requisition: Requisition) -> Requisition:
    """Add ``actor``'s signature; the one that reaches the number needed completes it."""
    require_active(actor)
    eligibility.require(actor, "sign", clock.today(), what="sign a requisition")
    requisition = (Requisition.objects.select_for_update().select_related("body", "organisation")
                   .get(pk=requisition.pk))
    same_organisation(requisition.organisation, actor)
    spec = _spec(requisition.organisation, requisition.body, requisition.kind)
    _eligible(requisition.body, actor, spec.rule)
    if requisition.status != Requisition.Status.OPEN:
        raise Conflict("This requisition has all the signatures it needs already: "
                       f"it is {requisition.get_status_display()}.")
    if requisition.signatures.filter(member=actor).exists():
        raise Conflict(f"Rule {spec.rule}: each member signs once; you have signed already.")
    RequisitionSignature.objects.create(organisation=requisition.organisation,
                                        requisition=requisition, member=actor,
                                        signed_at=clock.now())
    count = requisition.signatures.count()
    append_event(requisition.organisation, kind="requisition.signed", actor=actor.name, data={
        "requisition": requisition.pk, "signatures": count, "needed": requisition.needed,
    })
    if count >= requisition.needed:
        _complete(requisition, spec)
    return requisition


