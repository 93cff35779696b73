"""Reads on meetings' rights: when members may call a meeting they requisitioned, and who may
cancel or postpone one (rules/meeting_rights.py says what the constitution provides).

Nothing here changes state: the services (services/requisitions.py, services/cancelling.py),
the pages and the compliance record all ask these same questions, so each is answered once.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, Q

from openassembly.bodies.models import Body, SeatHolding
from openassembly.core import clock
from openassembly.core.authority import AuthorityRefused
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import Organisation
from openassembly.members.models import Member
from openassembly.rules import meeting_rights
from openassembly.rules.questions import Answer, requisition_right

from .models import Meeting, Requisition

KIND = "cancel-meeting"  # the two-officer act's kind, and the power the officers need


def last_met(body: Body):
    """When the body last met (a meeting that opened), or None."""
    return (Meeting.objects.filter(body=body, status__in=[Meeting.Status.OPEN,
                                                         Meeting.Status.CLOSED])
            .aggregate(last=Max("starts_at"))["last"])


def right_arisen(body: Body, spec: meeting_rights.Requisition) -> Answer:
    last = last_met(body)
    return requisition_right(
        spec, body_name=body.name, last_meeting=last.date() if last else None,
        since=body.established_on, today=clock.today())


def may_self_call(requisition: Requisition, *, now=None) -> Answer:
    """May the members who signed call the meeting themselves now?"""
    now = now or clock.now()
    rule = requisition.rule
    if requisition.status == Requisition.Status.OPEN:
        return Answer(False, rule, f"Rule {rule}: the requisition has "
                                                  f"{requisition.signatures.count()} of the "
                                                  f"{requisition.needed} signatures it needs.")
    if requisition.status == Requisition.Status.MET:
        return Answer(False, rule, "The meeting it required is called already.")
    if now < requisition.call_by:
        return Answer(False, rule, (
            f"Rule {rule}: the officers have until {requisition.call_by:%d %B %Y %H:%M} to call "
            "the meeting; only if they have not may the members who signed call it."))
    return Answer(True, rule, f"Rule {rule}: the members who signed may call it.")


def rules_for(meeting: Meeting) -> meeting_rights.Cancellation:
    return meeting_rights.cancellation(meeting.organisation.constitution,
                                       fallback_rule=meeting.body.rule)


def who(meeting: Meeting) -> str:
    """Who may cancel a meeting, in the constitution's words with the bodies' names."""
    rules = rules_for(meeting)
    name = ""
    if rules.officers_of:
        try:
            name = meeting.organisation.constitution.body(rules.officers_of).name
        except KeyError:
            name = rules.officers_of
    return rules.who(name)


def doing(postpone_to: datetime | None) -> str:
    return "postponed" if postpone_to is not None else "cancelled"


def check_cancellable(meeting: Meeting, *, reason: str, postpone_to: datetime | None) -> None:
    """What any cancellation must meet, whoever makes it."""
    rules = rules_for(meeting)
    what = doing(postpone_to)
    if meeting.status != Meeting.Status.CALLED:
        raise Conflict(f"The meeting is {meeting.get_status_display()}, so it cannot be "
                       f"{what} now.")
    if meeting.requisition_id is not None and not rules.requisitioned:
        raise AuthorityRefused(
            f"Rule {rules.rule}: a meeting called on a requisition may not be {what} by "
            "anyone: the members who required it are entitled to it.", rule=rules.rule)
    if not reason.strip():
        raise InvalidInput(f"Rule {rules.rule}: say why the meeting is {what}; the reason is "
                           "published.", field="reason")
    if postpone_to is not None:
        if postpone_to.tzinfo is None or postpone_to.utcoffset() is None:
            raise InvalidInput("Give the new date and time with a time zone.",
                               field="postpone_to")
        if postpone_to <= meeting.starts_at:
            raise InvalidInput("A postponed meeting must be later than it was called for; an "
                               "earlier one needs a new meeting with full notice.",
                               field="postpone_to")


def is_officer_of(member: Member, body_key: str) -> bool:
    """Does ``member`` hold an officer's seat of ``body_key`` today?"""
    today = clock.today()
    return SeatHolding.objects.filter(
        organisation_id=member.organisation_id, member=member, seat_group__body__key=body_key,
        seat_group__officer=True, seat_group__active=True, starts_on__lte=today,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today)).exists()


def officers_body(member: Member, rules: meeting_rights.Cancellation) -> str:
    try:
        return member.organisation.constitution.body(rules.officers_of).name
    except KeyError:
        return rules.officers_of


def require_officer(rules: meeting_rights.Cancellation, member: Member, what: str) -> None:
    if member.status != Member.Status.ACTIVE or not is_officer_of(member, rules.officers_of):
        raise PowerDenied(f"Rule {rules.rule}: only officers of the "
                          f"{officers_body(member, rules)} may {what}; "
                          f"{member.name} holds no officer's seat there.",
                          power=KIND, rule=rules.rule)


def meeting_of(organisation: Organisation, payload: dict) -> Meeting:
    meeting = (Meeting.objects.select_related("body", "organisation")
               .filter(organisation=organisation, pk=payload.get("meeting") or 0).first())
    if meeting is None:
        raise InvalidInput("No such meeting.")
    return meeting


def postpone_to_of(payload: dict) -> datetime | None:
    value = payload.get("postpone_to") or ""
    return datetime.fromisoformat(value) if value else None


def check_proposal(organisation: Organisation, payload: dict) -> None:
    meeting = meeting_of(organisation, payload)
    check_cancellable(meeting, reason="proposed", postpone_to=postpone_to_of(payload))


def summary(organisation: Organisation, payload: dict) -> str:
    meeting = meeting_of(organisation, payload)
    to = postpone_to_of(payload)
    if to is not None:
        return (f"Postpone {meeting.title} (meeting {meeting.number} of the {meeting.body.name}) "
                f"to {to:%d %B %Y %H:%M}")
    return f"Cancel {meeting.title} (meeting {meeting.number} of the {meeting.body.name})"
