"""What a mail run keeps: the run, for its starter's progress page, and a row per recipient.

Each app declares its own concrete run (ballots' ``Task``, meetings' ``Mailing``) and delivery
model from these bases, with the link to what the mail is about.
"""

from __future__ import annotations

from django.db import models


class MailRun(models.Model):
    """One run of mail to a roll, carried out by the worker (see ``openassembly.mail.runs``).

    Each concrete run declares its own ``kind`` and ``status``, whose choices differ; every
    ``Status`` has at least QUEUED, RUNNING, DONE and FAILED.
    """

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    payload = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # When a task to carry the run out was last enqueued, and until when the worker carrying it
    # out holds it: a run whose holder stopped renewing (a worker killed mid-run) is enqueued
    # again by the tick once both have passed, and resumes after its last recorded recipient.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.kind} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)

    def not_known(self) -> int:
        """Recipients whose mail was being handed over when a worker stopped: not sent again."""
        if self.status in ("queued", "running"):
            return 0  # the chunk in hand is being sent now
        return self.deliveries.filter(status=Delivery.Status.SENDING).count()

    def refused(self) -> int:
        return self.deliveries.filter(status=Delivery.Status.FAILED).count()


class Delivery(models.Model):
    """Who a run wrote to and what became of it: written before the mail is handed to the mail
    server, so a run that resumes never writes to anyone twice."""

    class Status(models.TextChoices):
        SENDING = "sending", "not known: the run stopped while handing it over"
        SENT = "sent", "sent"
        FAILED = "failed", "refused by the mail server"

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.SENDING)
    at = models.DateTimeField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.member_id}: {self.status}"


class Notice(MailRun):
    """Mail to one member about themselves (their standing changed, and why): a run of one, so
    it is sent by the worker after the change commits, with the same record of delivery."""

    class Kind(models.TextChoices):
        STANDING = "standing", "tell a member their standing changed, and why"
        CONFIRM_ACT = "confirm-act", "tell an officer that a two-officer act waits for them"
        ADMISSION = "admission", "tell an applicant how their application to join was decided"

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "sending"
        DONE = "done", "sent"
        FAILED = "failed", "failed"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="notice_queue")]
        ordering = ["created_at", "pk"]


class NoticeDelivery(Delivery):
    run = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "member"],
                                               name="notice_delivery_once")]
