"""Background mail for meetings: telling every member that a paper has been circulated.

``enqueue_paper_mail`` writes a run in the caller's transaction; the worker carries it out with
``send_paper_mail`` once that commits, through ``openassembly.mail.runs`` (chunks, progress, a
row per recipient, resumable), so a roll of 100,000 members is never written to in a request.
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

from .models import Mailing, PaperVersion


def enqueue_paper_mail(version: PaperVersion, *, started_by: Member | None) -> Mailing:
    """Queue mail to every member about ``version``; call inside the circulating transaction."""
    return runs.queue(Mailing, send_paper_mail, organisation_id=version.organisation_id,
                      kind=Mailing.Kind.PAPER, paper_version=version, started_by=started_by)


def recipients(mailing: Mailing) -> QuerySet[Member]:
    """Every active member with an address, read in chunks in id order."""
    return (Member.objects.filter(organisation_id=mailing.organisation_id,
                                  status=Member.Status.ACTIVE, erased_at__isnull=True)
            .exclude(email="").order_by("pk"))


def _context(mailing: Mailing) -> dict:
    version = mailing.paper_version
    meeting = version.paper.meeting
    base = settings.SITE_URL.rstrip("/")
    org = meeting.organisation.slug
    return {
        "organisation": meeting.organisation, "meeting": meeting, "version": version,
        "paper_url": base + reverse("meetings:paper", kwargs={
            "org": org, "pk": meeting.pk, "paper_pk": version.paper_id,
            "number": version.number}),
        "meeting_url": base + reverse("meetings:meeting", kwargs={"org": org, "pk": meeting.pk}),
    }


def _record(mailing: Mailing) -> None:
    version = mailing.paper_version
    append_event(mailing.organisation, kind="paper.mailed", actor=None, data={
        "meeting": version.paper.meeting_id, "paper": version.paper_id,
        "version": version.number, "sent": mailing.done, "of": mailing.total,
        "status": mailing.status,
    })


def carry_out(pk: int, *, email_backend: str | None = None) -> Mailing | None:
    """Carry out mailing ``pk``; None if it was not there to take (finished or held).

    Its end, sent or failed, goes on the ledger in the transaction that saves it.
    """
    return runs.carry_out(Mailing, pk, related="paper_version__paper__meeting__organisation",
                          recipients=recipients, context=_context,
                          templates="meetings/mail", email_backend=email_backend,
                          record=_record)


@task()
def send_paper_mail(mailing_id: int) -> str:
    run = carry_out(mailing_id)
    return f"{run.status}: {run.done} of {run.total}" if run else "not ours to carry out"


def register() -> None:
    schedule.register("paper mail resumed", lambda: runs.resume_stalled(Mailing, send_paper_mail))
