"""Members' petitions, their signatures, and agenda requests a petition can lead to."""

from __future__ import annotations

from django.db import models


class Petition(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "collecting signatures"
        SUCCEEDED = "succeeded", "threshold reached"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    kind = models.SlugField(help_text="the [[petitions]] key of the constitution")
    rule = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    text = models.TextField()
    target_holding = models.ForeignKey(
        "bodies.SeatHolding", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Rule 8.2's route: the amendment motion the body rejected, whose text the ballot puts.
    motion = models.ForeignKey(
        "meetings.Motion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    signatures_count = models.PositiveIntegerField(default=0)
    reached_at = models.DateTimeField(null=True, blank=True)
    threshold_reached = models.PositiveIntegerField(null=True, blank=True)
    consequence = models.TextField(blank=True, help_text="what happened when it succeeded")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Signature(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "member"], name="signature_once")
        ]

    def __str__(self) -> str:
        return f"signature on petition {self.petition_id}"


class AgendaRequest(models.Model):
    """An item a petition has put on a body's next agenda, until a meeting takes it."""

    class Status(models.TextChoices):
        PENDING = "pending", "waiting for the body's next meeting"
        PLACED = "placed", "on a meeting's agenda"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="+")
    petition = models.OneToOneField(
        Petition, on_delete=models.PROTECT, related_name="agenda_request"
    )
    title = models.CharField(max_length=200)
    text = models.TextField()
    rule = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField()
    placed_at = models.DateTimeField(null=True, blank=True)
    # The meetings app's agenda item, kept as a plain id so this app can migrate on its own.
    agenda_item_id = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title
