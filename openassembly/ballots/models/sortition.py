"""Drawing a panel by lot from a published pool, with a seed made by commit and reveal.

The seed is made from secret values that several parties (``SeedParty``) chose on their own
devices: the server holds only their commitments (hashes) until the pool has closed, so nobody
who can read the database can know the draw in advance (``counting.seed``, docs/sortition.md).
"""

from __future__ import annotations

from django.db import models


class Sortition(models.Model):
    class Status(models.TextChoices):
        POOL_OPEN = "pool-open", "pool open"
        POOL_CLOSED = "pool-closed", "pool closed"
        DRAWN = "drawn", "drawn"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    purpose = models.TextField()
    rule = models.CharField(max_length=20)
    places = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.POOL_OPEN)
    # The seed is derived at the draw from the parties' revealed values, and empty until then.
    # Draws announced before commit-reveal kept a server-made seed here, with its hash in
    # ``seed_sha256``; those stay as they were published.
    seed = models.CharField(max_length=64, blank=True)
    seed_sha256 = models.CharField(max_length=64, blank=True)
    # How many members besides the returning officer must commit, under which rule, fixed from
    # the constitution when the draw is announced so a later amendment cannot change it.
    witnesses = models.PositiveSmallIntegerField(default=0)
    seed_rule = models.CharField(max_length=20, blank=True)
    reveal_hours = models.PositiveIntegerField(default=48)
    reveal_by = models.DateTimeField(null=True, blank=True)
    pool_sha256 = models.CharField(max_length=64, blank=True)
    selected = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class PoolEntry(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    sortition = models.ForeignKey(Sortition, on_delete=models.CASCADE, related_name="pool")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    # The name as published in the pool list, made unique within the pool.
    label = models.CharField(max_length=240)
    joined_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sortition", "member"], name="pool_entry_once"),
            models.UniqueConstraint(fields=["sortition", "label"], name="pool_label_once"),
        ]
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class SeedParty(models.Model):
    """One party to a draw's seed: its commitment, and its value once revealed after the close.

    The value is never stored before the pool has closed: the server sees only the commitment,
    which the party's own device (the page's script or ``openassembly sortition-secret``) made."""

    class Role(models.TextChoices):
        RETURNING_OFFICER = "returning-officer", "returning officer"
        WITNESS = "witness", "witness"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    sortition = models.ForeignKey(Sortition, on_delete=models.CASCADE, related_name="parties")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)
    commitment = models.CharField(max_length=64)
    committed_at = models.DateTimeField()
    value = models.CharField(max_length=64, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    # Set at the draw when the party had not revealed by the deadline (the fallback applied).
    withheld = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sortition", "member"], name="seed_party_once"),
            models.UniqueConstraint(fields=["sortition", "commitment"],
                                    name="seed_commitment_once"),
        ]
        ordering = ["committed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_role_display()})"
