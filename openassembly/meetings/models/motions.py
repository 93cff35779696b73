"""Motions, amendments, points of order, and divisions with their votes."""

from __future__ import annotations

import uuid
from fractions import Fraction

from django.db import models


class Motion(models.Model):
    class Kind(models.TextChoices):
        SUBSTANTIVE = "substantive", "motion"
        AMENDMENT = "amendment", "amendment"
        REFERENCE_BACK = "reference-back", "reference back"
        CHALLENGE = "challenge", "challenge to the chair"
        MINUTES = "minutes", "approval of minutes"

    class Status(models.TextChoices):
        MOVED = "moved", "moved, awaiting a seconder"
        SECONDED = "seconded", "moved and seconded"
        VOTING = "voting", "being voted on"
        ACCEPTED = "accepted", "accepted by the mover"
        WITHDRAWN = "withdrawn", "withdrawn"
        CARRIED = "carried", "carried"
        LOST = "lost", "lost"
        REFERRED_BACK = "referred-back", "referred back"
        FALLEN = "fallen", "fell"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="motions"
    )
    item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="motions"
    )
    number = models.PositiveIntegerField(help_text="numbered within the meeting")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField(default=0, help_text="order among amendments")
    title = models.CharField(max_length=200)
    # Markdown as moved, and the motion's current text after accepted or carried amendments.
    original_text = models.TextField(blank=True)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    # An amendment: leave out these words and insert those (an empty leave-out adds at the end).
    delete_text = models.TextField(blank=True)
    insert_text = models.TextField(blank=True)
    decision_key = models.CharField(max_length=60, blank=True)
    new_constitution = models.TextField(blank=True)
    adopted_version = models.ForeignKey(
        "core.ConstitutionVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_by_motion",
    )
    point = models.ForeignKey(
        "meetings.PointOfOrder", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    minutes = models.ForeignKey(
        "meetings.Minutes", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    mover = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    seconder = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moved_at = models.DateTimeField()
    seconded_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.MOVED)
    outcome_note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="motion_number_once"),
            models.CheckConstraint(
                condition=models.Q(seconder__isnull=True) | ~models.Q(seconder=models.F("mover")),
                name="seconder_is_not_mover",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["substantive", "challenge", "minutes"])
                | models.Q(parent__isnull=False),
                name="amendment_has_a_motion",
            ),
        ]
        ordering = ["meeting", "number"]

    def __str__(self) -> str:
        return f"{self.get_kind_display().capitalize()} {self.number}: {self.title}"

    @property
    def is_open_to_vote(self) -> bool:
        return self.status in (self.Status.MOVED, self.Status.SECONDED)


class PointOfOrder(models.Model):
    class Status(models.TextChoices):
        RAISED = "raised", "awaiting the chair's ruling"
        RULED = "ruled", "ruled on"
        CHALLENGED = "challenged", "ruling challenged"
        UPHELD = "upheld", "ruling upheld by the meeting"
        OVERTURNED = "overturned", "ruling overturned by the meeting"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="points")
    item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    raised_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    online = models.BooleanField(default=False)
    raised_at = models.DateTimeField()
    text = models.TextField()
    ruling = models.TextField(blank=True)
    ruled_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ruled_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RAISED)

    class Meta:
        ordering = ["meeting", "raised_at", "pk"]

    def __str__(self) -> str:
        return f"point of order by {self.raised_by}"


