"""Reads for the meeting pages, the registers and a person's public record."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

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
