"""Calling a meeting, its agenda, private items, and opening and closing it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max

from openassembly.bodies.models import Body
from openassembly.core import clock, states
from openassembly.core.authority import (
    Authority,
    AuthorityRefused,
    Route,
    acts,
    plain,
    reread,
)
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.powers import require_power
from openassembly.core.text import plain_name
from openassembly.members.models import Member
from openassembly.rules import meeting_rights
from openassembly.rules.questions import notice_ok

from .. import constitution
from ..models import AgendaItem, Division, Mailing, Meeting, Requisition, Speech, Withholding
from ..rights import may_self_call, right_arisen
from ..tasks import enqueue_meeting_mail
from ..text import clean_markdown, render
from ._common import (
    locked,
    refuse_other_business,
    require_active,
    require_chair,
    require_organiser,
    require_status,
    same_organisation,
)

# A chair may open the meeting a little early (people arrive); not days early.
OPEN_EARLY = timedelta(hours=1)


def _aware(moment: datetime, name: str) -> datetime:
    if moment is None or moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(f"Give the {name} as a date and time with a time zone.")
    return moment


def _notice(body: Body, *, called_at: datetime, starts_at: datetime, urgent: bool,
            urgency_reason: str) -> tuple[bool, str, str]:
    """(short notice?, rule, reason) for a meeting that may be called; refuse one that may not."""
    rules = constitution.spec(body)
    usual = notice_ok(rules, called_at=called_at, meeting_at=starts_at)
    if usual.ok:
        return False, usual.rule, usual.reason
    if not urgent:
        if rules.urgency_rule is not None:
            hint = (f" Rule {rules.urgency_rule} allows an urgent meeting at "
                    f"{rules.urgent_notice_hours} hours' notice if the notice says why it "
                    "cannot wait: tick 'urgent' and give the reason.")
        else:
            hint = f" The {body.name} has no urgency procedure, so it cannot meet sooner."
        raise InvalidInput(f"Not enough notice. {usual.reason}{hint}")
    urgent_answer = notice_ok(rules, called_at=called_at, meeting_at=starts_at, urgent=True)
    if not urgent_answer.ok:
        raise InvalidInput(f"Not enough notice, even for an urgent meeting. {urgent_answer.reason}")
    if not urgency_reason.strip():
        raise InvalidInput(
            f"Rule {urgent_answer.rule}: the notice of an urgent meeting must say why the "
            "matter cannot wait. Give the reason."
        )
    return True, urgent_answer.rule, (
        f"Called at short notice under the urgency procedure. {urgent_answer.reason} "
        f"(Usually: {usual.reason})"
    )


def _urgent_agenda(rule: str, matter: str,
                   items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The agenda of an urgent meeting: the one matter it was called for, and nothing else."""
    matter = matter.strip()[:200]
    if not matter:
        if len(items) == 1:
            return items
        if not items:
            raise InvalidInput(
                f"Rule {rule}: an urgent meeting deals only with the matter that cannot wait. "
                "Say what that matter is."
            )
        matter = items[0][0]
    other = [title for title, _ in items if title != matter]
    if other:
        raise InvalidInput(
            f"Rule {rule}: an urgent meeting may deal only with the matter that cannot wait "
            f"('{matter}'), so '{other[0]}' cannot be on its agenda. Other business needs a "
            "meeting called with the usual notice."
        )
    return [(matter, next((d for t, d in items if t == matter), ""))]


