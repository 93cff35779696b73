"""A poll is the voting half of an election or a members' ballot: roll, choices and ballots."""

from __future__ import annotations

import uuid

from django.db import models

from openassembly.counting import METHOD_INFO


class Poll(models.Model):
    class Kind(models.TextChoices):
        ELECTION = "election", "election"
        REFERENDUM = "referendum", "members' ballot"

    class Status(models.TextChoices):
        DRAFT = "draft", "announced"
        NOMINATIONS = "nominations", "nominations open"
        NOMINATIONS_CLOSED = "nominations-closed", "nominations closed"
        OPEN = "open", "voting open"
        CLOSED = "closed", "voting closed"
        COUNTED = "counted", "counted"
        DECLARED = "declared", "result declared"
        CANCELLED = "cancelled", "cancelled"

    class Form(models.TextChoices):
        RANKED = "ranked", "number the choices in order of preference"
        APPROVAL = "approval", "mark every choice you approve of"
        MARKS = "marks", "mark up to as many choices as there are places"
        SINGLE = "single", "mark one choice"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200)
    rule = models.CharField(max_length=20, help_text="the rule the ballot is held under")
    method = models.CharField(max_length=12)
    seats = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    roll_date = models.DateField()
    roll_region = models.ForeignKey(
        "members.Region", on_delete=models.PROTECT, null=True, blank=True
    )
    roll_size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Drawn by the system when voting closes, so nobody could choose it knowing the ballots.
    seed = models.CharField(max_length=64, blank=True)
    # The anonymised ballots as a BLT file, published at the close; the count reads only this.
    blt = models.TextField(blank=True)
    blt_sha256 = models.CharField(max_length=64, blank=True)
    ballots_count = models.PositiveIntegerField(default=0)
    voters_count = models.PositiveIntegerField(default=0)
    empty_count = models.PositiveIntegerField(default=0)
    invalid_count = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    result_text = models.TextField(blank=True)
    result_svg = models.TextField(blank=True)
    outcome = models.JSONField(default=dict, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The second officer who confirmed the cancellation (the two-person rule).
    cancel_confirmed_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(blank=True)
    # The stage it was cancelled at decides what the page says became of the ballots.
    cancelled_from = models.CharField(max_length=20, choices=Status.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "status"], name="poll_status")]
        ordering = ["-opens_at"]
        constraints = [
            # A cancellation is public with its reason, its officer and its time, or not at all.
            models.CheckConstraint(
                condition=~models.Q(status="cancelled")
                | (
                    models.Q(cancelled_at__isnull=False, cancelled_by__isnull=False)
                    & ~models.Q(cancel_reason="")
                    & ~models.Q(cancelled_from="")
                ),
                name="poll_cancelled_with_reason",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def method_title(self) -> str:
        """The counting method by its title ("ERS97 STV"), never its key."""
        info = METHOD_INFO.get(self.method)
        return info.title if info else self.method

    @property
    def form(self) -> str:
        if self.method in ("irv", "ers97", "meek", "scottish", "schulze", "ranked-pairs",
                           "minimax"):
            return self.Form.RANKED
        if self.method == "approval":
            return self.Form.APPROVAL
        if self.method == "block":
            return self.Form.MARKS
        return self.Form.SINGLE

    @property
    def before_voting(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.NOMINATIONS,
                               self.Status.NOMINATIONS_CLOSED)

    @property
    def published(self) -> bool:
        """Whether the ballots are public. A poll cancelled after the close keeps them public:
        they were published at the close, and withdrawing them would only look like hiding."""
        after_close = (self.Status.CLOSED, self.Status.COUNTED, self.Status.DECLARED)
        if self.status == self.Status.CANCELLED:
            return self.cancelled_from in after_close
        return self.status in after_close

    @property
    def cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Choice(models.Model):
    """A line on the ballot paper: a candidate or an option, numbered as in the BLT file."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField(help_text="1-based, as in the BLT file")
    label = models.CharField(max_length=200)
    candidacy = models.OneToOneField(
        "ballots.Candidacy", on_delete=models.PROTECT, null=True, blank=True, related_name="choice"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="choice_position_once"),
            models.UniqueConstraint(fields=["poll", "label"], name="choice_label_once"),
        ]
        ordering = ["poll", "position"]

    def __str__(self) -> str:
        return self.label


class RollEntry(models.Model):
    """A member entitled to vote, fixed from the register at the roll date when voting opens."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="roll")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "member"], name="roll_entry_once"),
        ]

    def __str__(self) -> str:
        return f"roll entry of poll {self.poll_id}"


class Participation(models.Model):
    """The mark on the register: this member has voted in this poll. Never how, never when.

    The unique constraint is what makes a second vote impossible, even when two requests from
    the same member race: the second insert waits for the first, then finds the mark and
    inserts nothing, and its transaction is refused before any ballot is written.
    """

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    # No index of its own: the unique (poll, member) index leads with it.
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="participations",
                             db_index=False)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    # The server's half of the voter's receipt (receipts.py): given back to the voter alone, so
    # their browser can recompute a receipt whose response was lost. Without the secret the
    # browser kept it says nothing about which ballot is theirs.
    receipt_pad = models.CharField(max_length=15, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "member"], name="participation_once"),
        ]

    def __str__(self) -> str:
        return f"participation in poll {self.poll_id}"


class Ballot(models.Model):
    """One ballot as cast, with nothing that could lead back to its voter.

    The key is random (a sequence would record the order of voting), there is no timestamp,
    no member and no default ordering. The receipt is random too; it is shown once to the
    voter and published next to the ballot after the close.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    # No index of its own: the unique (poll, receipt) index leads with it.
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots",
                             db_index=False)
    receipt = models.CharField(max_length=16)
    # 1-based choice positions, most preferred first; a set of marks for approval and block
    # voting; empty for a deliberately blank ballot.
    marks = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "receipt"], name="receipt_once"),
        ]

    def __str__(self) -> str:
        return f"ballot {self.receipt}"
