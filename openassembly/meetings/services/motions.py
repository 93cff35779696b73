"""Moving, seconding, amending and withdrawing motions; points of order and challenges."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from openassembly.core import clock, states
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.services import refuse_while_pending
from openassembly.core.text import plain_name
from openassembly.members.models import Member
from openassembly.rules.loader import ConstitutionError, load_constitution

from .. import constitution
from ..models import AgendaItem, Meeting, Minutes, Motion, PointOfOrder
from ..text import apply_amendment, clean_markdown, render
from ._common import (
    locked,
    refuse_other_business,
    require_active,
    require_chair,
    require_present,
    require_status,
    require_voting_member,
)

Kind, Status = Motion.Kind, Motion.Status
PENDING = (Status.MOVED, Status.SECONDED, Status.VOTING)


def _may_move(actor: Member, meeting: Meeting, doing: str) -> None:
    require_active(actor)
    require_status(meeting, Meeting.Status.CALLED, Meeting.Status.OPEN, doing=doing)
    require_voting_member(actor, meeting, doing)
    if meeting.status == Meeting.Status.OPEN:
        require_present(actor, meeting, doing)


def _create(actor: Member, *, item: AgendaItem, **fields) -> Motion:
    meeting = locked(item.meeting)
    number = (meeting.motions.aggregate(n=Max("number"))["n"] or 0) + 1
    motion = Motion.objects.create(
        organisation=meeting.organisation, meeting=meeting, item=item, number=number,
        mover=actor, moved_at=clock.now(), **fields,
    )
    append_event(meeting.organisation, kind="motion.moved", actor=actor.name, data={
        "meeting": meeting.pk, "motion": motion.pk, "number": number, "kind": motion.kind,
        "title": motion.title, "parent": motion.parent_id,
        "private": item.is_private,
    })
    return motion


def _check_constitution_text(meeting: Meeting, text: str) -> str:
    try:
        parsed = load_constitution(text)
    except ConstitutionError as error:
        raise InvalidInput(f"The new constitution is not valid:\n{error}",
                           field="new_constitution") from None
    if parsed.organisation.slug != meeting.organisation.slug:
        raise InvalidInput("The new constitution must keep the organisation's slug.",
                           field="new_constitution")
    refuse_while_pending(meeting.organisation)
    if meeting.organisation.current_constitution_version().text == text:
        raise InvalidInput("That text is the constitution already in force.",
                           field="new_constitution")
    return text


@acts(Route.SELF)
def move_motion(actor: Member, *, item: AgendaItem, title: str, text: str,
                decision_key: str = "", new_constitution: str = "") -> Motion:
    """Move a motion on an agenda item; a kind of decision the constitution names may be given."""
    meeting = item.meeting
    _may_move(actor, meeting, "move a motion")
    refuse_other_business(meeting, item, "move a motion on other business")
    title = plain_name(title, what="motion's title", field="title")
    if not title:
        raise InvalidInput("Give the motion a short title.", field="title")
    text = clean_markdown(text, field="motion text")
    if not text:
        raise InvalidInput("Write the motion's text.", field="text")
    decision = None
    if decision_key:
        decision = constitution.decision_kind(meeting.body, decision_key)
        if decision is None:
            raise InvalidInput(f"The constitution names no kind of decision '{decision_key}'.")
        if decision.body != meeting.body.key:
            empowered = meeting.organisation.constitution.body(decision.body).name
            raise PowerDenied(
                f"Rule {decision.majority.rule}: a {decision.name.lower()} can be moved only at "
                f"the {empowered}, not at the {meeting.body.name}.",
                power="move-" + decision.key, rule=decision.majority.rule,
            )
    if decision is not None and decision.amends_constitution:
        new_constitution = _check_constitution_text(meeting, new_constitution)
    elif new_constitution.strip():
        raise InvalidInput("Only a motion to change the constitution carries a new constitution.",
                           field="new_constitution")
    with transaction.atomic():
        return _create(
            actor, item=item, kind=Kind.SUBSTANTIVE, title=title.strip()[:200],
            original_text=text, text=text, html=render(text), decision_key=decision_key,
            new_constitution=new_constitution if decision and decision.amends_constitution
            else "",
        )


@acts(Route.SELF)
def second_motion(actor: Member, *, motion: Motion) -> Motion:
    _may_move(actor, motion.meeting, "second a motion")
    if motion.mover_id == actor.pk:
        raise InvalidInput("The mover cannot also second the motion.")
    with transaction.atomic():
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        if motion.status != Status.MOVED:
            raise Conflict(f"This motion is {motion.get_status_display()} already.")
        states.move(motion, Status.SECONDED)
        motion.seconder, motion.seconded_at = actor, clock.now()
        motion.save(update_fields=["status", "seconder", "seconded_at"])
        append_event(motion.organisation, kind="motion.seconded", actor=actor.name, data={
            "meeting": motion.meeting_id, "motion": motion.pk, "number": motion.number,
        })
    return motion


def _open_substantive(motion: Motion, doing: str) -> None:
    if motion.kind != Kind.SUBSTANTIVE:
        raise InvalidInput(f"You can {doing} only a substantive motion.")
    if motion.status not in (Status.MOVED, Status.SECONDED):
        raise Conflict(f"Motion {motion.number} is {motion.get_status_display()}; "
                       f"it is too late to {doing} it.")


@acts(Route.SELF)
def move_amendment(actor: Member, *, motion: Motion, delete_text: str, insert_text: str,
                   title: str = "") -> Motion:
    """Leave out some words of a motion and insert others (or add words at the end)."""
    _may_move(actor, motion.meeting, "move an amendment")
    _open_substantive(motion, "amend")
    if motion.new_constitution:
        raise InvalidInput("A change to the constitution is voted on as moved; to change it, "
                           "move a different motion.")
    delete_text = clean_markdown(delete_text, field="words to leave out")
    insert_text = clean_markdown(insert_text, field="words to insert")
    if not delete_text and not insert_text:
        raise InvalidInput("Say which words to leave out, which to insert, or both.")
    if apply_amendment(motion.text, delete=delete_text, insert=insert_text) is None:
        raise InvalidInput(
            "The words to leave out must appear exactly once in the motion as it stands: "
            f"'{delete_text[:80]}' does not.", field="delete_text",
        )
    if delete_text and insert_text:
        summary = f"Leave out “{delete_text}” and insert “{insert_text}”"
    elif delete_text:
        summary = f"Leave out “{delete_text}”"
    else:
        summary = f"Add at the end: “{insert_text}”"
    with transaction.atomic():
        position = (motion.children.filter(kind=Kind.AMENDMENT)
                    .aggregate(n=Max("position"))["n"] or 0) + 1
        return _create(
            actor, item=motion.item, kind=Kind.AMENDMENT, parent=motion, position=position,
            title=(plain_name(title, what="amendment's title", field="title")
                   or f"To motion {motion.number}")[:200],
            original_text=summary, text=summary, html=render(summary),
            delete_text=delete_text, insert_text=insert_text,
        )


@acts(Route.SELF)
def accept_amendment(actor: Member, *, amendment: Motion) -> Motion:
    """The mover accepts an amendment, which then becomes part of the motion without a vote."""
    if amendment.kind != Kind.AMENDMENT:
        raise InvalidInput("Only an amendment can be accepted.")
    parent = amendment.parent
    if actor.pk != parent.mover_id:
        raise PowerDenied("Only the mover of the motion can accept an amendment to it.",
                          power="mover")
    require_status(amendment.meeting, Meeting.Status.OPEN, doing="accept an amendment")
    from .outcomes import amend_parent

    with transaction.atomic():
        amendment = Motion.objects.select_for_update().get(pk=amendment.pk)
        states.move(amendment, Status.ACCEPTED)
        amendment.outcome_note = f"Accepted by the mover, {actor.name}, without a vote."
        amendment.save(update_fields=["status", "outcome_note"])
        amend_parent(amendment)
        append_event(amendment.organisation, kind="motion.accepted", actor=actor.name, data={
            "meeting": amendment.meeting_id, "motion": amendment.pk, "number": amendment.number,
        })
    return amendment


@acts(Route.SELF)
def withdraw_motion(actor: Member, *, motion: Motion) -> Motion:
    if actor.pk != motion.mover_id:
        raise PowerDenied("Only the mover can withdraw a motion.", power="mover")
    with transaction.atomic():
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        if motion.status == Status.VOTING:
            raise Conflict("A vote on this motion is open; it cannot be withdrawn now.")
        states.move(motion, Status.WITHDRAWN)
        motion.outcome_note = f"Withdrawn by the mover, {actor.name}."
        motion.save(update_fields=["status", "outcome_note"])
        states.move_where(motion.children.all(), from_=[Status.MOVED, Status.SECONDED],
                          to=Status.FALLEN, outcome_note="Fell when the motion was withdrawn.")
        append_event(motion.organisation, kind="motion.withdrawn", actor=actor.name, data={
            "meeting": motion.meeting_id, "motion": motion.pk, "number": motion.number,
        })
    return motion


@acts(Route.SELF)
def move_reference_back(actor: Member, *, motion: Motion, reason: str = "") -> Motion:
    """Move that a motion be referred back (to whoever brought it) instead of decided now."""
    _may_move(actor, motion.meeting, "move a reference back")
    _open_substantive(motion, "refer back")
    reason = clean_markdown(reason, field="reason")
    text = f"That motion {motion.number} be referred back." + (f"\n\n{reason}" if reason else "")
    with transaction.atomic():
        return _create(
            actor, item=motion.item, kind=Kind.REFERENCE_BACK, parent=motion,
            title=f"Reference back of motion {motion.number}"[:200], original_text=text,
            text=text, html=render(text),
        )


@acts(Route.OFFICE, power="chair-meeting")
def move_minutes_approval(actor: Member, *, item: AgendaItem, minutes: Minutes) -> Motion:
    """Put a previous meeting's published minutes to this meeting for approval."""
    meeting = item.meeting
    require_chair(actor, meeting, "put minutes for approval")
    require_status(meeting, Meeting.Status.CALLED, Meeting.Status.OPEN,
                   doing="put minutes for approval")
    refuse_other_business(meeting, item, "put minutes for approval")
    earlier = minutes.meeting
    if earlier.body_id != meeting.body_id or earlier.starts_at >= meeting.starts_at:
        raise InvalidInput("Minutes are approved at a later meeting of the same body.")
    if minutes.status != Minutes.Status.PUBLISHED:
        raise Conflict(f"These minutes are {minutes.get_status_display()}; only published "
                       "minutes, which members have seen, can be approved.")
    if Motion.objects.filter(minutes=minutes, status__in=PENDING).exists():
        raise Conflict("These minutes are before the meeting for approval already.")
    text = (f"That the minutes of {earlier.title} ({earlier.starts_at:%d %B %Y}) be approved "
            "as a true record.")
    with transaction.atomic():
        return _create(
            actor, item=item, kind=Kind.MINUTES, minutes=minutes, status=Status.SECONDED,
            title=f"Minutes of {earlier.title}"[:200], original_text=text, text=text,
            html=render(text),
        )


