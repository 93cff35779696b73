"""Mail to a body's members or to every member, carried out by the worker with its progress on
the record: notices of meetings, their postponement or cancellation, and circulated papers."""

from __future__ import annotations

from django.db import models

from openassembly.mail.models import Delivery, MailRun


class Mailing(MailRun):
    """One mail run to a roll too large to write to inside a request (queued, then chunked)."""

    class Kind(models.TextChoices):
        PAPER = "paper", "tell every member that a paper is circulated"
        BODY_PAPER = "body_paper", "send a circulated paper to the members of the body"
        NOTICE = "notice", "send the notice of a meeting to the members of the body"
        POSTPONED = "postponed", "tell the members of the body that a meeting is postponed"
        CANCELLED = "cancelled", "tell the members of the body that a meeting is cancelled"

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "sending"
        DONE = "done", "sent"
        FAILED = "failed", "failed"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE,
                                related_name="mailings")
    paper_version = models.ForeignKey(
        "meetings.PaperVersion", on_delete=models.CASCADE, related_name="mailings", null=True,
        blank=True,
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="mailing_queue")]
        ordering = ["created_at", "pk"]


class MailingDelivery(Delivery):
    run = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "member"],
                                               name="mailing_delivery_once")]
