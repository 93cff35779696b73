"""Decisions as authority: a standing decision in the register, checked, for the acts of lower
layers (seating, discipline, the constitution) that rest on a body's decision.

Registered with core.authority from this app's ``ready()``. The reference is the decision's
number in the organisation's register (what people cite) or the Decision itself.
"""

from __future__ import annotations

import hashlib
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
    body = decision.meeting.body
    division = (Division.objects.filter(motion=decision.motion, carried=True)
                .order_by("-number").first())
    facts: dict[str, Any] = {
        "decision": decision.number,
        "decision_id": decision.pk,
        "body": body.key,
        "body_name": body.name,
        "meeting": decision.meeting_id,
        "motion": decision.motion_id,
        "title": decision.title,
        "decision_key": decision.motion.decision_key,
        "made_at": decision.made_at.isoformat(),
        # What a change to the constitution adopts is exactly the text the body voted on.
        "new_constitution_sha256": (hashlib.sha256(decision.motion.new_constitution.encode())
                                    .hexdigest() if decision.motion.new_constitution else ""),
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
