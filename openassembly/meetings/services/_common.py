"""Checks every meeting service shares: same organisation, who chairs, who is present."""

from __future__ import annotations

from django.db.models import Model

from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import Organisation
from openassembly.core.powers import powers_of
from openassembly.members.models import Member

from .. import constitution
from ..models import AgendaItem, Attendance, Meeting


def same_organisation(organisation: Organisation, *objects: Model | None) -> None:
    for obj in objects:
        if obj is not None and obj.organisation_id != organisation.pk:
            raise InvalidInput("That belongs to another organisation.")


def actor_name(actor: Member) -> str:
    return actor.name


def require_active(actor: Member | None) -> Member:
    if actor is None or actor.status != Member.Status.ACTIVE:
        raise PowerDenied("Only active members can do this.", power="member")
    return actor


def require_chair(actor: Member, meeting: Meeting, doing: str) -> None:
    """The meeting's own chair conducts it; holding an office elsewhere is not enough."""
    if actor is None or actor.pk != meeting.chair_id:
        rule = constitution.conduct_rule(meeting.body)
        raise PowerDenied(
            f"Rule {rule}: only the chair of this meeting ({meeting.chair.name}) may {doing}.",
            power="chair-meeting",
            rule=rule,
        )


def require_organiser(actor: Member, meeting: Meeting, doing: str) -> None:
    """The chair, the minute-taker, or anyone with the power to call meetings."""
    if actor is not None and (
        actor.pk in (meeting.chair_id, meeting.minute_taker_id)
        or "call-meeting" in powers_of(actor)
    ):
        return
    rule = constitution.conduct_rule(meeting.body)
    raise PowerDenied(
        f"Rule {rule}: only the chair or minute-taker of this meeting, or an officer who may "
        f"call meetings, may {doing}.",
        power="chair-meeting",
        rule=rule,
    )


def require_minute_taker(actor: Member, meeting: Meeting, doing: str) -> None:
    if actor is None or actor.pk != meeting.minute_taker_id:
        rule = constitution.conduct_rule(meeting.body)
        raise PowerDenied(
            f"Rule {rule}: only the minute-taker of this meeting ({meeting.minute_taker.name}) "
            f"may {doing}.",
            power="minute-meeting",
            rule=rule,
        )


def require_voting_member(actor: Member, meeting: Meeting, doing: str) -> None:
    if not constitution.is_voting_member(meeting.body, actor):
        raise PowerDenied(
            f"Only members of the {meeting.body.name} may {doing}; you are not one. "
            f"Rule {meeting.body.rule} says who they are.",
            power="body-member",
            rule=meeting.body.rule,
        )


def attendance_of(actor: Member, meeting: Meeting) -> Attendance | None:
    return Attendance.objects.filter(meeting=meeting, member=actor).first()


def require_present(actor: Member, meeting: Meeting, doing: str) -> Attendance:
    attendance = attendance_of(actor, meeting)
    if attendance is None or not attendance.present:
        raise PowerDenied(
            f"Only people present at the meeting (in person or online) may {doing}; "
            "sign in to the meeting first.",
            power="present",
        )
    return attendance


def require_status(meeting: Meeting, *allowed: str, doing: str) -> None:
    if meeting.status not in allowed:
        raise Conflict(
            f"The meeting is {meeting.get_status_display()}, so you cannot {doing} now."
        )


def refuse_other_business(meeting: Meeting, item: AgendaItem | None, doing: str) -> None:
    """Members were given short notice of one matter only, so nothing else may be taken."""
    if not meeting.short_notice or (item is not None and item.urgent_matter):
        return
    matter = meeting.items.filter(urgent_matter=True).values_list("title", flat=True).first()
    named = f" ('{matter}')" if matter else ""
    raise Conflict(
        f"Rule {meeting.notice_rule}: this meeting was called at short notice for one urgent "
        f"matter{named} and may deal only with it, so you cannot {doing}. Other business needs "
        "a meeting called with the usual notice."
    )


def locked(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock: numbering motions and divisions takes turns."""
    return Meeting.objects.select_for_update(of=("self",)).select_related("body", "chair").get(
        pk=meeting.pk
    )
