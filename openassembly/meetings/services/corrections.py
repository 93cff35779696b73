"""Correcting a recorded result: only by two officers (the two-person rule), always in public.

The correction is proposed and confirmed through accounts.services (kind "correct-result");
these functions are what that registry calls. The original result stays on the ledger and in
the Correction row; the division shows the corrected figures with the reason.

A weighted result (a card vote, or a secret ballot in a body with sections) is corrected
section by section: the weighted totals follow from each section's headcount by the rule, so
correcting the counts and recomputing is the only way the published figures stay checkable.
The weights are the ones the vote was taken under, not whatever the constitution says now.
"""

from __future__ import annotations

from typing import Any

from openassembly.core import clock, states
from openassembly.core.authority import Route, acts, changes_nothing
from openassembly.core.errors import Conflict, InvalidInput, NotFound
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.rules import model as rules
from openassembly.rules.model import Majority

from .. import tally
from ..models import Correction, Decision, Division, Elector, Motion, PointOfOrder
from .divisions import store_result
from .outcomes import record_decision

Kind = Motion.Kind
FIELDS = ("for", "against", "abstain")


def _division(organisation: Organisation, payload: dict) -> Division:
    division = (Division.objects.filter(organisation=organisation, pk=payload.get("division"))
                .select_related("motion", "meeting__body").first())
    if division is None:
        raise NotFound("No such division.")
    return division


MAX_COUNT = 10_000_000


def _whole(value: Any, name: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(f"'{name}' must be a whole number, 0 or more.")
    if value > MAX_COUNT:
        # Larger than any body's vote, and than the column that would hold it.
        raise InvalidInput(f"'{name}' must be at most {MAX_COUNT:,}.")
    return value


def _numbers(payload: dict) -> tuple[int, int, int]:
    values = [_whole(payload.get(key), key) for key in FIELDS]
    return values[0], values[1], values[2]


def _weighted(division: Division) -> bool:
    return bool(division.sections)


def _section_counts(division: Division, payload: dict) -> tally.Counts:
    """The corrected headcount of every section the vote was weighted by."""
    given = payload.get("sections")
    if not isinstance(given, dict):
        raise InvalidInput("This vote was weighted by section: give the corrected for, against "
                           "and abstain of each section.")
    keys = [s["key"] for s in division.sections]
    unknown = sorted(set(given) - set(keys))
    if unknown:
        raise InvalidInput(f"'{unknown[0]}' is not a section of this vote.")
    counts: tally.Counts = {}
    for section in division.sections:
        row = given.get(section["key"])
        if not isinstance(row, dict):
            raise InvalidInput(f"Give the corrected figures for {section['name']}.")
        values = [_whole(row.get(key), f"{section['name']}: {key}") for key in FIELDS]
        counts[section["key"]] = (values[0], values[1], values[2])
    return counts


def _recorded_counts(division: Division) -> tally.Counts:
    if _weighted(division):
        return {s["key"]: (s["for"], s["against"], s["abstain"]) for s in division.sections}
    return {"": (division.votes_for, division.against, division.abstain)}


def _counts(division: Division, payload: dict) -> tally.Counts:
    if _weighted(division):
        return _section_counts(division, payload)
    return {"": _numbers(payload)}


def _recount(division: Division, counts: tally.Counts) -> tally.Result:
    weights = None
    if _weighted(division):
        # Only the sections' keys, names and weights are read by the count; they are taken
        # from the division, so a later change of weights cannot re-decide an old vote.
        weights = rules.Body.model_construct(sections=[
            rules.Section.model_construct(key=s["key"], name=s["name"],
                                          weight_percent=s["weight_percent"])
            for s in division.sections
        ])
    return tally.count(
        counts,
        majority=Majority(kind=division.majority_kind, rule=division.majority_rule),
        seats_filled=division.seats_filled,
        body=weights,
    )


def _check_limits(division: Division, counts: tally.Counts) -> None:
    if division.method == Division.Method.HANDS:
        return
    if _weighted(division):
        names = {s["key"]: s["name"] for s in division.sections}
        for key, numbers in counts.items():
            limit = Elector.objects.filter(division=division, section=key).count()
            if sum(numbers) > limit:
                raise InvalidInput(f"{names[key]}: {sum(numbers)} votes, but only {limit} of "
                                   "that section were on the roll.")
        return
    total = sum(counts[""])
    if total > division.eligible:
        raise InvalidInput(f"{total} votes, but only {division.eligible} were on the roll.")


@changes_nothing
def check_correction(organisation: Organisation, payload: dict) -> None:
    division = _division(organisation, payload)
    if division.status != Division.Status.CLOSED:
        raise Conflict("Only a closed vote's result can be corrected.")
    counts = _counts(division, payload)
    if counts == _recorded_counts(division):
        raise InvalidInput("Those are the figures already recorded.")
    _check_limits(division, counts)
    result = _recount(division, counts)
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


@changes_nothing
def summary(organisation: Organisation, payload: dict) -> str:
    division = _division(organisation, payload)
    where = f"division {division.number} of {division.meeting.title}"
    if not _weighted(division):
        return (f"correct {where} from {division.votes_for}-{division.against}-"
                f"{division.abstain} to {payload.get('for')}-{payload.get('against')}-"
                f"{payload.get('abstain')}")
    counts = _section_counts(division, payload)
    result = _recount(division, counts)
    changes = "; ".join(
        f"{s['name']} from {s['for']}-{s['against']}-{s['abstain']} to "
        f"{'-'.join(str(n) for n in counts[s['key']])}"
        for s in division.sections if counts[s["key"]] != (s["for"], s["against"], s["abstain"])
    )
    after = " / ".join(str(v) for v in result.weighted or ())
    return (f"correct the weighted vote in {where}: {changes}; weighted for / against / abstain "
            f"from {division.weighted_for} / {division.weighted_against} / "
            f"{division.weighted_abstain} to {after}")


def _snapshot(division: Division) -> dict:
    snapshot = {"for": division.votes_for, "against": division.against,
                "abstain": division.abstain, "carried": division.carried,
                "reason": division.result_reason}
    if _weighted(division):
        snapshot["weighted"] = [division.weighted_for, division.weighted_against,
                                division.weighted_abstain]
        snapshot["sections"] = [{"key": s["key"], "name": s["name"], "for": s["for"],
                                 "against": s["against"], "abstain": s["abstain"]}
                                for s in division.sections]
    return snapshot


@acts(Route.TWO_OFFICERS, power="correct-result")
def apply_correction(organisation: Organisation, action, *, confirmer) -> dict:
    """Carry out a confirmed correction (inside the confirming transaction)."""
    check_correction(organisation, action.payload)
    division = Division.objects.select_for_update(of=("self",)).select_related(
        "meeting__body", "motion").get(pk=action.payload["division"])
    before = _snapshot(division)
    result = _recount(division, _counts(division, action.payload))
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
            existing = Decision.objects.select_for_update().filter(motion=motion).first()
            if result.carried and existing is None:
                record_decision(motion, division)
            elif result.carried:
                states.move(existing, Decision.Status.STANDING)
                existing.save(update_fields=["status"])
            elif existing is not None:
                states.move(existing, Decision.Status.VOID)
                existing.save(update_fields=["status"])
        elif motion.kind == Kind.CHALLENGE:
            point = PointOfOrder.objects.select_for_update().get(pk=motion.point_id)
            states.move(point, PointOfOrder.Status.UPHELD if result.carried
                        else PointOfOrder.Status.OVERTURNED)
            point.save(update_fields=["status"])
    after = _snapshot(division)
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
