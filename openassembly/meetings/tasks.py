"""Background mail for meetings: notices to the body's members, and circulated papers.

Calling a meeting queues its notice to every member of the body; postponing or cancelling it
tells them; circulating a paper sends it to the body's members, and to every member where the
constitution says so. Each ``enqueue_*`` writes a run in the caller's transaction; the worker
carries it out with ``send_meeting_mail`` once that commits, through ``openassembly.mail.runs``
(chunks, progress, a row per recipient, resumable), so a roll of 100,000 members is never
written to in a request. The compliance record reads the notice's run: notice is given when it
is delivered, not when it is dated.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django_tasks import task

from openassembly.core import schedule
from openassembly.core.ledger import append_event
from openassembly.mail import runs
from openassembly.members.models import Member

from . import constitution
from .models import Mailing, Meeting, PaperVersion

PAPER_KINDS = (Mailing.Kind.PAPER, Mailing.Kind.BODY_PAPER)


def enqueue_paper_mail(version: PaperVersion, *, started_by: Member | None,
                       everyone: bool = True) -> Mailing:
    """Queue mail about ``version``, to every member (``everyone``) or to the body's members;
    call inside the circulating transaction."""
    kind = Mailing.Kind.PAPER if everyone else Mailing.Kind.BODY_PAPER
    return runs.queue(Mailing, send_meeting_mail, organisation_id=version.organisation_id,
                      kind=kind, meeting_id=version.paper.meeting_id, paper_version=version,
                      started_by=started_by)


def enqueue_meeting_mail(meeting: Meeting, kind: str, *, started_by: Member | None) -> Mailing:
    """Queue the notice (or news of a postponement or cancellation) of ``meeting`` to its body's
    members; call inside the transaction that calls, postpones or cancels it."""
    return runs.queue(Mailing, send_meeting_mail, organisation_id=meeting.organisation_id,
                      kind=kind, meeting=meeting, started_by=started_by)


def recipients(mailing: Mailing) -> QuerySet[Member]:
    """Who the run writes to, with an address, read in chunks in id order: every active member
    for a paper that goes to all; otherwise the members of the body (all of them, for a body
    of all members)."""
    members = (Member.objects.filter(organisation_id=mailing.organisation_id,
                                     status=Member.Status.ACTIVE, erased_at__isnull=True)
               .exclude(email="").order_by("pk"))
    body = mailing.meeting.body
    if mailing.kind == Mailing.Kind.PAPER or body.kind == "all-members":
        return members
    return members.filter(pk__in=list(constitution.voting_members(body)))


def _context(mailing: Mailing) -> dict:
    meeting = mailing.meeting
    base = settings.SITE_URL.rstrip("/")
    org = meeting.organisation.slug
    context = {
        "organisation": meeting.organisation, "meeting": meeting,
        "spec": constitution.spec(meeting.body), "items": list(meeting.items.all()),
        "meeting_url": base + reverse("meetings:meeting", kwargs={"org": org, "pk": meeting.pk}),
    }
    version = mailing.paper_version
    if version is not None:
        context.update({"version": version, "paper_url": base + reverse("meetings:paper", kwargs={
            "org": org, "pk": meeting.pk, "paper_pk": version.paper_id,
            "number": version.number})})
    return context


def _record(mailing: Mailing) -> None:
    version = mailing.paper_version
    if mailing.kind in PAPER_KINDS:
        append_event(mailing.organisation, kind="paper.mailed", actor=None, data={
            "meeting": mailing.meeting_id, "paper": version.paper_id,
            "version": version.number, "sent": mailing.done, "of": mailing.total,
            "status": mailing.status,
        })
        return
    append_event(mailing.organisation, kind="meeting.mailed", actor=None, data={
        "meeting": mailing.meeting_id, "what": mailing.kind, "sent": mailing.done,
        "of": mailing.total, "status": mailing.status,
    })


def carry_out(pk: int, *, email_backend: str | None = None) -> Mailing | None:
    """Carry out mailing ``pk``; None if it was not there to take (finished or held).

    Its end, sent or failed, goes on the ledger in the transaction that saves it.
    """
    return runs.carry_out(Mailing, pk, related="meeting__organisation",
                          recipients=recipients, context=_context,
                          templates="meetings/mail", email_backend=email_backend,
                          record=_record)


@task()
def send_meeting_mail(mailing_id: int) -> str:
    run = carry_out(mailing_id)
    return f"{run.status}: {run.done} of {run.total}" if run else "not ours to carry out"


def register() -> None:
    schedule.register("meeting mail resumed",
                      lambda: runs.resume_stalled(Mailing, send_meeting_mail))
