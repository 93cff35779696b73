"""Decisions and requisitions as authority.

A standing decision in the register, checked, for the acts that rest on a body's decision
(seating, discipline, the constitution, cancelling a meeting); a complete requisition, checked,
for the members who signed it to call the meeting themselves.

Registered with core.authority from this app's ``ready()``. The reference is the decision's
number in the organisation's register (what people cite) or the Decision itself; the
requisition's number or the Requisition itself.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction

from openassembly.core.authority import Authority, AuthorityRefused, Route, register_resolver
from openassembly.core.models import Organisation

from .models import Decision, Division, Requisition


def decision_authority(organisation: Organisation, reference: Any) -> Authority:
    """The standing decision ``reference`` names, with the body, the votes and the majority it
    was carried by; AuthorityRefused if there is no such decision or it no longer stands."""
    if isinstance(reference, Decision):
        number = reference.number
        if reference.organisation_id != organisation.pk:
            raise AuthorityRefused("That decision belongs to another organisation.",
                                   field="decision")
    else:
        try:
            number = int(reference)
        except (TypeError, ValueError):
            raise AuthorityRefused("Give the number of a decision in the decisions register.",
                                   field="decision") from None
    found = (Decision.objects.select_related("meeting__body", "motion")
             .filter(organisation=organisation, number=number))
    if transaction.get_connection().in_atomic_block:
        # Inside an act: hold the decision's row until the act commits, so a correction that
        # makes it void (which locks the same row) cannot slip between this check and the act.
        found = found.select_for_update(of=("self",))
    decision = found.first()
    if decision is None:
        raise AuthorityRefused(f"There is no decision {number} in the decisions register.",
                               field="decision")
    if decision.status != Decision.Status.STANDING:
        raise AuthorityRefused(f"Decision {number} no longer stands: it was made void.",
                               field="decision")
    body = decision.decided_by
    division = (Division.objects.filter(motion=decision.motion, carried=True)
                .order_by("-number").first()) if decision.motion_id else None
    facts: dict[str, Any] = {
        "decision": decision.number,
        "decision_id": decision.pk,
        "body": body.key,
        "body_name": body.name,
        "meeting": decision.meeting_id,
        "motion": decision.motion_id,
        "title": decision.title,
        "decision_key": decision.motion.decision_key if decision.motion_id else "",
        "ballot": decision.ballot_id,
        "made_at": decision.made_at.isoformat(),
        # What a change to the constitution adopts is exactly the text the body voted on.
        "new_constitution_sha256": (
            hashlib.sha256(decision.motion.new_constitution.encode()).hexdigest()
            if decision.motion_id and decision.motion.new_constitution else ""),
    }
    if division is not None:
        facts.update({
            "for": division.votes_for, "against": division.against,
            "abstain": division.abstain, "majority_kind": division.majority_kind,
            "majority_rule": division.majority_rule, "seats_filled": division.seats_filled,
            # A card vote is decided by its weighted totals (percentages of the whole vote).
            "weighted": ([division.weighted_for, division.weighted_against,
                          division.weighted_abstain] if division.weighted_for else None),
        })
        votes = f"carried {division.votes_for}-{division.against}-{division.abstain}"
    elif decision.ballot_id is not None:
        # A members' decision: the votes are the ballot's, as its authority recorded them.
        votes = decision.authority.get("text", "").removeprefix("by ") or "carried in a ballot"
    else:
        votes = "carried without a vote"
    return Authority(
        route=Route.DECISION,
        text=f"by decision {decision.number} of the {body.name}, {votes}",
        reference=f"decision:{decision.number}",
        rule=division.majority_rule if division is not None else "",
        facts=facts,
    )


def requisition_authority(organisation: Organisation, reference: Any) -> Authority:
    """The requisition ``reference`` names, with its body, its signers and whether they may now
    call the meeting themselves; AuthorityRefused if there is none or it is not complete."""
    if isinstance(reference, Requisition):
        number = reference.pk
    else:
        try:
            number = int(reference)
        except (TypeError, ValueError):
            raise AuthorityRefused("Give the number of a requisition.",
                                   field="requisition") from None
    requisition = (Requisition.objects.select_related("body")
                   .filter(organisation=organisation, pk=number).first())
    if requisition is None:
        raise AuthorityRefused(f"There is no requisition {number}.", field="requisition")
    if requisition.status == Requisition.Status.OPEN:
        raise AuthorityRefused(
            f"Rule {requisition.rule}: requisition {number} has "
            f"{requisition.signatures.count()} of the {requisition.needed} signatures it needs, "
            "so it requires nothing yet.", rule=requisition.rule, field="requisition")
    signers = list(requisition.signatures.values_list("member_id", flat=True))
    return Authority(
        route=Route.REQUISITION,
        text=(f"on requisition {number} of {len(signers)} members of the "
              f"{requisition.body.name}, under rule {requisition.rule}"),
        reference=f"requisition:{number}",
        rule=requisition.rule,
        facts={"requisition": number, "body": requisition.body.key, "signers": signers,
               "status": requisition.status, "call_by": requisition.call_by.isoformat()},
    )


def register() -> None:
    register_resolver(Route.DECISION, decision_authority)
    register_resolver(Route.REQUISITION, requisition_authority)