def _answering(organisation: Organisation, body: Body, actor: Member,
               requisition: Requisition | None, authority: Authority | None,
               starts_at: datetime) -> tuple[Requisition | None, str]:
    """(the requisition the meeting answers, the authority in words); refuse one it may not."""
    if authority is None:
        require_power(organisation, actor, "call-meeting")
        if requisition is None:
            return None, ""
        same_organisation(organisation, requisition)
        requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
        if requisition.body_id != body.pk:
            raise InvalidInput(f"Requisition {requisition.pk} is of the "
                               f"{requisition.body.name}, not the {body.name}.", field="body")
        if requisition.status != Requisition.Status.COMPLETE:
            raise Conflict(f"Requisition {requisition.pk} is "
                           f"{requisition.get_status_display()}: there is nothing to answer.")
        if requisition.hold_by is not None and starts_at > requisition.hold_by:
            raise InvalidInput(
                f"Rule {requisition.rule}: the meeting a requisition requires must be held by "
                f"{requisition.hold_by:%d %B %Y}; a later date does not answer it.",
                field="starts_at")
        return requisition, f"answering requisition {requisition.pk} under rule {requisition.rule}"
    # Read again from this organisation's requisitions: never the caller's facts (its signers).
    authority = reread(organisation, authority, Route.REQUISITION, act="Calling a meeting "
                       "without the power to call meetings", field="requisition")
    requisition = Requisition.objects.select_for_update().select_related("body").get(
        pk=authority.facts["requisition"], organisation=organisation)
    rule = requisition.rule
    if requisition.body_id != body.pk:
        raise AuthorityRefused(f"Rule {rule}: requisition {requisition.pk} requires a meeting of "
                               f"the {requisition.body.name}, not the {body.name}.", rule=rule,
                               field="body")
    if actor.pk not in authority.facts["signers"]:
        raise PowerDenied(f"Rule {rule}: only the members who signed requisition "
                          f"{requisition.pk} may call the meeting it requires.",
                          power="requisition", rule=rule)
    allowed = may_self_call(requisition)
    if not allowed.ok:
        raise AuthorityRefused(allowed.reason, rule=rule)
    spec = meeting_rights.requisition(organisation.constitution, requisition.kind)
    arisen = right_arisen(body, spec)
    if not arisen.ok:  # the body met after the requisition was made: the right has gone
        raise AuthorityRefused(arisen.reason, rule=rule)
    return requisition, authority.text


def _office(organisation: Organisation, answering: str) -> Authority:
    try:
        rule = organisation.constitution.power("call-meeting").rule
    except KeyError:
        rule = ""
    text = "using an officer's power to call meetings" + (f", {answering}" if answering else "")
    return plain(Route.OFFICE, text, rule=rule)


@acts(Route.OFFICE, Route.REQUISITION, power="call-meeting")
def call_meeting(
    actor: Member,
    *,
    organisation: Organisation,
    body: Body,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    online_url: str = "",
    agenda: list[tuple[str, str]] | None = None,
    chair: Member | None = None,
    minute_taker: Member | None = None,
    urgent: bool = False,
    urgency_reason: str = "",
    urgent_matter: str = "",
    requisition: Requisition | None = None,
    authority: Authority | None = None,
) -> Meeting:
    """Call a meeting of ``body``, with the notice the constitution requires, and queue the
    notice to every member of the body (meetings/tasks.py).

    An officer with the power to call meetings calls it (answering ``requisition``, if given);
    members who signed a complete requisition call it themselves with the requisition as
    ``authority`` once the officers' time has passed. A meeting called at short notice under
    the urgency rule has one item, the urgent matter (``urgent_matter``, or the agenda's only
    item), and may deal with nothing else.
    """
    require_active(actor)
    same_organisation(organisation, body)
    with transaction.atomic():
        return _call(actor, organisation=organisation, body=body, title=title,
                     starts_at=starts_at, ends_at=ends_at, place=place, online_url=online_url,
                     agenda=agenda, chair=chair, minute_taker=minute_taker, urgent=urgent,
                     urgency_reason=urgency_reason, urgent_matter=urgent_matter,
                     requisition=requisition, authority=authority)


