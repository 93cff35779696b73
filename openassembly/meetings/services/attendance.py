"""Who came (in person or online), apologies, observers, proxies and the speakers' list."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count

from openassembly.core import clock, states
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.members.models import Member
from openassembly.rules.model import Proxies

from .. import constitution
from ..models import AgendaItem, Attendance, Meeting, Proxy, Speech
from ._common import (
    attendance_of,
    locked,
    require_active,
    require_chair,
    require_organiser,
    require_present,
    require_status,
    require_voting_member,
    same_organisation,
)

Mode = Attendance.Mode


def _record(meeting: Meeting, member: Member, *, mode: str, recorded_by: Member | None,
            actor: Member) -> Attendance:
    if mode not in Mode.values:
        raise InvalidInput(f"'{mode}' is not a way of attending: in-person, online or apologies.")
    role = (Attendance.Role.MEMBER if constitution.is_voting_member(meeting.body, member)
            else Attendance.Role.OBSERVER)
    with transaction.atomic():
        attendance, created = Attendance.objects.select_for_update().get_or_create(
            meeting=meeting, member=member,
            defaults={"organisation": meeting.organisation, "role": role, "mode": mode,
                      "recorded_at": clock.now(), "recorded_by": recorded_by},
        )
        if not created:
            if attendance.mode == mode:
                return attendance
            attendance.mode, attendance.role = mode, role
            attendance.recorded_at, attendance.recorded_by = clock.now(), recorded_by
            attendance.save(update_fields=["mode", "role", "recorded_at", "recorded_by"])
        append_event(meeting.organisation, kind="meeting.attendance", actor=actor.name, data={
            "meeting": meeting.pk, "member": member.pk, "name": member.name, "mode": mode,
            "role": role,
        })
    return attendance


@acts(Route.SELF)
def attend(actor: Member, *, meeting: Meeting, mode: str) -> Attendance:
    """Sign yourself in, in person or online; someone not on the body attends as an observer."""
    require_active(actor)
    same_organisation(meeting.organisation, actor)
    if mode == Mode.APOLOGIES:
        return send_apologies(actor, meeting=meeting)
    require_status(meeting, Meeting.Status.OPEN, doing="sign in")
    return _record(meeting, actor, mode=mode, recorded_by=None, actor=actor)


@acts(Route.OFFICE, power="chair-meeting")
def record_attendance(actor: Member, *, meeting: Meeting, member: Member,
                      mode: str) -> Attendance:
    """The chair or minute-taker records someone at the door (or their apologies)."""
    require_organiser(actor, meeting, "record attendance")
    same_organisation(meeting.organisation, member)
    require_status(meeting, Meeting.Status.CALLED, Meeting.Status.OPEN,
                   doing="record attendance")
    if member.status != Member.Status.ACTIVE:
        raise InvalidInput(f"{member.name} is not an active member.")
    return _record(meeting, member, mode=mode, recorded_by=actor, actor=actor)


PROXY = "proxy"


@acts(Route.OFFICE, power="chair-meeting")
def record_attendance_many(actor: Member, *, meeting: Meeting, marks: dict[int, str],
                           holders: dict[int, int] | None = None) -> list[Attendance]:
    """The chair or minute-taker ticks the body's roll at once: member id -> how they attend.

    A mark of "proxy" records that the member is absent and has appointed the member named in
    ``holders`` (appointer id -> holder id) to vote for them: the same rules as a member's own
    appointment (the constitution allows proxies, the holder sits on the body, nobody holds
    more than the rule allows), and the holder must be at the meeting, recorded earlier or
    marked present on this same list.

    All or nothing, in one transaction: a mark for someone who is not an active member of the
    organisation, or a proxy the rules refuse, refuses the whole list, naming them, so the roll
    is never half recorded."""
    holders = holders or {}
    require_organiser(actor, meeting, "record attendance")
    require_status(meeting, Meeting.Status.CALLED, Meeting.Status.OPEN,
                   doing="record attendance")
    bad = sorted(mode for mode in marks.values() if mode not in (*Mode.values, PROXY))
    if bad:
        raise InvalidInput(f"'{bad[0]}' is not a way of attending: in person, online, "
                           "apologies or by proxy.")
    people = {m.pk: m for m in Member.objects.filter(organisation=meeting.organisation,
                                                       pk__in=[*marks, *holders.values()])}
    missing = [pk for pk in [*marks, *holders.values()] if pk not in people]
    if missing:
        raise InvalidInput(f"Member {missing[0]} is not a member of this organisation.")
    inactive = [people[pk].name for pk in marks if people[pk].status != Member.Status.ACTIVE]
    if inactive:
        raise InvalidInput(f"{inactive[0]} is not an active member.")
    with transaction.atomic():
        # The meeting's row lock makes this list and any appointment made at the same moment
        # take turns, so the count of proxies a holder has cannot be read stale.
        locked(meeting)
        appointments = _bulk_proxies(meeting, marks, holders, people)
        recorded = [_record(meeting, people[pk], mode=Mode.APOLOGIES if mode == PROXY else mode,
                            recorded_by=actor, actor=actor)
                    for pk, mode in marks.items()]
        for appointer, holder, rules in appointments:
            _create_proxy(meeting, appointer=appointer, holder=holder, rules=rules, actor=actor)
        return recorded


def _bulk_proxies(meeting: Meeting, marks: dict[int, str], holders: dict[int, int],
                  people: dict[int, Member]) -> list[tuple[Member, Member, Proxies]]:
    """The proxies a roll records, each checked by the rules of a member's own appointment.

    Each refusal names the field of the row it is about (``holder-<id>``), so the page shows
    the reason by that row's picker."""
    wanted = [pk for pk, mode in marks.items() if mode == PROXY]
    if not wanted:
        return []
    first = wanted[0]
    rules = _proxy_rules(meeting, field=f"holder-{first}")
    existing = {p.appointer_id: p for p in meeting.proxies.select_related("holder")}
    held = dict(Proxy.objects.filter(meeting=meeting).values_list("holder_id")
                .annotate(n=Count("pk")).values_list("holder_id", "n"))
    present_now = set(Attendance.objects.filter(meeting=meeting).exclude(
        mode=Mode.APOLOGIES).values_list("member_id", flat=True))
    # Presence as it will be once this list is recorded: a mark here overrides the old one.
    present = {pk for pk in present_now if pk not in marks} | {
        pk for pk, mode in marks.items() if mode in (Mode.IN_PERSON, Mode.ONLINE)}
    out = []
    for pk in wanted:
        field = f"holder-{pk}"
        appointer = people[pk]
        holder_pk = holders.get(pk)
        if holder_pk is None:
            raise InvalidInput(f"Choose who holds {appointer.name}'s proxy.", field=field)
        holder = people[holder_pk]
        if pk in existing and existing[pk].holder_id == holder_pk:
            # The roll sent again with a proxy already on it (perhaps the member's own
            # appointment, made before the holder arrived): nothing new to check or record.
            continue
        if not constitution.is_voting_member(meeting.body, appointer):
            raise InvalidInput(
                f"Rule {rules.rule}: only a member of the {meeting.body.name} appoints a "
                f"proxy; {appointer.name} is not one.", field=field)
        _check_holder(meeting, rules, appointer=appointer, holder=holder, field=field)
        if holder_pk not in present:
            raise InvalidInput(
                f"{holder.name} is not recorded as present, so cannot hold "
                f"{appointer.name}'s proxy: mark them in person or online first.", field=field)
        if pk in existing:
            raise Conflict(f"{appointer.name} has appointed {existing[pk].holder.name} as "
                           "proxy for this meeting already.", field=field)
        held[holder_pk] = held.get(holder_pk, 0) + 1
        if held[holder_pk] > rules.most:
            raise Conflict(_over_limit(rules, holder, held[holder_pk] - 1), field=field)
        out.append((appointer, holder, rules))
    return out


