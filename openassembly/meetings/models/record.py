"""What meetings leave behind: decisions, actions, minutes, and what was withheld."""

from __future__ import annotations

from django.db import models


class Decision(models.Model):
    class Status(models.TextChoices):
        STANDING = "standing", "standing"
        VOID = "void", "void after a corrected result"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    # A decision of a meeting has its meeting and motion; a decision of the members by a
    # carried members' ballot has neither, and names its body and the ballot instead.
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="decisions", null=True,
        blank=True,
    )
    motion = models.OneToOneField(
        "meetings.Motion", on_delete=models.PROTECT, related_name="decision", null=True,
        blank=True,
    )
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    # The members' ballot that made it, as a plain id: ballots sits above meetings.
    ballot_id = models.PositiveIntegerField(null=True, blank=True)
    # What it rests on, as the public record says it (core.authority.Authority.as_data()).
    authority = models.JSONField(default=dict, blank=True)
    number = models.PositiveIntegerField(help_text="numbered in the organisation's register")
    title = models.CharField(max_length=200)
    html = models.TextField()
    made_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STANDING)
    # Carried in a private item whose ground withholds the outcome: listed, but not shown.
    withheld = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="decision_number_once"
            ),
            # Made at a meeting on a motion, or by the members in a ballot: one or the other.
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=False, motion__isnull=False,
                                   ballot_id__isnull=True)
                | models.Q(meeting__isnull=True, motion__isnull=True, ballot_id__isnull=False,
                           body__isnull=False),
                name="decision_of_meeting_or_ballot",
            ),
        ]
        ordering = ["organisation", "-number"]

    def __str__(self) -> str:
        return f"Decision {self.number}: {self.title}"

    @property
    def decided_by(self):
        """The body whose decision this is: the meeting's body, or the members' in a ballot."""
        return self.body if self.meeting_id is None else self.meeting.body


class Action(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField()
    # None when the system added it (the action a carried members' ballot sets).
    created_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True)
    created_at = models.DateTimeField()
    done_on = models.DateField(null=True, blank=True)
    done_note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "done_on", "due_on"], name="action_due")]
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "draft, being written"
        PUBLISHED = "published", "published, awaiting approval"
        APPROVED = "approved", "approved by a later meeting"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="minutes"
    )
    text = models.TextField()
    html = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    drafted_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        "meetings.Division", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "minutes"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="public_minutes_were_published",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(approved_by__isnull=False),
                name="approved_minutes_name_the_vote",
            ),
        ]

    def __str__(self) -> str:
        return f"minutes of {self.meeting}"


class Withholding(models.Model):
    """One public entry for each thing kept off the public record, and the rule that allowed it."""

    class Kind(models.TextChoices):
        PRIVATE_ITEM = "private-item", "item taken in private"
        SECRET_DIVISION = "secret-division", "secret ballot"
        REDACTED_PAPER = "redacted-paper", "paper withheld"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="withholdings"
    )
    description = models.TextField()
    ground = models.CharField(max_length=300)
    rule = models.CharField(max_length=20)
    decided_by = models.CharField(max_length=200)
    decided_at = models.DateTimeField()
    outcome_public = models.BooleanField(default=True)
    item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    division = models.ForeignKey(
        "meetings.Division", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    paper_version = models.ForeignKey(
        "meetings.PaperVersion", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:40]}"
