"""Notices to one member, for the apps below mail (``core.notices``): queued in the caller's
transaction, carried out by the worker through ``openassembly.mail.runs``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django_tasks import task

from openassembly.core.models import Organisation
from openassembly.members.models import Member

from . import runs
from .models import Notice


def queue_notice(organisation: Organisation, member_id: int, kind: str,
                 payload: Mapping[str, Any], started_by: Any = None) -> Notice:
    return runs.queue(Notice, send_notice, organisation_id=organisation.pk, kind=kind,
                      member_id=member_id, payload=dict(payload),
                      started_by=started_by if getattr(started_by, "is_member", False) else None)


def recipients(run: Notice) -> QuerySet[Member]:
    return (Member.objects.filter(pk=run.member_id)
            .exclude(Q(email="") | Q(erased_at__isnull=False)).order_by("pk"))


def _context(run: Notice) -> dict:
    organisation = run.organisation
    base = settings.SITE_URL.rstrip("/")
    return {"organisation": organisation, **run.payload, "site_url": base,
            "record_url": base + reverse("record:home", kwargs={"org": organisation.slug})}


def carry_out(pk: int, *, email_backend: str | None = None) -> Notice | None:
    return runs.carry_out(Notice, pk, related="organisation", recipients=recipients,
                          context=_context, templates="mail/notice",
                          email_backend=email_backend)


@task()
def send_notice(run_id: int) -> str:
    run = carry_out(run_id)
    return f"{run.status}: {run.done} of {run.total}" if run else "not ours to carry out"


def resume_stalled() -> int:
    return runs.resume_stalled(Notice, send_notice)
