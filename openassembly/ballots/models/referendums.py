"""Members' ballots (referendums): a question, its options and a statement from each side."""

from __future__ import annotations

from django.db import models


class Referendum(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    poll = models.OneToOneField(
        "ballots.Poll", on_delete=models.CASCADE, related_name="referendum"
    )
    question = models.CharField(max_length=300)
    proposal = models.TextField(help_text="the full text of what is proposed")
    petition = models.OneToOneField(
        "ballots.Petition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referendum",
    )
    # A recall ballot: carried, it ends this holding's term.
    recall_holding = models.ForeignKey(
        "bodies.SeatHolding", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.question


class Statement(models.Model):
    class Side(models.TextChoices):
        FOR = "for", "for"
        AGAINST = "against", "against"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    referendum = models.ForeignKey(Referendum, on_delete=models.CASCADE, related_name="statements")
    side = models.CharField(max_length=8, choices=Side.choices)
    author = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    written_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referendum", "side"], name="statement_per_side"),
            # Each side writes its own: one member cannot put both cases.
            models.UniqueConstraint(fields=["referendum", "author"], name="statement_per_author"),
        ]
        ordering = ["side"]

    def __str__(self) -> str:
        return f"statement {self.side}"
