"""Background mail for meetings: telling every member that a paper has been circulated.

``enqueue_paper_mail`` writes a row in the caller's transaction; ``process_mailings`` (from
``openassembly run-tasks``, or the request itself after commit when OPENASSEMBLY_TASKS_INLINE is
on, as in the demo) sends it in chunks through ``openassembly.core.mailruns``, recording
progress, so a roll of 100,000 members is never written to inside a request.
"""

from __future__ import annotations

from functools import partial

from django.db.models import QuerySet
from django.urls import reverse

from openassembly.core import mailruns
from openassembly.core.ledger import append_event
from openassembly.members.models import Member

from .models import Mailing, PaperVersion


def enqueue_paper_mail(version: PaperVersion, *, started_by: Member | None,
                       base_url: str = "") -> Mailing:
    """Queue mail to every member about ``version``; call inside the circulating transaction."""
    return mailruns.queue(Mailing, run_mailing, organisation_id=version.organisation_id,
                          kind=Mailing.Kind.PAPER, paper_version=version,
                          started_by=started_by, payload={"base_url": base_url})


def recipients(mailing: Mailing) -> QuerySet[Member]:
    """Every active member with an address, read in chunks in id order."""
    return (Member.objects.filter(organisation_id=mailing.organisation_id,
                                  status=Member.Status.ACTIVE, erased_at__isnull=True)
            .exclude(email="").order_by("pk"))


def _context(mailing: Mailing) -> dict:
    version = mailing.paper_version
    meeting = version.paper.meeting
    base = mailing.payload.get("base_url", "").rstrip("/")
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


def run_mailing(pk: int, *, email_backend: str | None = None) -> Mailing | None:
    """Claim a queued mailing and send it; None if another runner claimed it first.

    Its end, sent or failed, goes on the ledger in the transaction that saves it.
    """
    return mailruns.carry_out(Mailing, pk, related="paper_version__paper__meeting__organisation",
                              recipients=recipients, context=_context,
                              templates="meetings/mail", email_backend=email_backend,
                              record=_record)


def process_mailings(*, limit: int | None = None, email_backend: str | None = None) -> int:
    """Send queued meeting mail, oldest first; returns how many runs were carried out."""
    return mailruns.process_queue(Mailing, partial(run_mailing, email_backend=email_backend),
                                  limit=limit)
