"""Reads for the meeting pages, the registers and a person's public record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import formats

from openassembly.core import clock
from openassembly.core.models import Organisation
from openassembly.core.powers import powers_of
from openassembly.members.models import Member

from . import constitution
from .models import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    Division,
    Elector,
    Meeting,
    Minutes,
    Motion,
    Paper,
    PaperVersion,
    Speech,
    Vote,
    Withholding,
)
from .text import changes_html


def meetings(organisation: Organisation, *, body=None):
    queryset = Meeting.objects.filter(organisation=organisation).select_related("body", "chair")
    if body is not None:
        queryset = queryset.filter(body=body)
    return queryset.order_by("-starts_at")


def meeting_cards(queryset, organisation: Organisation) -> list[Meeting]:
    """The meetings for the list of cards, each with ``next_step``: what happens next to it,
    in words (the minutes ride along in the same query)."""
    now, rules = clock.now(), organisation.constitution
    cards = list(queryset.select_related("minutes"))
    for meeting in cards:
        meeting.next_step = _next_step(meeting, now, rules)
    return cards


def _next_step(meeting: Meeting, now, rules) -> str:
    from django.utils.timesince import timeuntil

    Status = Meeting.Status
    if meeting.status == Status.CANCELLED:
        return "Cancelled: it will not meet."
    if meeting.status == Status.OPEN:
        return "In session now: follow it live."
    if meeting.status == Status.CALLED:
        if meeting.starts_at > now:
            return f"Next: it meets in {timeuntil(meeting.starts_at, now, depth=1)}."
        return "Next: the chair opens the meeting."
    minutes = getattr(meeting, "minutes", None)
    if minutes is not None and minutes.status == Minutes.Status.APPROVED:
        return "Done: its minutes are approved."
    if minutes is not None and minutes.status == Minutes.Status.PUBLISHED:
        return "Next: a later meeting approves its minutes."
    try:
        days = rules.body(meeting.body.key).minutes_days
    except KeyError:  # a body the constitution no longer names sets no deadline
        days = None
    if days is not None:
        due = (meeting.closed_at or meeting.starts_at) + timedelta(days=days)
        late = "were due" if due < now else "are due"
        return f"Next: its minutes, which {late} by {formats.date_format(due, 'j F Y')}."
    return "Next: its minutes."


@dataclass
class Viewer:
    """Who is looking, and so which controls and private business they see."""

    member: Member | None
    is_chair: bool = False
    is_minute_taker: bool = False
    is_organiser: bool = False
    voting_member: bool = False
    attendance: Attendance | None = None
    proxies_held: list[str] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return self.attendance is not None and self.attendance.present

    @property
    def sees_private(self) -> bool:
        # Private business is for the body it was taken by; the public sees that it happened.
        return self.voting_member or self.is_chair or self.is_minute_taker


def viewer(meeting: Meeting, member: Member | None) -> Viewer:
    if member is None or member.organisation_id != meeting.organisation_id:
        return Viewer(None)
    return Viewer(
        member,
        is_chair=member.pk == meeting.chair_id,
        is_minute_taker=member.pk == meeting.minute_taker_id,
        is_organiser=member.pk in (meeting.chair_id, meeting.minute_taker_id)
        or "call-meeting" in powers_of(member),
        voting_member=constitution.is_voting_member(meeting.body, member),
        attendance=Attendance.objects.filter(meeting=meeting, member=member).first(),
        proxies_held=list(meeting.proxies.filter(holder=member)
                          .values_list("appointer__name", flat=True)),
    )


@dataclass
class MotionView:
    motion: Motion
    children: list[MotionView]
    changes: str = ""


def _motion_tree(motions: list[Motion]) -> list[MotionView]:
    views = {m.pk: MotionView(m, []) for m in motions}
    roots = []
    for m in motions:
        view = views[m.pk]
        if m.kind == Motion.Kind.SUBSTANTIVE and m.text != m.original_text:
            view.changes = changes_html(m.original_text, m.text)
        if m.parent_id and m.parent_id in views:
            views[m.parent_id].children.append(view)
        else:
            roots.append(view)
    for view in views.values():
        view.children.sort(key=lambda v: (v.motion.kind, v.motion.position))
    return roots


def meeting_page(meeting: Meeting) -> dict:
    """Everything on a meeting's public page, in a fixed number of queries."""
    versions = PaperVersion.objects.defer("pdf", "markdown").order_by("number")
    papers = Paper.objects.filter(meeting=meeting).prefetch_related(
        Prefetch("versions", queryset=versions))
    motions = list(
        Motion.objects.filter(meeting=meeting)
        .select_related("mover", "seconder", "adopted_version", "decision")
        .prefetch_related(Prefetch("divisions", queryset=Division.objects.order_by("number")))
        .order_by("number")
    )
    items = list(
        AgendaItem.objects.filter(meeting=meeting).order_by("position").prefetch_related(
            Prefetch("papers", queryset=papers, to_attr="paper_list"),
            Prefetch("speeches", queryset=Speech.objects.select_related("speaker"),
                     to_attr="speech_list"),
        )
    )
    tree = _motion_tree(motions)
    for item in items:
        item.motion_views = [v for v in tree if v.motion.item_id == item.pk]
    attendance = list(meeting.attendance.select_related("member"))
    return {
        "items": items,
        "general_papers": [p for p in papers if p.item_id is None],
        "present": [a for a in attendance if a.present and a.role == Attendance.Role.MEMBER],
        "observers": [a for a in attendance if a.present and a.role == Attendance.Role.OBSERVER],
        "apologies": [a for a in attendance if not a.present],
        "proxies": list(meeting.proxies.select_related("appointer", "holder")),
        "points": list(meeting.points.select_related("raised_by", "ruled_by")),
        "divisions": [d for m in motions for d in m.divisions.all()],
        "open_division": next((d for m in motions for d in m.divisions.all() if d.is_open),
                              None),
        "minutes": Minutes.objects.filter(meeting=meeting).first(),
        "withholdings": list(meeting.withholdings.all()),
    }


