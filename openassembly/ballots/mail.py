"""Mail to a poll's roll (notices, reminders, results, questionnaires, cancellations).

A service calls ``enqueue`` inside its transaction; the worker runs ``send_poll_mail`` once it
commits, through ``openassembly.mail.runs`` (chunks, progress, a row per recipient, resumable).
What is here is who a run writes to and what it says.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django_tasks import task

from openassembly.mail import runs
from openassembly.members.models import Member

from .models import Candidacy, Participation, Poll, RollEntry, Task


def enqueue(poll: Poll, *, kind: str, started_by: Member | None, **payload) -> Task:
    return runs.queue(Task, send_poll_mail, organisation_id=poll.organisation_id, kind=kind,
                      poll=poll, started_by=started_by, payload=payload)


def recipients(run: Task) -> QuerySet[Member]:
    """The members a run writes to, as a query so that big rolls are read in chunks."""
    poll = run.poll
    if run.kind == Task.Kind.QUESTIONNAIRE:
        ids = Candidacy.objects.filter(
            election__poll=poll,
            status__in=[Candidacy.Status.STANDING, Candidacy.Status.ON_BALLOT],
        ).values("member_id")
    else:
        ids = RollEntry.objects.filter(poll=poll).values("member_id")
    members = Member.objects.filter(pk__in=ids).exclude(Q(email="") | Q(erased_at__isnull=False))
    if run.kind == Task.Kind.REMINDER:
        # Decided as each chunk goes out, so those who voted since the reminder was asked for
        # are not written to; the mail itself says nothing about anyone else.
        members = members.exclude(
            pk__in=Participation.objects.filter(poll=poll).values("member_id")
        )
    return members.order_by("pk")


def _context(run: Task) -> dict:
    poll = run.poll
    base = settings.SITE_URL.rstrip("/")
    org = poll.organisation.slug
    context = {"poll": poll, "organisation": poll.organisation,
               "vote_url": base + reverse("ballots:vote", kwargs={"org": org, "pk": poll.pk}),
               "poll_url": base + reverse("ballots:poll", kwargs={"org": org, "pk": poll.pk})}
    if run.kind == Task.Kind.QUESTIONNAIRE:
        context["questionnaire_url"] = base + reverse(
            "ballots:questionnaire", kwargs={"org": org, "pk": run.payload["questionnaire"]}
        )
    return context


def carry_out(pk: int, *, email_backend: str | None = None) -> Task | None:
    """Carry out run ``pk``; None if it was not there to take.

    A run whose ballot is cancelled meanwhile stops before its next chunk: `cancel_poll` moves
    it to CANCELLED, and the run goes on only while its row says RUNNING.
    """
    return runs.carry_out(Task, pk, related="poll__organisation", recipients=recipients,
                          context=_context, templates="ballots/mail",
                          email_backend=email_backend)


@task()
def send_poll_mail(run_id: int) -> str:
    run = carry_out(run_id)
    return f"{run.status}: {run.done} of {run.total}" if run else "not ours to carry out"


def resume_stalled() -> int:
    return runs.resume_stalled(Task, send_poll_mail)