@acts(Route.SELF)
def raise_point_of_order(actor: Member, *, meeting: Meeting, text: str,
                         item: AgendaItem | None = None) -> PointOfOrder:
    """Anyone present, in the room or online, may raise a point of order."""
    require_active(actor)
    require_status(meeting, Meeting.Status.OPEN, doing="raise a point of order")
    attendance = require_present(actor, meeting, "raise a point of order")
    text = clean_markdown(text, field="point of order")
    if not text:
        raise InvalidInput("Say what the point of order is.")
    if item is not None and item.meeting_id != meeting.pk:
        raise InvalidInput("That item is on another meeting's agenda.")
    with transaction.atomic():
        point = PointOfOrder.objects.create(
            organisation=meeting.organisation, meeting=meeting, item=item, raised_by=actor,
            online=attendance.mode == attendance.Mode.ONLINE, raised_at=clock.now(), text=text,
        )
        append_event(meeting.organisation, kind="order.raised", actor=actor.name, data={
            "meeting": meeting.pk, "point": point.pk, "text": text, "online": point.online,
        })
    return point


@acts(Route.OFFICE, power="chair-meeting")
def rule_on_point(actor: Member, *, point: PointOfOrder, ruling: str) -> PointOfOrder:
    require_chair(actor, point.meeting, "rule on points of order")
    ruling = clean_markdown(ruling, field="ruling")
    if not ruling:
        raise InvalidInput("Give the ruling.")
    with transaction.atomic():
        point = PointOfOrder.objects.select_for_update().get(pk=point.pk)
        states.move(point, PointOfOrder.Status.RULED)
        point.ruling, point.ruled_by, point.ruled_at = ruling, actor, clock.now()
        point.save(update_fields=["status", "ruling", "ruled_by", "ruled_at"])
        append_event(point.organisation, kind="order.ruled", actor=actor.name, data={
            "meeting": point.meeting_id, "point": point.pk, "ruling": ruling,
        })
    return point


