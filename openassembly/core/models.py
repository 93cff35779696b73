"""The organisation (the tenant), its constitution's versions, and its ledger."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django.db import models

from openassembly.ledger import iso_utc

if TYPE_CHECKING:
    from openassembly.rules.model import Constitution


@lru_cache(maxsize=64)
def _parse(text: str) -> Constitution:
    from openassembly.rules.loader import load_constitution

    return load_constitution(text)


class Organisation(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name

    def current_constitution_version(self) -> ConstitutionVersion:
        version = self.constitution_versions.order_by("-number").first()
        if version is None:
            raise LookupError(f"{self.slug} has no constitution yet")
        return version

    @property
    def constitution(self) -> Constitution:
        # Parsed once per text: the text is immutable per version, so the cache cannot go stale.
        cached = getattr(self, "_constitution_cache", None)
        if cached is None:
            cached = _parse(self.current_constitution_version().text)
            self._constitution_cache = cached
        return cached


class ConstitutionVersion(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="constitution_versions"
    )
    number = models.PositiveIntegerField()
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    adopted_at = models.DateTimeField()
    adopted_by = models.CharField(max_length=200, help_text="who or what adopted it, publicly")
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="constitution_version_once"
            )
        ]
        ordering = ["organisation", "-number"]

    def __str__(self) -> str:
        return f"{self.organisation.slug} constitution v{self.number}"

    def parsed(self) -> Constitution:
        return _parse(self.text)


class Checkpoint(models.Model):
    """A sealed batch of ledger events: the Merkle root of their hashes, chained to the last one."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="checkpoints"
    )
    number = models.PositiveIntegerField()
    prev = models.CharField(max_length=64)
    root = models.CharField(max_length=64)
    first_seq = models.BigIntegerField()
    last_seq = models.BigIntegerField()
    count = models.PositiveIntegerField()
    sealed_at = models.DateTimeField()
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="checkpoint_number_once"
            )
        ]
        ordering = ["organisation", "number"]

    def __str__(self) -> str:
        return f"checkpoint {self.number} of {self.organisation_id}"

    def as_dict(self) -> dict:
        return {
            "v": 1,
            "org": self.organisation.slug,
            "number": self.number,
            "prev": self.prev,
            "root": self.root,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "count": self.count,
            "sealed_at": iso_utc(self.sealed_at),
            "hash": self.hash,
        }


class LedgerEvent(models.Model):
    """One change of state. Public, so it never holds personal data, only commitments to it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=80)
    at = models.DateTimeField()
    # None means "the system", which the public record shows differently from a blank name.
    actor = models.CharField(max_length=200, blank=True, null=True)  # noqa: DJ001
    data = models.JSONField(default=dict)
    hash = models.CharField(max_length=64)
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "checkpoint"], name="ledger_unsealed"),
            models.Index(fields=["organisation", "-id"], name="ledger_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def content(self, org_slug: str) -> dict:
        return {
            "v": 1,
            "org": org_slug,
            "seq": self.pk,
            "kind": self.kind,
            "at": iso_utc(self.at),
            "actor": self.actor,
            "data": self.data,
        }


class Salt(models.Model):
    """The private half of a ledger commitment; erasing it (with the data) is how erasure works."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    subject = models.CharField(max_length=120, help_text="what the salt protects, e.g. member:42")
    value = models.BinaryField()
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "subject"], name="salt_subject")]

    def __str__(self) -> str:
        return f"salt for {self.subject}"
