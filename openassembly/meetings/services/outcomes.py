"""What a decided motion does: amend its parent, become a decision, change the constitution..."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from openassembly.core import clock, states
from openassembly.core.actors import System
from openassembly.core.authority import Route, acts, resolve
from openassembly.core.errors import Conflict, ServiceError
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.services import adopt_constitution_version

from ..models import Decision, Division, Minutes, Motion, PointOfOrder
from ..text import apply_amendment, render

Kind, Status = Motion.Kind, Motion.Status
WAITING = (Status.MOVED, Status.SECONDED)


@acts(Route.SCHEDULE)
def amend_parent(amendment: Motion) -> Motion:
    """Write an accepted or carried amendment into its motion; later ones that no longer fit
    fall."""
    parent = Motion.objects.select_for_update().get(pk=amendment.parent_id)
    new = apply_amendment(parent.text, delete=amendment.delete_text, insert=amendment.insert_text)
    if new is None:
        raise Conflict(f"The words amendment {amendment.number} would leave out are no longer in "
                       "the motion, so it cannot be made.")
    parent.text, parent.html = new, render(new)
    parent.save(update_fields=["text", "html"])
    for other in parent.children.select_for_update().filter(kind=Kind.AMENDMENT,
                                                             status__in=WAITING):
        if apply_amendment(new, delete=other.delete_text, insert=other.insert_text) is None:
            states.move(other, Status.FALLEN)
            other.outcome_note = (f"Fell: amendment {amendment.number} changed the words it "
                                  "would leave out.")
            other.save(update_fields=["status", "outcome_note"])
    return parent


def _fall_children(motion: Motion, why: str) -> None:
    states.move_where(motion.children.all(), from_=WAITING, to=Status.FALLEN, outcome_note=why)


@acts(Route.SCHEDULE)
def record_decision(motion: Motion, division: Division | None) -> Decision:
    organisation = motion.organisation
    # The register is numbered across the organisation, so numbering takes turns.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).get()
    number = (Decision.objects.filter(organisation=organisation)
              .aggregate(n=Max("number"))["n"] or 0) + 1
    item = motion.item
    decision = Decision.objects.create(
        organisation=organisation, meeting=motion.meeting, motion=motion, number=number,
        title=motion.title, html=motion.html, made_at=clock.now(),
        withheld=item.is_private and not item.private_outcome_public,
    )
    append_event(organisation, kind="decision.recorded", actor=None, data={
        "decision": number, "meeting": motion.meeting_id, "motion": motion.pk,
        "title": "(withheld)" if decision.withheld else motion.title,
        "division": division.number if division else None,
    })
    return decision


def _adopt(motion: Motion, division: Division, decision: Decision) -> None:
    """Adopt the text a carried amendment motion carries, on the authority of its decision.

    Core checks the decision against the constitution in force: the body it empowers to amend
    it, and the majority that rule requires (a division opened under an older rule, or at a
    body the rules no longer empower, can carry and still not be enough)."""
    meeting = motion.meeting
    organisation = meeting.organisation
    adopted_by = (f"the {meeting.body.name}, division {division.number} of "
                  f"{meeting.title} ({meeting.starts_at:%d %B %Y})")
    authority = resolve(organisation, Route.DECISION, decision)
    try:
        with transaction.atomic():
            # The body adopted it by its division: the record names the body, not a person.
            version = adopt_constitution_version(
                System(adopted_by[:200]),
                organisation=organisation, text=motion.new_constitution,
                note=f"Motion {motion.number}: {motion.title}", authority=authority,
            )
    except ServiceError as error:
        # The decision stands whatever happens; the record says why the text was not adopted,
        # on the motion and on the ledger.
        motion.outcome_note = f"Carried, but the new constitution could not be adopted: {error}"
        append_event(organisation, kind="power.refused", actor=adopted_by[:200], data={
            "act": "adopt a new version of the constitution",
            "power": "", "rule": getattr(error, "rule", ""), "reason": str(error),
        }, authority=authority)
        return
    motion.adopted_version = version
    if version.applied_at is not None:
        motion.outcome_note = f"Carried; the constitution's version {version.number} took effect."
    else:
        motion.outcome_note = (f"Carried; the constitution's version {version.number} is adopted "
                               f"and takes effect on {version.effective_at:%d %B %Y}. "
                               f"{version.effective_reason}")


@acts(Route.SCHEDULE)
def apply_outcome(motion: Motion, division: Division, *, carried: bool) -> None:
    """Called in the transaction that closes ``division``."""
    states.move(motion, Status.CARRIED if carried else Status.LOST)
    motion.outcome_note = division.result_reason
    if carried and motion.kind == Kind.AMENDMENT:
        amend_parent(motion)
    elif carried and motion.kind == Kind.REFERENCE_BACK:
        parent = Motion.objects.select_for_update().get(pk=motion.parent_id)
        states.move(parent, Status.REFERRED_BACK)
        parent.outcome_note = f"Referred back by division {division.number}."
        parent.save(update_fields=["status", "outcome_note"])
        _fall_children(parent, "Fell when the motion was referred back.")
    elif motion.kind == Kind.SUBSTANTIVE and carried:
        decision = record_decision(motion, division)
        if motion.new_constitution:
            _adopt(motion, division, decision)
    elif motion.kind == Kind.CHALLENGE:
        point = PointOfOrder.objects.select_for_update().get(pk=motion.point_id)
        states.move(point, PointOfOrder.Status.UPHELD if carried
                    else PointOfOrder.Status.OVERTURNED)
        point.save(update_fields=["status"])
    elif motion.kind == Kind.MINUTES and carried:
        minutes = Minutes.objects.select_for_update().get(pk=motion.minutes_id)
        states.move(minutes, Minutes.Status.APPROVED)
        minutes.approved_at, minutes.approved_by = clock.now(), division
        minutes.save(update_fields=["status", "approved_at", "approved_by"])
    if motion.kind == Kind.SUBSTANTIVE and not carried:
        _fall_children(motion, "Fell when the motion was lost.")
    motion.save(update_fields=["status", "outcome_note", "adopted_version"])
