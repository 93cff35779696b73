"""Mail to every member, sent in the background with its progress on the record."""

from __future__ import annotations

from django.db import models


class Mailing(models.Model):
    """One mail run to a roll too large to write to inside a request (queued, then chunked)."""

    class Kind(models.TextChoices):
        PAPER = "paper", "tell every member that a paper is circulated"

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "sending"
        DONE = "done", "sent"
        FAILED = "failed", "failed"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    paper_version = models.ForeignKey(
        "meetings.PaperVersion", on_delete=models.CASCADE, related_name="mailings"
    )
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="mailing_queue")]
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)