@acts(Route.SELF)
def send_apologies(actor: Member, *, meeting: Meeting) -> Attendance:
    """Apologies are owed by those the meeting expects: the body's members. Anyone else would
    only put their name in the minutes' list of apologies, where it does not belong."""
    require_active(actor)
    same_organisation(meeting.organisation, actor)
    require_status(meeting, Meeting.Status.CALLED, Meeting.Status.OPEN, doing="send apologies")
    require_voting_member(actor, meeting, "send apologies")
    current = attendance_of(actor, meeting)
    if current is not None and current.present:
        raise Conflict("You are signed in to this meeting already.")
    return _record(meeting, actor, mode=Mode.APOLOGIES, recorded_by=None, actor=actor)


def _proxy_rules(meeting: Meeting, *, field: str = "") -> Proxies:
    """The body's proxy rules, or a refusal citing the body's rule where it allows none."""
    rules = constitution.spec(meeting.body).proxies
    if rules is None:
        refusal = PowerDenied(
            f"The constitution does not allow proxies at meetings of the {meeting.body.name}.",
            power="proxy", rule=meeting.body.rule,
        )
        refusal.field = field
        raise refusal
    return rules


def _check_holder(meeting: Meeting, rules: Proxies, *, appointer: Member, holder: Member,
                  field: str = "") -> None:
    if holder.pk == appointer.pk:
        raise InvalidInput("A proxy is someone else.", field=field)
    if not constitution.is_voting_member(meeting.body, holder):
        raise InvalidInput(
            f"Rule {rules.rule}: a proxy must be a member of the {meeting.body.name}; "
            f"{holder.name} is not.", field=field,
        )


