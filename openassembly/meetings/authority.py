"""Decisions as authority: a standing decision in the register, checked, for the acts of lower
layers (seating, discipline, the constitution) that rest on a body's decision.

Registered with core.authority from this app's ``ready()``. The reference is the decision's
number in the organisation's register (what people cite) or the Decision itself.
"""

from __future__ import annotations

from typing import Any

from openassembly.core.authority import Authority, AuthorityRefused, Route, register_resolver
from openassembly.core.models import Organisation

from .models import Decision, Division


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
    decision = (Decision.objects.select_related("meeting__body", "motion")
                .filter(organisation=organisation, number=number).first())
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
    }
    if division is not None:
        facts.update({
            "for": division.votes_for, "against": division.against,
            "abstain": division.abstain, "majority_kind": division.majority_kind,
            "majority_rule": division.majority_rule,
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


def register() -> None:
    register_resolver(Route.DECISION, decision_authority)
