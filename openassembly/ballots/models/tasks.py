"""Background work (mail to a whole roll) kept in the database, with progress for its starter."""

from __future__ import annotations

from django.db import models


class Task(models.Model):
    class Kind(models.TextChoices):
        BALLOT_OPEN = "ballot-open", "tell the roll that voting is open"
        REMINDER = "reminder", "remind those who have not voted"
        RESULT = "result", "send the result to the roll"
        QUESTIONNAIRE = "questionnaire", "invite every candidate to answer a questionnaire"
        CANCELLED = "cancelled", "tell the roll that the ballot was cancelled"

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"
        CANCELLED = "cancelled", "stopped: the ballot was cancelled"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    poll = models.ForeignKey(
        "ballots.Poll", on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
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
        indexes = [models.Index(fields=["status", "created_at"], name="task_queue")]

    def __str__(self) -> str:
        return f"{self.kind} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)
