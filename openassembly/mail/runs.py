"""Carrying out a mail run in the worker: chunked, resumable, never twice to anyone.

A service creates the run row and enqueues the app's task in its own transaction (``queue``).
The task calls ``carry_out``, which takes a lease on the run, then for each recipient (in id
order, a chunk at a time) writes a ``Delivery`` row, sends, and marks it sent. A worker killed
mid-run leaves its lease to expire; `openassembly tick` then enqueues the run again
(``resume_stalled``) and it carries on after the last recorded recipient. The one recipient
whose mail was being handed over when the worker died keeps the row that says so and is not
written to again: at most once, and the progress page says how many are not known.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django_tasks.base import Task

from openassembly.core import clock, schedule, states
from openassembly.members.models import Member

from .models import Delivery, MailRun

CHUNK = 200
# A worker renews its lease before every chunk. A chunk that took longer than this to hand over
# would let a second worker start on the run; the unique (run, member) row still keeps each
# recipient to one message, the slower worker failing on its next insert.
LEASE = timedelta(minutes=5)
log = logging.getLogger(__name__)


def queue(model: type[MailRun], task: Task, **fields) -> MailRun:
    """Write a run and its task in the caller's transaction; the worker sees both once it
    commits."""
    now = clock.now()
    run = model.objects.create(created_at=now, enqueued_at=now, **fields)
    schedule.enqueue_with_transaction(task, run.pk)
    return run


def resume_stalled(model: type[MailRun], task: Task) -> int:
    """Enqueue again the runs that were never picked up or whose worker stopped holding them."""
    now = clock.now()
    stalled = model.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now),
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - LEASE),
        status__in=[model.Status.QUEUED, model.Status.RUNNING],
    )
    enqueued = 0
    for pk in stalled.values_list("pk", flat=True):
        model.objects.filter(pk=pk).update(enqueued_at=now)
        enqueued += schedule.enqueue_once(task, pk)
    return enqueued


def _claim(model: type[MailRun], pk: int) -> datetime | None:
    """Take the run for this worker; the lease's end, or None if it is not ours to carry out."""
    now = clock.now()
    lease = now + LEASE
    taken = states.move_where(
        model.objects.filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now), pk=pk),
        from_=[model.Status.QUEUED, model.Status.RUNNING], to=model.Status.RUNNING,
        lease_until=lease, started_at=Coalesce("started_at", now))
    return lease if taken else None


def _renew(run: MailRun, lease: datetime) -> datetime | None:
    """Hold the run for another chunk and save progress; None if it was stopped meanwhile
    (cancelling a ballot stops its mail) or taken over by another worker."""
    model = type(run)
    renewed = clock.now() + LEASE
    held = model.objects.filter(pk=run.pk, status=model.Status.RUNNING, lease_until=lease).update(
        lease_until=renewed, done=run.done, total=run.total)
    return renewed if held else None


def carry_out(model: type[MailRun], pk: int, *, related: str,
              recipients: Callable[[MailRun], QuerySet[Member]],
              context: Callable[[MailRun], dict], templates: str,
              email_backend: str | None = None,
              record: Callable[[MailRun], object] | None = None) -> MailRun | None:
    """Carry out run ``pk``; None if it was not there to take (finished, stopped or held).

    Each member gets ``{templates}/{kind}_subject.txt`` and ``{templates}/{kind}.txt`` rendered
    with ``context(run)`` and the member. ``record(run)``, if given, is called in the
    transaction that saves the finished run, so the two are on the record together.
    """
    lease = _claim(model, pk)
    if lease is None:
        return None
    run = model.objects.select_related(related).get(pk=pk)
    deliveries = run.deliveries
    try:
        # Recipients are taken in id order and recorded before they are written to, so those
        # not yet written to are the ones after the last recorded.
        last = deliveries.aggregate(last=Max("member_id"))["last"] or 0
        members = recipients(run).filter(pk__gt=last)
        run.total = deliveries.count() + members.count()
        run.done = deliveries.filter(status=Delivery.Status.SENT).count()
        shared = context(run)

        def message(member: Member) -> EmailMessage:
            values = {**shared, "member": member}
            subject = render_to_string(f"{templates}/{run.kind}_subject.txt", values).strip()
            body = render_to_string(f"{templates}/{run.kind}.txt", values)
            return EmailMessage(subject=subject, body=body, to=[member.email])

        with get_connection(email_backend) as connection:
            while True:
                renewed = _renew(run, lease)
                if renewed is None:
                    return _let_go(run)
                lease = renewed
                chunk = list(members.filter(pk__gt=last)[:CHUNK])
                if not chunk:
                    break
                last = chunk[-1].pk
                _send_chunk(run, chunk, message, connection)
        outcome = model.Status.DONE
    except Exception as error:  # a failed run must be visible to its starter, not lost in a log
        log.exception("%s %s failed", model.__name__, pk)
        outcome = model.Status.FAILED
        run.error = f"{type(error).__name__}: {error}"
    run.finished_at = clock.now()
    with transaction.atomic():
        # Only while the run is still ours: a cancellation or a worker that took it over
        # meanwhile has the last word on its status.
        if not states.move_where(
                model.objects.filter(pk=pk, lease_until=lease), from_=model.Status.RUNNING,
                to=outcome, total=run.total, done=run.done, error=run.error,
                finished_at=run.finished_at, lease_until=None):
            return _let_go(run)
        run.refresh_from_db()
        if record is not None:
            record(run)
    return run


def _let_go(run: MailRun) -> MailRun:
    """Leave a run that was stopped or taken over, with the count of what was sent to date."""
    type(run).objects.filter(pk=run.pk).update(
        done=run.deliveries.filter(status=Delivery.Status.SENT).count())
    run.refresh_from_db()
    return run


def _send_chunk(run: MailRun, chunk: list[Member], message: Callable[[Member], EmailMessage],
                connection) -> None:
    """Send to each member of the chunk, recording them first; a refusal stops the run (raised).

    One message at a time over the one open connection, each recorded before it is handed over
    and marked once it has been: a worker that dies leaves at most one recipient not known.
    """
    deliveries = run.deliveries
    for member in chunk:
        delivery = deliveries.create(member=member, at=clock.now())
        try:
            connection.send_messages([message(member)])
        except Exception:
            states.move_where(deliveries.filter(pk=delivery.pk), from_=Delivery.Status.SENDING,
                              to=Delivery.Status.FAILED, at=clock.now())
            raise
        states.move_where(deliveries.filter(pk=delivery.pk), from_=Delivery.Status.SENDING,
                          to=Delivery.Status.SENT, at=clock.now())
        run.done += 1