def _over_limit(rules: Proxies, holder: Member, held: int) -> str:
    return (f"Rule {rules.rule}: nobody may hold more than {rules.most} "
            f"prox{'y' if rules.most == 1 else 'ies'}; {holder.name} holds {held} already.")


def _create_proxy(meeting: Meeting, *, appointer: Member, holder: Member, rules: Proxies,
                  actor: Member) -> Proxy:
    try:
        with transaction.atomic():
            proxy = Proxy.objects.create(
                organisation=meeting.organisation, meeting=meeting, appointer=appointer,
                holder=holder, rule=rules.rule, appointed_at=clock.now(),
            )
    except IntegrityError:
        raise Conflict(f"{appointer.name} has appointed a proxy for this meeting "
                       "already.") from None
    append_event(meeting.organisation, kind="meeting.proxy", actor=actor.name, data={
        "meeting": meeting.pk, "appointer": appointer.name, "holder": holder.name,
        "rule": rules.rule,
    })
    return proxy


@acts(Route.SELF)
def appoint_proxy(actor: Member, *, meeting: Meeting, holder: Member) -> Proxy:
    """Appoint another member of the body to vote for you at this one meeting."""
    require_active(actor)
    same_organisation(meeting.organisation, holder)
    rules = _proxy_rules(meeting)
    require_status(meeting, Meeting.Status.CALLED, Meeting.Status.OPEN, doing="appoint a proxy")
    require_voting_member(actor, meeting, "appoint a proxy")
    _check_holder(meeting, rules, appointer=actor, holder=holder)
    current = attendance_of(actor, meeting)
    if current is not None and current.present:
        raise Conflict("You are at the meeting, so you vote yourself; a proxy is for absence.")
    with transaction.atomic():
        # The meeting's row lock makes two appointments of one holder take turns.
        locked(meeting)
        held = Proxy.objects.filter(meeting=meeting, holder=holder).count()
        if held >= rules.most:
            raise Conflict(_over_limit(rules, holder, held))
        if Proxy.objects.filter(meeting=meeting, appointer=actor).exists():
            raise Conflict("You have appointed a proxy for this meeting already.")
        proxy = _create_proxy(meeting, appointer=actor, holder=holder, rules=rules,
                              actor=actor)
    if current is None:
        send_apologies(actor, meeting=meeting)
    return proxy


@acts(Route.SELF)
def ask_to_speak(actor: Member, *, item: AgendaItem, as_mover: bool = False) -> Speech:
    """Put your name on the speakers' list for an item (observers may speak too)."""
    meeting = item.meeting
    require_status(meeting, Meeting.Status.OPEN, doing="ask to speak")
    require_present(actor, meeting, "ask to speak")
    if item.speeches.filter(speaker=actor, status=Speech.Status.WAITING).exists():
        raise Conflict("You are on the speakers' list for this item already.")
    return _add_speech(actor, item=item, speaker=actor, as_mover=as_mover)


