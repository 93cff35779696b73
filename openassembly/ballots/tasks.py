"""Background mail to a poll's roll, kept as rows in the database.

`enqueue` writes a task in the caller's transaction; `openassembly run-tasks` (or, when
OPENASSEMBLY_TASKS_INLINE is on, as in the demo, the request itself after commit) sends the
mail in chunks, recording progress that the officer who started it can watch. The queue itself
is `openassembly.core.mailruns`; what is here is who a task writes to and what it says.
"""

from __future__ import annotations

from functools import partial

from django.db.models import Q
from django.urls import reverse

from openassembly.core import clock, mailruns
from openassembly.members.models import Member

from .models import Candidacy, Participation, Poll, RollEntry, Task


def enqueue(poll: Poll, *, kind: str, started_by: Member | None, base_url: str = "",
            **payload) -> Task:
    return mailruns.queue(Task, run_task, organisation_id=poll.organisation_id, kind=kind,
                          poll=poll, started_by=started_by,
                          payload={"base_url": base_url, **payload})


def recipients(task: Task):
    """The members a task writes to, as a query so that big rolls are read in chunks."""
    poll = task.poll
    if task.kind == Task.Kind.QUESTIONNAIRE:
        ids = Candidacy.objects.filter(
            election__poll=poll,
            status__in=[Candidacy.Status.STANDING, Candidacy.Status.ON_BALLOT],
        ).values("member_id")
    else:
        ids = RollEntry.objects.filter(poll=poll).values("member_id")
    members = Member.objects.filter(pk__in=ids).exclude(Q(email="") | Q(erased_at__isnull=False))
    if task.kind == Task.Kind.REMINDER:
        # Decided when the mail goes out, so those who voted since the reminder was asked for
        # are not written to; the mail itself says nothing about anyone else.
        members = members.exclude(
            pk__in=Participation.objects.filter(poll=poll).values("member_id")
        )
    return members.order_by("pk")


def _context(task: Task) -> dict:
    poll = task.poll
    base = task.payload.get("base_url", "").rstrip("/")
    org = poll.organisation.slug
    context = {"poll": poll, "organisation": poll.organisation,
               "vote_url": base + reverse("ballots:vote", kwargs={"org": org, "pk": poll.pk}),
               "poll_url": base + reverse("ballots:poll", kwargs={"org": org, "pk": poll.pk})}
    if task.kind == Task.Kind.QUESTIONNAIRE:
        context["questionnaire_url"] = base + reverse(
            "ballots:questionnaire", kwargs={"org": org, "pk": task.payload["questionnaire"]}
        )
    return context


def run_task(pk: int, *, email_backend: str | None = None) -> Task | None:
    """Claim a queued task and carry it out; returns None if someone else claimed it.

    A task whose ballot is cancelled meanwhile stops before its next chunk: `cancel_poll` moves
    it to CANCELLED, and the run goes on only while its row says RUNNING.
    """
    return mailruns.carry_out(Task, pk, related="poll__organisation", recipients=recipients,
                              context=_context, templates="ballots/mail",
                              email_backend=email_backend)


def schedule_reminders() -> int:
    """Queue the reminder the constitution asks for, once, for polls that are near their close."""
    from datetime import timedelta

    from .services.polls import send_reminder

    queued = 0
    now = clock.now()
    for poll in Poll.objects.filter(status=Poll.Status.OPEN, reminded_at=None,
                                    closes_at__gt=now).select_related("organisation"):
        ballots = poll.organisation.constitution.ballots
        days = ballots.reminder_days if ballots is not None else 0
        if days and now >= poll.closes_at - timedelta(days=days):
            send_reminder(None, poll=poll)
            queued += 1
    return queued


def close_due_polls() -> int:
    """Close voting that has reached its published closing time, so the timetable holds even
    when no officer is at hand; counting and declaring stay with the returning officer."""
    from .services.polls import close_voting

    closed = 0
    for poll in Poll.objects.filter(status=Poll.Status.OPEN, closes_at__lte=clock.now()):
        close_voting(None, poll=poll, system="the timetable")
        closed += 1
    return closed


def process_tasks(*, limit: int | None = None, email_backend: str | None = None) -> int:
    """Run queued tasks, oldest first; returns how many ran."""
    return mailruns.process_queue(Task, partial(run_task, email_backend=email_backend),
                                  limit=limit)
