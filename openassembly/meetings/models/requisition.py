"""Requisitions: members requiring a body (or all members) to meet, in the numbers a rule sets."""

from __future__ import annotations

from django.db import models


class Requisition(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "collecting signatures"
        COMPLETE = "complete", "complete: the meeting must be called"
        MET = "met", "the meeting is called"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT,
                             related_name="requisitions")
    # The constitution's [[requisitions]] entry it was made under, and its rule's number.
    kind = models.CharField(max_length=60)
    rule = models.CharField(max_length=20)
    purpose = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    started_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    # Fixed when it is started, from the body's members then: the target does not move while
    # members sign.
    members = models.PositiveIntegerField()
    needed = models.PositiveIntegerField()
    complete_at = models.DateTimeField(null=True, blank=True)
    # By when the officers must call the meeting (at once, for a right to call it directly),
    # and by when it must be held; set when the last needed signature comes in.
    call_by = models.DateTimeField(null=True, blank=True)
    hold_by = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(complete_at__isnull=False,
                                                             call_by__isnull=False),
                name="complete_requisition_has_deadline",
            ),
        ]
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Requisition {self.pk} of the {self.body}"


class RequisitionSignature(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE,
                                    related_name="signatures")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["requisition", "member"],
                                               name="requisition_signed_once")]
        ordering = ["signed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.member_id} on requisition {self.requisition_id}"
