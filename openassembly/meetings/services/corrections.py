"""Correcting a recorded result: only by two officers (the two-person rule), always in public.

The correction is proposed and confirmed through accounts.services (kind "correct-result");
these functions are what that registry calls. The original result stays on the ledger and in
the Correction row; the division shows the corrected figures with the reason.
"""

from __future__ import annotations

from openassembly.core import clock
from openassembly.core.errors import Conflict, InvalidInput, NotFound
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation

from .. import states
from ..models import Correction, Decision, Division, Motion, PointOfOrder
from .divisions import _decide, store_result
from .outcomes import record_decision

Kind = Motion.Kind


def _division(organisation: Organisation, payload: dict) -> Division:
    division = (Division.objects.filter(organisation=organisation, pk=payload.get("division"))
                .select_related("motion", "meeting__body").first())
    if division is None:
        raise NotFound("No such division.")
    return division


def _numbers(payload: dict) -> tuple[int, int, int]:
    values = []
    for key in ("for", "against", "abstain"):
        value = payload.get(key)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidInput(f"'{key}' must be a whole number, 0 or more.")
        values.append(value)
    return values[0], values[1], values[2]


def check_correction(organisation: Organisation, payload: dict) -> None:
    division = _division(organisation, payload)
    if division.status != Division.Status.CLOSED:
        raise Conflict("Only a closed vote's result can be corrected.")
    if division.method == Division.Method.CARD:
        raise InvalidInput("A card vote is corrected section by section; correct the named "
                           "votes instead, by re-running the vote at the next meeting.")
    numbers = _numbers(payload)
    if numbers == (division.votes_for, division.against, division.abstain):
        raise InvalidInput("Those are the figures already recorded.")
    limit = division.eligible if division.method != Division.Method.HANDS else None
    if limit is not None and sum(numbers) > limit:
        raise InvalidInput(f"{sum(numbers)} votes, but only {limit} were on the roll.")
    result = _decide(division, {"": numbers})
    motion = division.motion
    if result.carried != division.carried and not (
        motion.kind == Kind.CHALLENGE
        or (motion.kind == Kind.SUBSTANTIVE and not motion.new_constitution)
    ):
        raise InvalidInput(
            "This correction would change the outcome of a vote that other business depended "
            "on (an amendment, a reference back, minutes or a change to the constitution). "
            "Put the question to the body again instead."
        )


def summary(organisation: Organisation, payload: dict) -> str:
    division = _division(organisation, payload)
    return (f"correct division {division.number} of {division.meeting.title} "
            f"from {division.votes_for}-{division.against}-{division.abstain} to "
            f"{payload.get('for')}-{payload.get('against')}-{payload.get('abstain')}")


def apply_correction(organisation: Organisation, action, *, confirmer) -> dict:
    """Carry out a confirmed correction (inside the confirming transaction)."""
    check_correction(organisation, action.payload)
    division = Division.objects.select_for_update(of=("self",)).select_related(
        "meeting__body", "motion").get(pk=action.payload["division"])
    before = {"for": division.votes_for, "against": division.against,
              "abstain": division.abstain, "carried": division.carried,
              "reason": division.result_reason}
    numbers = _numbers(action.payload)
    result = _decide(division, {"": numbers})
    flipped = result.carried != division.carried
    store_result(division, result)
    division.corrected = True
    division.save()
    motion = Motion.objects.select_for_update().get(pk=division.motion_id)
    if flipped:
        states.move(motion, Motion.Status.CARRIED if result.carried else Motion.Status.LOST)
        motion.outcome_note = f"Corrected: {result.answer.reason}"
        motion.save(update_fields=["status", "outcome_note"])
        if motion.kind == Kind.SUBSTANTIVE:
            existing = Decision.objects.filter(motion=motion).first()
            if result.carried and existing is None:
                record_decision(motion, division)
            elif result.carried:
                existing.status = Decision.Status.STANDING
                existing.save(update_fields=["status"])
            elif existing is not None:
                existing.status = Decision.Status.VOID
                existing.save(update_fields=["status"])
        elif motion.kind == Kind.CHALLENGE:
            point = PointOfOrder.objects.get(pk=motion.point_id)
            point.status = (PointOfOrder.Status.UPHELD if result.carried
                            else PointOfOrder.Status.OVERTURNED)
            point.save(update_fields=["status"])
    after = {"for": numbers[0], "against": numbers[1], "abstain": numbers[2],
             "carried": result.carried, "reason": result.answer.reason}
    correction = Correction.objects.create(
        organisation=organisation, division=division, before=before, after=after,
        reason=action.reason, proposed_by=action.proposed_by.name, confirmed_by=confirmer.name,
        action=action, corrected_at=clock.now(),
    )
    append_event(organisation, kind="division.corrected",
                 actor=f"{action.proposed_by.name} and {confirmer.name}", data={
                     "meeting": division.meeting_id, "division": division.number,
                     "before": {k: v for k, v in before.items() if k != "reason"},
                     "after": {k: v for k, v in after.items() if k != "reason"},
                     "reason": action.reason,
                 })
    return {"correction": correction.pk, "division": division.pk}