def _call(actor: Member, *, organisation: Organisation, body: Body, title: str,
          starts_at: datetime, ends_at: datetime | None, place: str, online_url: str,
          agenda: list[tuple[str, str]] | None, chair: Member | None,
          minute_taker: Member | None, urgent: bool, urgency_reason: str, urgent_matter: str,
          requisition: Requisition | None, authority: Authority | None) -> Meeting:
    starts_at = _aware(starts_at, "start")
    requisition, called_under = _answering(organisation, body, actor, requisition, authority,
                                           starts_at)
    chair = chair or actor
    minute_taker = minute_taker or actor
    same_organisation(organisation, body, chair, minute_taker)
    for person in (chair, minute_taker):
        if person.status != Member.Status.ACTIVE:
            raise InvalidInput(f"{person.name} is not an active member.")
    if ends_at is not None and _aware(ends_at, "end") <= starts_at:
        raise InvalidInput("The meeting must end after it starts.")
    title = plain_name(title, what="meeting's title", field="title")
    if not title:
        raise InvalidInput("Give the meeting a title.", field="title")
    if not place.strip() and not online_url.strip():
        raise InvalidInput("Say where the meeting is: a place, an online link, or both.")
    called_at = clock.now()
    short, rule, reason = _notice(body, called_at=called_at, starts_at=starts_at,
                                  urgent=urgent, urgency_reason=urgency_reason)
    items = [(t.strip(), clean_markdown(d, field="item description"))
             for t, d in (agenda or []) if t.strip()]
    if short:
        items = _urgent_agenda(rule, urgent_matter, items)
    with transaction.atomic():
        Body.objects.select_for_update().filter(pk=body.pk).get()
        number = (Meeting.objects.filter(body=body).aggregate(n=Max("number"))["n"] or 0) + 1
        meeting = Meeting.objects.create(
            organisation=organisation, body=body, number=number, title=title.strip(),
            starts_at=starts_at, ends_at=ends_at, place=place.strip(),
            online_url=online_url.strip(), called_by=actor, called_at=called_at, chair=chair,
            minute_taker=minute_taker, urgent=short, urgency_reason=urgency_reason.strip()
            if short else "", short_notice=short, notice_rule=rule, notice_reason=reason,
            requisition=requisition, called_under=called_under,
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(organisation=organisation, meeting=meeting, position=i, title=t,
                       description=d, description_html=render(d), added_by=actor,
                       added_at=called_at, urgent_matter=short)
            for i, (t, d) in enumerate(items, start=1)
        )
        append_event(organisation, kind="meeting.called", actor=actor.name, data={
            "meeting": meeting.pk, "body": body.key, "number": number, "title": meeting.title,
            "starts_at": starts_at.isoformat(), "place": meeting.place,
            "online": bool(meeting.online_url), "chair": chair.name,
            "minute_taker": minute_taker.name, "short_notice": short,
            "urgency_reason": meeting.urgency_reason,
            "urgent_matter": items[0][0] if short else "", "notice_rule": rule,
            "notice": reason, "agenda": [t for t, _ in items],
            **({"requisition": requisition.pk} if requisition is not None else {}),
        }, authority=authority or _office(organisation, called_under))
        if requisition is not None:
            states.move(requisition, Requisition.Status.MET)
            requisition.save(update_fields=["status"])
        # The notice is given when it reaches the members, not when it is dated.
        enqueue_meeting_mail(meeting, Mailing.Kind.NOTICE, started_by=actor)
    return meeting


@acts(Route.OFFICE, power="chair-meeting")
def add_item(actor: Member, *, meeting: Meeting, title: str, description: str = "") -> AgendaItem:
    """Add an item to the agenda; one added after the notice went out is marked so."""
    require_organiser(actor, meeting, "add to the agenda")
    require_status(meeting, Meeting.Status.CALLED, Meeting.Status.OPEN, doing="add an item")
    refuse_other_business(meeting, None, "add an item to its agenda")
    title = plain_name(title, what="item's title", field="title")
    if not title:
        raise InvalidInput("Give the item a title.", field="title")
    description = clean_markdown(description, field="item description")
    with transaction.atomic():
        meeting = locked(meeting)
        position = (meeting.items.aggregate(n=Max("position"))["n"] or 0) + 1
        item = AgendaItem.objects.create(
            organisation=meeting.organisation, meeting=meeting, position=position,
            title=title.strip(), description=description, description_html=render(description),
            added_by=actor, added_at=clock.now(), after_notice=True,
        )
        append_event(meeting.organisation, kind="agenda.item_added", actor=actor.name, data={
            "meeting": meeting.pk, "item": item.pk, "position": position, "title": item.title,
            "after_notice": True,
        })
    return item