def readable_minutes(meeting: Meeting, who: Viewer) -> Minutes | None:
    """The meeting's minutes as this viewer may read them, or None.

    A draft is the minute-taker's working text, not yet the record: only they and the chair
    read it. That one was drafted is public (the meeting page and the ledger say so); its
    words are not, so everyone else is answered as if there were no minutes yet.
    """
    minutes = (Minutes.objects.filter(meeting=meeting)
               .select_related("published_by", "approved_by__meeting").first())
    if (minutes is not None and minutes.status == Minutes.Status.DRAFT
            and not (who.is_minute_taker or who.is_chair)):
        return None
    return minutes


def division_status(division: Division) -> dict:
    """What the projector shows: how many of the roll have voted; the result once closed."""
    voted = (division.eligible if division.method == Division.Method.HANDS and
             not division.is_open else Elector.objects.filter(division=division,
                                                              voted=True).count())
    return {"division": division, "voted": voted, "eligible": division.eligible}


def my_votes(division: Division, member: Member | None) -> list[Elector]:
    """The roll entries this member casts (their own and any proxies), with voted flags."""
    if member is None:
        return []
    return list(Elector.objects.filter(division=division, caster=member)
                .select_related("member"))


def named_votes(division: Division) -> list[Vote]:
    return list(division.votes.select_related("member", "cast_by").order_by("member__name"))


def did_not_vote(division: Division) -> list[Elector]:
    """Who was on the roll of a closed named (or card) vote and cast no vote.

    Only where the vote is named: how each member voted is public there, so who did not vote
    is too. A secret ballot's roll is kept for the count of who voted, but the page does not
    list its members, and a show of hands has no roll.
    """
    if division.is_open or division.method not in (Division.Method.NAMED, Division.Method.CARD):
        return []
    return list(Elector.objects.filter(division=division, voted=False).select_related("member")
                .order_by("member__name", "member_id"))


