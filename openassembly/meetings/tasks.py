"""Background mail for meetings: telling every member that a paper has been circulated.

The same shape as the ballots' mail queue: ``enqueue_paper_mail`` writes a row in the caller's
transaction; ``process_mailings`` (from ``openassembly run-tasks``, or the request itself after
commit when OPENASSEMBLY_TASKS_INLINE is on, as in the demo) sends it in chunks, recording
progress, so a roll of 100,000 members is never written to inside a request.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from openassembly.core import clock
from openassembly.core.ledger import append_event
from openassembly.members.models import Member

from .models import Mailing, PaperVersion

CHUNK = 200
log = logging.getLogger(__name__)


def _inline() -> bool:
    return getattr(settings, "OPENASSEMBLY_TASKS_INLINE", settings.DEBUG)


def enqueue_paper_mail(version: PaperVersion, *, started_by: Member | None,
                       base_url: str = "") -> Mailing:
    """Queue mail to every member about ``version``; call inside the circulating transaction."""
    mailing = Mailing.objects.create(
        organisation_id=version.organisation_id, kind=Mailing.Kind.PAPER, paper_version=version,
        started_by=started_by, payload={"base_url": base_url}, created_at=clock.now(),
    )
    if _inline():
        transaction.on_commit(lambda: run_mailing(mailing.pk))
    return mailing


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


def _message(mailing: Mailing, member: Member, context: dict) -> EmailMessage:
    context = {**context, "member": member}
    subject = render_to_string(f"meetings/mail/{mailing.kind}_subject.txt", context).strip()
    body = render_to_string(f"meetings/mail/{mailing.kind}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[member.email])


def run_mailing(pk: int, *, email_backend: str | None = None) -> Mailing | None:
    """Claim a queued mailing and send it; None if another runner claimed it first."""
    claimed = Mailing.objects.filter(pk=pk, status=Mailing.Status.QUEUED).update(
        status=Mailing.Status.RUNNING, started_at=clock.now()
    )
    if not claimed:
        return None
    mailing = Mailing.objects.select_related(
        "paper_version__paper__meeting__organisation").get(pk=pk)
    try:
        members = recipients(mailing)
        mailing.total = members.count()
        mailing.save(update_fields=["total"])
        context = _context(mailing)
        connection = get_connection(email_backend)
        done = last = 0
        while chunk := list(members.filter(pk__gt=last)[:CHUNK]):
            connection.send_messages([_message(mailing, m, context) for m in chunk])
            done += len(chunk)
            last = chunk[-1].pk
            Mailing.objects.filter(pk=pk).update(done=done)
        mailing.done = done
        mailing.status = Mailing.Status.DONE
    except Exception as error:  # a failed run must be visible on the record, not lost in a log
        log.exception("mailing %s failed", pk)
        mailing.status = Mailing.Status.FAILED
        mailing.error = f"{type(error).__name__}: {error}"
    mailing.finished_at = clock.now()
    version = mailing.paper_version
    with transaction.atomic():
        mailing.save(update_fields=["done", "status", "error", "finished_at"])
        append_event(mailing.organisation, kind="paper.mailed", actor=None, data={
            "meeting": version.paper.meeting_id, "paper": version.paper_id,
            "version": version.number, "sent": mailing.done, "of": mailing.total,
            "status": mailing.status,
        })
    return mailing


def process_mailings(*, limit: int | None = None, email_backend: str | None = None) -> int:
    """Send queued meeting mail, oldest first; returns how many runs were carried out."""
    ran = 0
    queue = Mailing.objects.filter(status=Mailing.Status.QUEUED).order_by("created_at", "pk")
    for pk in list(queue.values_list("pk", flat=True)[:limit]):
        if run_mailing(pk, email_backend=email_backend) is not None:
            ran += 1
    return ran
