"""Mail to a poll's roll, carried out by the worker, with progress for its starter."""

from __future__ import annotations

from django.db import models

from openassembly.mail.models import Delivery, MailRun


class Task(MailRun):
    """One mail run to a poll's roll (the queue itself is django-tasks'; see ballots.tasks)."""

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

    kind = models.CharField(max_length=16, choices=Kind.choices)
    poll = models.ForeignKey(
        "ballots.Poll", on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="task_queue")]


class TaskDelivery(Delivery):
    run = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="deliveries")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "member"],
                                               name="task_delivery_once")]