def decisions(organisation: Organisation):
    return (Decision.objects.filter(organisation=organisation)
            .select_related("meeting__body", "motion", "body")
            .prefetch_related(Prefetch("actions", queryset=Action.objects.select_related(
                "owner").order_by("due_on", "pk")))
            .order_by("-number"))


def withheld(organisation: Organisation):
    return (Withholding.objects.filter(organisation=organisation)
            .select_related("meeting__body").order_by("-decided_at", "-pk"))


def person_record(member: Member) -> dict:
    """A person's public attendance and named votes (never their secret ballots)."""
    attended = (Attendance.objects.filter(member=member)
                .select_related("meeting__body").order_by("-meeting__starts_at"))
    votes = (Vote.objects.filter(member=member)
             .exclude(division__motion__item__private_ground__gt="")
             .select_related("division__meeting", "division__motion", "cast_by")
             .order_by("-division__opened_at"))
    return {"attended": attended[:100], "votes": votes[:200]}


def overdue_action_count(organisation: Organisation) -> int:
    return Action.objects.filter(organisation=organisation, done_on__isnull=True,
                                 due_on__lt=clock.today()).count()


def attendance_counts(meeting: Meeting) -> dict:
    return meeting.attendance.aggregate(
        present=Count("pk", filter=~Q(mode=Attendance.Mode.APOLOGIES)),
        apologies=Count("pk", filter=Q(mode=Attendance.Mode.APOLOGIES)),
    )


@dataclass
class Console:
    """What the chair watches while the meeting sits: the business in hand, who is here, the
    speakers, points of order waiting for a ruling and the vote that is open."""

    now: datetime  # when it was drawn: the speakers' countdowns start from the server's clock
    present: int
    quorum: object
    item: AgendaItem | None
    motion: Motion | None
    queue: list[Speech]
    waiting_points: list
    ruled_points: list
    division: Division | None
    tally: dict[str, int] | None
    not_voted: list[str]
    mine: list[Elector]


def time_left(seconds: int) -> str:
    """A speaker's remaining time in words, or how far over they are; static/openassembly/
    timer.js writes the same words as it counts down, so the page reads alike either way."""
    span = duration_words(abs(seconds))
    return f"over time by {span}" if seconds < 0 else f"{span} left"


def timed(speech: Speech, now: datetime) -> Speech:
    """The speech with when its time runs out, the seconds left (negative when over) and both
    in words, for the console and the projector (timer.js counts on from them)."""
    speech.until = (speech.started_at + timedelta(seconds=speech.limit_seconds)
                    if speech.started_at and speech.limit_seconds else None)
    speech.left = (speech.limit_seconds - int((now - speech.started_at).total_seconds())
                   if speech.until is not None else None)
    speech.left_words = time_left(speech.left) if speech.left is not None else ""
    speech.allowed_words = duration_words(speech.limit_seconds or 0)
    return speech


def speaking_now(meeting: Meeting, now: datetime) -> Speech | None:
    """Who has the floor, timed, for the projector."""
    speech = (Speech.objects.filter(item__meeting=meeting, status=Speech.Status.SPEAKING)
              .select_related("speaker").order_by("-started_at").first())
    return timed(speech, now) if speech is not None else None


