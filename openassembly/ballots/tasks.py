"""Background mail to a poll's roll, kept as rows in the database.

`enqueue` writes a task in the caller's transaction; `openassembly run-tasks` (or, when
OPENASSEMBLY_TASKS_INLINE is on, as in the demo, the request itself after commit) sends the
mail in chunks, recording progress that the officer who started it can watch.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from openassembly.core import clock
from openassembly.members.models import Member

from .models import Candidacy, Participation, Poll, RollEntry, Task

CHUNK = 200
log = logging.getLogger(__name__)


def _inline() -> bool:
    return getattr(settings, "OPENASSEMBLY_TASKS_INLINE", settings.DEBUG)


def enqueue(poll: Poll, *, kind: str, started_by: Member | None, base_url: str = "",
            **payload) -> Task:
    task = Task.objects.create(
        organisation_id=poll.organisation_id, kind=kind, poll=poll, started_by=started_by,
        payload={"base_url": base_url, **payload}, created_at=clock.now(),
    )
    if _inline():
        transaction.on_commit(lambda: run_task(task.pk))
    return task


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


def _message(task: Task, member: Member, context: dict) -> EmailMessage:
    context = {**context, "member": member}
    subject = render_to_string(f"ballots/mail/{task.kind}_subject.txt", context).strip()
    body = render_to_string(f"ballots/mail/{task.kind}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[member.email])


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
    """Claim a queued task and carry it out; returns None if someone else claimed it."""
    claimed = Task.objects.filter(pk=pk, status=Task.Status.QUEUED).update(
        status=Task.Status.RUNNING, started_at=clock.now()
    )
    if not claimed:
        return None
    task = Task.objects.select_related("poll__organisation").get(pk=pk)
    try:
        members = recipients(task)
        task.total = members.count()
        task.save(update_fields=["total"])
        context = _context(task)
        connection = get_connection(email_backend)
        done = 0
        last = 0
        while True:
            # Progress is written only while the task is still running: when the ballot has
            # been cancelled meanwhile, nothing matches and no further mail goes out.
            if not Task.objects.filter(pk=pk, status=Task.Status.RUNNING).update(done=done):
                Task.objects.filter(pk=pk).update(done=done)
                task.refresh_from_db()
                return task
            chunk = list(members.filter(pk__gt=last)[:CHUNK])
            if not chunk:
                break
            connection.send_messages([_message(task, m, context) for m in chunk])
            done += len(chunk)
            last = chunk[-1].pk
        task.done = done
        task.status = Task.Status.DONE
    except Exception as error:  # a failed mail run must be visible to its officer, not lost
        log.exception("task %s failed", pk)
        task.status = Task.Status.FAILED
        task.error = f"{type(error).__name__}: {error}"
    task.finished_at = clock.now()
    task.save(update_fields=["done", "status", "error", "finished_at"])
    return task


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
    ran = 0
    queue = Task.objects.filter(status=Task.Status.QUEUED).order_by("created_at", "pk")
    for pk in list(queue.values_list("pk", flat=True)[:limit]):
        if run_task(pk, email_backend=email_backend) is not None:
            ran += 1
    return ran