class Division(models.Model):
    """A recorded vote on one motion, with the rules that decided it."""

    class Method(models.TextChoices):
        NAMED = "named", "named vote"
        HANDS = "hands", "show of hands"
        SECRET = "secret", "secret ballot"
        CARD = "card", "card vote (weighted by section)"

    class Status(models.TextChoices):
        OPEN = "open", "open"
        CLOSED = "closed", "closed"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="divisions"
    )
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="divisions")
    number = models.PositiveIntegerField()
    method = models.CharField(max_length=8, choices=Method.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    present = models.PositiveIntegerField()
    seats_filled = models.PositiveIntegerField()
    quorum_rule = models.CharField(max_length=20)
    quorum_reason = models.TextField()
    eligible = models.PositiveIntegerField(default=0)
    secret_rule = models.CharField(max_length=20, blank=True)
    # The proxy rules in force when the vote opened ("" when the body allows no proxies).
    proxy_rule = models.CharField(max_length=20, blank=True)
    proxy_split = models.BooleanField(default=False)
    votes_for = models.PositiveIntegerField(default=0)
    against = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)
    # Card votes keep exact weighted totals as fractions ("50/3"), never floats.
    weighted_for = models.CharField(max_length=60, blank=True)
    weighted_against = models.CharField(max_length=60, blank=True)
    weighted_abstain = models.CharField(max_length=60, blank=True)
    sections = models.JSONField(default=list, blank=True)
    majority_kind = models.CharField(max_length=12)
    majority_rule = models.CharField(max_length=20)
    headcount_reason = models.TextField(blank=True)
    result_reason = models.TextField(blank=True)
    carried = models.BooleanField(null=True, blank=True)
    corrected = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="division_number_once"),
            models.UniqueConstraint(
                fields=["motion"], condition=models.Q(status="open"), name="one_open_division"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(carried__isnull=False),
                name="closed_division_has_result",
            ),
        ]
        ordering = ["meeting", "number"]

    def __str__(self) -> str:
        return f"Division {self.number} of {self.meeting}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @staticmethod
    def _fraction(text: str) -> Fraction | None:
        return Fraction(text) if text else None

    @property
    def weighted(self) -> tuple[Fraction, Fraction, Fraction] | None:
        if self.method != self.Method.CARD or not self.weighted_for:
            return None
        return (Fraction(self.weighted_for), Fraction(self.weighted_against),
                Fraction(self.weighted_abstain))


class Elector(models.Model):
    """The roll of a division, fixed when it opens: who may vote, and who casts each vote.

    ``voted`` is flipped by a conditional UPDATE, which is what stops a second vote even when
    two arrive at the same moment; for a secret ballot it is all that links a member to it.
    """

    # No index of its own: the unique (division, member) index leads with it.
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="roll",
                                 db_index=False)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    caster = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    section = models.CharField(max_length=60, blank=True)
    voted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["division", "member"], name="on_the_roll_once")
        ]
        indexes = [models.Index(fields=["division", "caster"], name="elector_caster")]

    def __str__(self) -> str:
        return f"{self.member} in {self.division}"

    @property
    def by_proxy(self) -> bool:
        return self.caster_id != self.member_id


class Choice(models.TextChoices):
    FOR = "for", "for"
    AGAINST = "against", "against"
    ABSTAIN = "abstain", "abstain"


class Vote(models.Model):
    """A named (or card) vote: public, with who cast it when it was cast by a proxy."""

    Choice = Choice

    # No index of its own: the unique (division, member) index leads with it.
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="votes",
                                 db_index=False)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="votes")
    cast_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    section = models.CharField(max_length=60, blank=True)
    cast_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["division", "member"], name="one_vote_each")
        ]
        ordering = ["division", "member__name"]

    def __str__(self) -> str:
        return f"{self.member}: {self.choice}"

    @property
    def by_proxy(self) -> bool:
        return self.cast_by_id != self.member_id


class SecretBallot(models.Model):
    """A secret vote. No voter, no time, and a random key: nothing orders or joins it to a voter."""

    Choice = Choice

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    section = models.CharField(max_length=60, blank=True)

    def __str__(self) -> str:
        return f"a secret ballot in {self.division_id}"


class Correction(models.Model):
    """A recorded result corrected by two officers; the original stays on the record."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="corrections")
    before = models.JSONField()
    after = models.JSONField()
    reason = models.TextField()
    proposed_by = models.CharField(max_length=200)
    confirmed_by = models.CharField(max_length=200)
    action = models.ForeignKey("accounts.SensitiveAction", on_delete=models.PROTECT)
    corrected_at = models.DateTimeField()

    class Meta:
        ordering = ["division", "corrected_at"]

    def __str__(self) -> str:
        return f"correction of {self.division}"