def duration_words(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    if not minutes:
        return f"{secs} s"
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def console(meeting: Meeting, who: Viewer) -> Console:
    from openassembly.rules.questions import quorate

    voters = constitution.voting_members(meeting.body)
    present = sum(1 for member_id in meeting.attendance.filter(
        role=Attendance.Role.MEMBER).exclude(mode=Attendance.Mode.APOLOGIES)
        .values_list("member_id", flat=True) if member_id in voters)
    quorum = quorate(constitution.spec(meeting.body), present=present,
                     seats_filled=constitution.seats_filled(meeting.body))
    division = (meeting.divisions.filter(status=Division.Status.OPEN)
                .select_related("motion__item").first())
    item, motion = _business_in_hand(meeting, division)
    queue = (list(Speech.objects.filter(item=item, status__in=[Speech.Status.WAITING,
                                                                Speech.Status.SPEAKING])
                  .select_related("speaker").order_by("-status", "requested_at", "pk"))
             if item is not None else [])
    now = clock.now()
    for speech in queue:
        timed(speech, now)
    points = list(meeting.points.select_related("raised_by", "ruled_by").order_by("-pk"))
    tally, not_voted, mine = None, [], []
    if division is not None and division.method != Division.Method.HANDS:
        if division.method == Division.Method.NAMED:
            # A secret ballot's running totals would let anyone watching tell who voted how
            # from the order the votes came in; only a named vote's tally shows as it goes.
            counts = dict(division.votes.values_list("choice").annotate(n=Count("pk"))
                          .values_list("choice", "n"))
            tally = {c: counts.get(c, 0) for c in ("for", "against", "abstain")}
        not_voted = list(Elector.objects.filter(division=division, voted=False)
                         .order_by("member__name").values_list("member__name", flat=True))
        mine = my_votes(division, who.member)
    return Console(now, present, quorum, item, motion, queue,
                   [p for p in points if p.status == "raised"],
                   [p for p in points if p.status != "raised"][:5],
                   division, tally, not_voted, mine)


def _business_in_hand(meeting: Meeting, division: Division | None):
    """The item and motion before the meeting: the one being voted on, else the item someone
    is speaking to, else the latest motion still open, else the first item."""
    if division is not None:
        return division.motion.item, division.motion
    speaking = (Speech.objects.filter(item__meeting=meeting, status=Speech.Status.SPEAKING)
                .select_related("item").first())
    open_motion = (Motion.objects.filter(meeting=meeting, status__in=[
        Motion.Status.MOVED, Motion.Status.SECONDED])
        .select_related("item", "parent", "mover", "seconder").order_by("-number").first())
    if speaking is not None:
        item = speaking.item
        if open_motion is not None and open_motion.item_id != item.pk:
            open_motion = None
        return item, open_motion
    if open_motion is not None:
        return open_motion.item, open_motion
    return meeting.items.order_by("position").first(), None


def console_version(meeting: Meeting) -> str:
    """A cheap fingerprint of everything the console shows: the organisation's latest ledger
    event (every change in a meeting writes one) and the votes cast in the open division (a
    secret vote leaves no event of its own). Two indexed reads."""
    from openassembly.core.models import LedgerEvent

    latest = (LedgerEvent.objects.filter(organisation_id=meeting.organisation_id)
              .order_by("-pk").values_list("pk", flat=True).first() or 0)
    voted = Elector.objects.filter(division__meeting=meeting, division__status="open",
                                   voted=True).count()
    return f"{latest}.{voted}"


def body_people(body, organisation: Organisation) -> list[tuple[Member, str]]:
    """The people who sit on ``body`` today, each with what tells namesakes apart (their region
    and their seat), for the pickers that choose among them."""
    from openassembly.bodies.models import SeatHolding

    if body.kind == "all-members":
        everyone = (Member.objects.filter(organisation=organisation,
                                          status=Member.Status.ACTIVE)
                    .select_related("region").order_by("name", "pk")[:2000])
        return [(member, _describe(member, [])) for member in everyone]
    today = clock.today()
    holdings = (SeatHolding.objects.filter(
        seat_group__body=body, seat_group__active=True, starts_on__lte=today,
        member__status=Member.Status.ACTIVE, organisation=organisation)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .select_related("member__region", "seat_group").order_by("member__name", "member_id"))
    people: dict[int, tuple[Member, list[str]]] = {}
    for holding in holdings:
        _member, seats = people.setdefault(holding.member_id, (holding.member, []))
        seats.append(str(holding.seat_group))
    return [(member, _describe(member, seats)) for member, seats in people.values()]


def _describe(member: Member, seats: list[str]) -> str:
    parts = [member.name]
    if member.region is not None:
        parts.append(member.region.name)
    parts.extend(seats)
    return " — ".join(parts)
