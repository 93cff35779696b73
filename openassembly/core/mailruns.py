"""Mail to a roll too large to write to inside a request, sent in the background.

Ballots (``Task``) and meetings (``Mailing``) keep their runs as rows shaped by ``MailRun``. A
service queues the row in its own transaction; ``openassembly run-tasks`` (or, when
OPENASSEMBLY_TASKS_INLINE is on, as in the demo, the request itself after commit) claims it and
sends the mail in chunks, writing progress that its starter can watch. Each app keeps to itself
who is written to, what the mail says, and what is recorded when a run ends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string

from openassembly.core import clock
from openassembly.core.models import MailRun
from openassembly.members.models import Member

CHUNK = 200
log = logging.getLogger(__name__)


def inline() -> bool:
    return getattr(settings, "OPENASSEMBLY_TASKS_INLINE", settings.DEBUG)


def queue(model: type[MailRun], run_one: Callable[[int], object], **fields) -> MailRun:
    """Write a run in the caller's transaction; inline, carry it out once that commits."""
    run = model.objects.create(created_at=clock.now(), **fields)
    if inline():
        transaction.on_commit(lambda: run_one(run.pk))
    return run


def claim(model: type[MailRun], pk: int) -> bool:
    """Move a queued run to running; False if another runner (or a cancellation) came first."""
    return bool(model.objects.filter(pk=pk, status=model.Status.QUEUED).update(
        status=model.Status.RUNNING, started_at=clock.now()))


def carry_out(model: type[MailRun], pk: int, *, related: str,
              recipients: Callable[[MailRun], QuerySet[Member]],
              context: Callable[[MailRun], dict], templates: str,
              email_backend: str | None = None,
              record: Callable[[MailRun], object] | None = None) -> MailRun | None:
    """Claim run ``pk`` and send its mail; None if it was no longer queued to claim.

    Each member gets ``{templates}/{kind}_subject.txt`` and ``{templates}/{kind}.txt`` rendered
    with ``context(run)`` and the member. ``record(run)``, if given, is called in the
    transaction that saves the finished run, so the two are on the record together.
    """
    if not claim(model, pk):
        return None
    run = model.objects.select_related(related).get(pk=pk)
    try:
        members = recipients(run)
        run.total = members.count()
        run.save(update_fields=["total"])
        shared = context(run)

        def message(member: Member) -> EmailMessage:
            values = {**shared, "member": member}
            subject = render_to_string(f"{templates}/{run.kind}_subject.txt", values).strip()
            body = render_to_string(f"{templates}/{run.kind}.txt", values)
            return EmailMessage(subject=subject, body=body, to=[member.email])

        if not _send(run, members, message, get_connection(email_backend)):
            run.refresh_from_db()
            return run
        run.status = model.Status.DONE
    except Exception as error:  # a failed run must be visible to its starter, not lost in a log
        log.exception("%s %s failed", model.__name__, pk)
        run.status = model.Status.FAILED
        run.error = f"{type(error).__name__}: {error}"
    run.finished_at = clock.now()
    with transaction.atomic():
        run.save(update_fields=["done", "status", "error", "finished_at"])
        if record is not None:
            record(run)
    return run


def _send(run: MailRun, members: QuerySet[Member], message: Callable[[Member], EmailMessage],
          connection) -> bool:
    """Send to ``members`` in chunks by primary key; False if the run was stopped meanwhile."""
    model = type(run)
    last = 0
    # Progress is written only while the row still says running: once it has been moved on
    # (cancelling a ballot stops its mail), nothing matches and no further chunk goes out.
    while model.objects.filter(pk=run.pk, status=model.Status.RUNNING).update(done=run.done):
        chunk = list(members.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return True
        connection.send_messages([message(member) for member in chunk])
        run.done += len(chunk)
        last = chunk[-1].pk
    model.objects.filter(pk=run.pk).update(done=run.done)
    return False


def process_queue(model: type[MailRun], run_one: Callable[[int], object], *,
                  limit: int | None = None) -> int:
    """Carry out queued runs, oldest first; returns how many were claimed here."""
    queued = model.objects.filter(status=model.Status.QUEUED).order_by("created_at", "pk")
    return sum(run_one(pk) is not None
               for pk in list(queued.values_list("pk", flat=True)[:limit]))