@acts(Route.SELF)
def challenge_ruling(actor: Member, *, point: PointOfOrder) -> Motion:
    """Challenge the chair's ruling: the meeting then votes on whether to uphold it."""
    meeting = point.meeting
    require_active(actor)
    require_status(meeting, Meeting.Status.OPEN, doing="challenge the chair")
    require_present(actor, meeting, "challenge the chair")
    item = point.item or meeting.items.order_by("position").first()
    if item is None:
        raise Conflict("The meeting has no agenda item to record the challenge under.")
    text = (f"That the chair's ruling on the point of order raised by {point.raised_by.name} "
            f"be upheld. The ruling: {point.ruling}")
    with transaction.atomic():
        point = PointOfOrder.objects.select_for_update().get(pk=point.pk)
        if point.ruled_by_id == actor.pk:
            # A challenge asks the meeting to overrule the chair; the one who ruled may not be
            # the member who appeals against it.
            raise Conflict("You gave this ruling, so you cannot challenge it; another member "
                           "may.")
        states.move(point, PointOfOrder.Status.CHALLENGED)
        point.save(update_fields=["status"])
        return _create(
            actor, item=item, kind=Kind.CHALLENGE, point=point, status=Status.SECONDED,
            title="Challenge to the chair's ruling", original_text=text, text=text,
            html=render(text),
        )
