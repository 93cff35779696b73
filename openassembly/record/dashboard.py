"""A signed-in member's start page: what waits for them, and for an officer what waits for the
officers. Reads only; every list is cut to a few rows, so the page costs the same few queries
however much the organisation holds (``tests`` pin the count).

It lives in record, the lowest app that may read meetings, ballots and the two-person rule
together; each part reads through the owning app's selectors or models, never its services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from openassembly.accounts.models import SensitiveAction
from openassembly.accounts.resets import KIND as RESET
from openassembly.ballots.models import Petition, Poll
from openassembly.ballots.models import Task as PollMail
from openassembly.ballots.selectors import members_entitled_to_sign, open_polls_for
from openassembly.bodies.models import Body, SeatHolding
from openassembly.core import clock, sensitive
from openassembly.core import compliance as checks
from openassembly.core.powers import powers_of
from openassembly.mail.models import Notice
from openassembly.meetings.models import Action, Mailing, Meeting, Paper
from openassembly.members.access import application_power
from openassembly.members.models import Member
from openassembly.members.selectors import applicants
from openassembly.rules.questions import petition_threshold

SHOWN = 8  # rows of each list; the page links to the full list beside it
CONFIRM = "confirm-sensitive-action"


@dataclass(frozen=True)
class PetitionView:
    petition: Petition
    needed: int

    @property
    def short_by(self) -> int:
        return max(0, self.needed - self.petition.signatures_count)


def _today_holdings(member: Member):
    today = clock.today()
    return (SeatHolding.objects.filter(member=member, starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today)))


def waiting_polls(member: Member) -> list[Poll]:
    """Open elections and members' ballots this member is on the roll of and has not voted in."""
    return list(open_polls_for(member).select_related("election", "referendum")
                .order_by("closes_at", "pk")[:SHOWN])


def next_meetings(member: Member, now: datetime) -> list[Meeting]:
    """Meetings to come (or sitting now) of the bodies the member sits on today, and of any
    body of every member in good standing, each with its papers."""
    bodies = Q(body__in=_today_holdings(member).values("seat_group__body"))
    if member.status == Member.Status.ACTIVE:
        bodies |= Q(body__in=Body.objects.filter(organisation_id=member.organisation_id,
                                                 kind="all-members"))
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return list(
        Meeting.objects.filter(bodies, organisation_id=member.organisation_id)
        .filter(Q(status=Meeting.Status.OPEN)
                | Q(status=Meeting.Status.CALLED, starts_at__gte=start_of_day))
        .select_related("body")
        .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("created_at", "pk")))
        .order_by("starts_at", "pk")[:SHOWN]
    )


def petitions_to_sign(member: Member) -> list[PetitionView]:
    """Open petitions the member has not signed, nearest their threshold first; none for a
    member who is not active, since only active members may sign."""
    if member.status != Member.Status.ACTIVE:
        return []
    organisation = member.organisation
    rows = list(Petition.objects.filter(organisation=organisation, status=Petition.Status.OPEN)
                .exclude(signatures__member=member).order_by("-signatures_count", "pk")[:SHOWN])
    if not rows:
        return []
    members = members_entitled_to_sign(organisation)
    constitution = organisation.constitution
    views = [PetitionView(p, petition_threshold(constitution.petition(p.kind), members=members))
             for p in rows]
    return sorted(views, key=lambda v: (v.short_by, v.petition.pk))


def my_actions(member: Member) -> list[Action]:
    """Actions the member owns and has not reported done, soonest due first."""
    return list(Action.objects.filter(owner=member, done_on__isnull=True)
                .select_related("decision").order_by("due_on", "pk")[:SHOWN])


def my_seats(member: Member) -> list[SeatHolding]:
    return list(_today_holdings(member).select_related("seat_group__body")
                .order_by("seat_group__body__name", "seat_group__position", "pk"))


def member_panel(member: Member, now: datetime | None = None) -> dict:
    now = now or clock.now()
    return {
        "polls": waiting_polls(member),
        "meetings": next_meetings(member, now),
        "petitions": petitions_to_sign(member),
        "actions": my_actions(member),
        "seats": my_seats(member),
        "today": now.date(),
    }


def acts_waiting_for(member: Member, held: set[str]) -> list[SensitiveAction]:
    """Two-officer acts this member may confirm: pending, of a kind whose power (or the power
    to confirm any act) they hold, and proposed by someone else (the proposer cannot confirm)."""
    kinds = [s.kind for s in sensitive.SPECS.values() if s.power in held or CONFIRM in held]
    if not kinds:
        return []
    # Nor an act resetting their own second factor: two *other* officers must confirm that.
    return list(SensitiveAction.objects.filter(
        organisation_id=member.organisation_id, status=SensitiveAction.Status.PENDING,
        kind__in=kinds).exclude(proposed_by=member)
        .exclude(kind=RESET, payload__member=member.pk).select_related("proposed_by")
        .order_by("proposed_at", "pk")[:SHOWN])


@dataclass(frozen=True)
class MailInProgress:
    what: str
    status: str
    done: int
    total: int
    poll_task: int | None = None  # a poll's mail has a progress page of its own


def mail_in_progress(member: Member) -> list[MailInProgress]:
    """Mail runs queued or being sent: to a poll's roll, to a body, and single notices."""
    organisation_id = member.organisation_id
    runs: list[MailInProgress] = []
    moving = ("queued", "running")
    for task in (PollMail.objects.filter(organisation_id=organisation_id, status__in=moving)
                 .select_related("poll").order_by("created_at", "pk")[:SHOWN]):
        about = f": {task.poll.title}" if task.poll else ""
        runs.append(MailInProgress(task.get_kind_display().capitalize() + about,
                                   task.get_status_display(), task.done, task.total,
                                   task.pk))
    for run in (Mailing.objects.filter(organisation_id=organisation_id, status__in=moving)
                .select_related("meeting").order_by("created_at", "pk")[:SHOWN]):
        runs.append(MailInProgress(f"{run.get_kind_display().capitalize()}: {run.meeting.title}",
                                   run.get_status_display(), run.done, run.total))
    notices = Notice.objects.filter(organisation_id=organisation_id, status__in=moving).count()
    if notices:
        runs.append(MailInProgress(
            f"{notices} notice{'s' if notices != 1 else ''} to single members", "queued or "
            "sending", 0, notices))
    return runs


def officer_panel(member: Member, held: set[str], now: datetime | None = None) -> dict:
    """What waits for the officers: read from the two-person rule, the compliance checks (the
    same ones the public compliance page runs) and the mail runs."""
    now = now or clock.now()
    found = checks.compliance(member.organisation, now)
    minutes = next((c for c in found if c.key == "minutes"), None)
    return {
        "acts": acts_waiting_for(member, held),
        "minutes_overdue": minutes.breaches if minutes else [],
        "concerns": [c for c in found if c.key != "minutes" and (c.breaches or c.risks)],
        "summary": checks.summarise(found),
        "mail": mail_in_progress(member),
        # Only the officer who may decide them is shown the applications waiting.
        "applications": (list(applicants(member.organisation))
                         if application_power(member.organisation) in held else None),
    }


def dashboard(member: Member, now: datetime | None = None) -> dict:
    now = now or clock.now()
    held = powers_of(member)
    return {
        **member_panel(member, now),
        "officer": officer_panel(member, held, now) if held else None,
    }
