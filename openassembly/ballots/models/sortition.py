"""Drawing a panel by lot from a published pool, with a seed fixed before the pool closes."""

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
    # The seed stays private until the draw; its SHA-256 is public from the start, so the seed
    # cannot be chosen after the pool is known and nobody can predict the draw while joining.
    seed = models.CharField(max_length=64)
    seed_sha256 = models.CharField(max_length=64)
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
