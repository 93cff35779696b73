"""Mail to every member, carried out by the worker with its progress on the record."""

from __future__ import annotations

from django.db import models

from openassembly.mail.models import Delivery, MailRun


class Mailing(MailRun):
    """One mail run to a roll too large to write to inside a request (queued, then chunked)."""

    class Kind(models.TextChoices):
        PAPER = "paper", "tell every member that a paper is circulated"

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "sending"
        DONE = "done", "sent"
        FAILED = "failed", "failed"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    paper_version = models.ForeignKey(
        "meetings.PaperVersion", on_delete=models.CASCADE, related_name="mailings"
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
