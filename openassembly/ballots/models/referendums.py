"""Members' ballots (referendums): a question, its options and a statement from each side."""

from __future__ import annotations

from django.db import models


class Referendum(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    poll = models.OneToOneField(
        "ballots.Poll", on_delete=models.CASCADE, related_name="referendum"
    )
    # A petition's whole text is its ballot's question (rule 13.5), so no length is imposed.
    question = models.TextField()
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
    # A ballot called by petition runs on the constitution's timetable ([[petition_ballots]]):
    # statements are due at this time, and the statement against is chosen as it says.
    statements_due_at = models.DateTimeField(null=True, blank=True)
    against_by = models.CharField(max_length=8, blank=True, help_text="members or body")
    against_body = models.SlugField(blank=True, help_text="when the body chooses it")
    # Sides that had no statement at the deadline, where the rules let it open without one.
    no_statement = models.JSONField(default=list, blank=True)
    # Carried, this text is the constitution's next version (rule 8.2's route in the demo).
    new_constitution = models.TextField(blank=True)
    # Carried, the decision of the members in the decisions register.
    decision = models.OneToOneField(
        "meetings.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.question

    @property
    def by_petition(self) -> bool:
        return self.statements_due_at is not None


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
    # How the author came to write it, for the page: "the petition's proposer", "chosen by
    # 12 co-signers", "for the Coordinating Group, by decision 7".
    chosen_by = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referendum", "side"], name="statement_per_side"),
            # Each side writes its own: one member cannot put both cases.
            models.UniqueConstraint(fields=["referendum", "author"], name="statement_per_author"),
        ]
        ordering = ["side"]

    def __str__(self) -> str:
        return f"statement {self.side}"


class CandidateStatement(models.Model):
    """A statement against offered by a member for a ballot called by petition; the one with
    most co-signers when statements are due becomes the statement against."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    referendum = models.ForeignKey(Referendum, on_delete=models.CASCADE,
                                   related_name="candidates")
    author = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    offered_at = models.DateTimeField()
    cosigners_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referendum", "author"], name="candidate_per_author"),
        ]
        ordering = ["-cosigners_count", "offered_at", "pk"]

    def __str__(self) -> str:
        return f"candidate statement against by {self.author_id}"


class CoSignature(models.Model):
    """A member backing one candidate statement against; one per member per ballot."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    referendum = models.ForeignKey(Referendum, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(CandidateStatement, on_delete=models.CASCADE,
                                  related_name="cosignatures")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referendum", "member"], name="cosign_once"),
        ]

    def __str__(self) -> str:
        return f"co-signature of candidate {self.candidate_id}"
