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
from django.db.models import Max

from openassembly.bodies.models import Body
from openassembly.core import clock, states
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.members.models import Member
from openassembly.rules import meeting_rights

from .. import constitution
from ..models import Meeting, Requisition, RequisitionSignature
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


def last_met(body: Body):
    """When the body last met (a meeting that opened), or None."""
    return (Meeting.objects.filter(body=body, status__in=[Meeting.Status.OPEN,
                                                         Meeting.Status.CLOSED])
            .aggregate(last=Max("starts_at"))["last"])


def right_arisen(body: Body, spec: meeting_rights.Requisition) -> meeting_rights.Answer:
    last = last_met(body)
    return meeting_rights.not_met_answer(
        spec, body_name=body.name, last_meeting=last.date() if last else None,
        since=body.established_on, today=clock.today())


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


def may_self_call(requisition: Requisition, *, now=None) -> meeting_rights.Answer:
    """May the members who signed call the meeting themselves now?"""
    now = now or clock.now()
    rule = requisition.rule
    if requisition.status == Requisition.Status.OPEN:
        return meeting_rights.Answer(False, rule, f"Rule {rule}: the requisition has "
                                                  f"{requisition.signatures.count()} of the "
                                                  f"{requisition.needed} signatures it needs.")
    if requisition.status == Requisition.Status.MET:
        return meeting_rights.Answer(False, rule, "The meeting it required is called already.")
    if now < requisition.call_by:
        return meeting_rights.Answer(False, rule, (
            f"Rule {rule}: the officers have until {requisition.call_by:%d %B %Y %H:%M} to call "
            "the meeting; only if they have not may the members who signed call it."))
    return meeting_rights.Answer(True, rule, f"Rule {rule}: the members who signed may call it.")