@acts(Route.OFFICE, power="chair-meeting")
def take_in_private(actor: Member, *, item: AgendaItem, ground: str) -> Withholding:
    """Take an item in private, only on a ground the constitution gives; the item stays listed."""
    meeting = item.meeting
    require_chair(actor, meeting, "take an item in private")
    require_status(meeting, Meeting.Status.CALLED, Meeting.Status.OPEN,
                   doing="take an item in private")
    grounds = meeting.organisation.constitution.private_business
    if not grounds:
        raise InvalidInput("The constitution allows no private business: every item is public.")
    try:
        rule = meeting.organisation.constitution.private_ground(ground)
    except KeyError:
        allowed = "; ".join(f"{g.name} (rule {g.rule})" for g in grounds)
        raise InvalidInput(
            f"'{ground}' is not a ground the constitution allows for private business. "
            f"It allows only: {allowed}."
        ) from None
    if item.is_private:
        raise Conflict("This item is being taken in private already.")
    if item.motions.exclude(status__in=["moved", "seconded"]).exists() or item.speeches.exists():
        raise Conflict("Business on this item has begun in public; it cannot be made private now.")
    with transaction.atomic():
        item.private_ground = rule.key
        item.private_rule = rule.rule
        item.private_outcome_public = rule.outcome_public
        item.save(update_fields=["private_ground", "private_rule", "private_outcome_public"])
        entry = Withholding.objects.create(
            organisation=meeting.organisation, kind=Withholding.Kind.PRIVATE_ITEM,
            meeting=meeting, item=item,
            description=f"Item {item.position}, '{item.title}': the discussion, motions and "
                        f"how members voted" + ("" if rule.outcome_public else ", and the outcome"),
            ground=rule.name, rule=rule.rule, decided_by=actor.name, decided_at=clock.now(),
            outcome_public=rule.outcome_public,
        )
        append_event(meeting.organisation, kind="agenda.item_private", actor=actor.name, data={
            "meeting": meeting.pk, "item": item.pk, "title": item.title, "ground": rule.name,
            "rule": rule.rule, "outcome_public": rule.outcome_public,
        })
    return entry


@acts(Route.OFFICE, power="chair-meeting")
def open_meeting(actor: Member, *, meeting: Meeting) -> Meeting:
    require_chair(actor, meeting, "open the meeting")
    now = clock.now()
    if now < meeting.starts_at - OPEN_EARLY:
        raise Conflict(
            f"The meeting was called for {meeting.starts_at:%d %B %Y %H:%M}; it cannot open "
            "more than an hour before that, or members who came on time would miss business."
        )
    with transaction.atomic():
        meeting = locked(meeting)
        states.move(meeting, Meeting.Status.OPEN)
        meeting.opened_at = now
        meeting.save(update_fields=["status", "opened_at"])
        append_event(meeting.organisation, kind="meeting.opened", actor=actor.name,
                     data={"meeting": meeting.pk})
    return meeting


@acts(Route.OFFICE, power="chair-meeting")
def close_meeting(actor: Member, *, meeting: Meeting) -> Meeting:
    require_chair(actor, meeting, "close the meeting")
    with transaction.atomic():
        meeting = locked(meeting)
        if meeting.divisions.filter(status=Division.Status.OPEN).exists():
            raise Conflict("A vote is still open; close it before closing the meeting.")
        states.move(meeting, Meeting.Status.CLOSED)
        meeting.closed_at = clock.now()
        meeting.save(update_fields=["status", "closed_at"])
        states.move_where(Speech.objects.filter(item__meeting=meeting),
                          from_=Speech.Status.SPEAKING, to=Speech.Status.DONE,
                          ended_at=meeting.closed_at)
        append_event(meeting.organisation, kind="meeting.closed", actor=actor.name,
                     data={"meeting": meeting.pk})
    return meeting