@acts(Route.OFFICE, power="chair-meeting")
def add_speaker(actor: Member, *, item: AgendaItem, speaker: Member,
                as_mover: bool = False) -> Speech:
    """The chair puts someone present on the list (someone in the room who raised a hand)."""
    meeting = item.meeting
    require_chair(actor, meeting, "manage the speakers' list")
    require_status(meeting, Meeting.Status.OPEN, doing="add a speaker")
    require_present(speaker, meeting, "speak")
    return _add_speech(actor, item=item, speaker=speaker, as_mover=as_mover)


def _add_speech(actor: Member, *, item: AgendaItem, speaker: Member, as_mover: bool) -> Speech:
    with transaction.atomic():
        speech = Speech.objects.create(
            organisation=item.organisation, item=item, speaker=speaker, as_mover=as_mover,
            requested_at=clock.now(),
        )
        append_event(item.organisation, kind="speakers.added", actor=actor.name, data={
            "meeting": item.meeting_id, "item": item.pk, "speaker": speaker.name,
        })
    return speech


_WHY_NOT_WAITING = {
    Speech.Status.SPEAKING: "is speaking now",
    Speech.Status.DONE: "has spoken already",
    Speech.Status.WITHDRAWN: "has left the speakers' list",
}


def _locked(speech: Speech) -> Speech:
    """The speech read again under its row lock, so two clicks cannot both move it."""
    return Speech.objects.select_for_update(of=("self",)).select_related("speaker").get(
        pk=speech.pk)


@acts(Route.OFFICE, power="chair-meeting")
def start_speech(actor: Member, *, speech: Speech) -> Speech:
    """Call the next speaker; their time limit comes from the standing orders."""
    meeting = speech.item.meeting
    require_chair(actor, meeting, "call speakers")
    require_status(meeting, Meeting.Status.OPEN, doing="call a speaker")
    orders = constitution.spec(meeting.body).standing_orders
    minutes = None
    if orders is not None:
        minutes = orders.mover_minutes if speech.as_mover else orders.speech_minutes
        minutes = minutes or orders.speech_minutes
    now = clock.now()
    with transaction.atomic():
        speech = _locked(speech)
        if speech.status != Speech.Status.WAITING:
            raise Conflict(f"{speech.speaker.name} {_WHY_NOT_WAITING[speech.status]}.")
        states.move_where(Speech.objects.filter(item__meeting=meeting),
                          from_=Speech.Status.SPEAKING, to=Speech.Status.DONE, ended_at=now)
        states.move(speech, Speech.Status.SPEAKING)
        speech.started_at = now
        speech.limit_seconds = minutes * 60 if minutes else None
        speech.limit_rule = orders.rule if orders is not None and minutes else ""
        speech.save(update_fields=["status", "started_at", "limit_seconds", "limit_rule"])
        append_event(meeting.organisation, kind="speakers.started", actor=actor.name, data={
            "meeting": meeting.pk, "item": speech.item_id, "speaker": speech.speaker.name,
            "limit_seconds": speech.limit_seconds,
        })
    return speech


@acts(Route.OFFICE, power="chair-meeting")
def end_speech(actor: Member, *, speech: Speech) -> Speech:
    meeting = speech.item.meeting
    require_chair(actor, meeting, "end a speech")
    with transaction.atomic():
        speech = _locked(speech)
        if speech.status not in (Speech.Status.SPEAKING, Speech.Status.WAITING):
            raise Conflict("That speech is over already.")
        was_speaking = speech.status == Speech.Status.SPEAKING
        states.move(speech, Speech.Status.DONE if was_speaking else Speech.Status.WITHDRAWN)
        speech.ended_at = clock.now()
        speech.save(update_fields=["status", "ended_at"])
        append_event(meeting.organisation, kind="speakers.ended", actor=actor.name, data={
            "meeting": meeting.pk, "item": speech.item_id, "speaker": speech.speaker.name,
            "seconds": speech.seconds, "overran": speech.overran,
        })
    return speech
