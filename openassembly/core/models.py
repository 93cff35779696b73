"""The organisation (the tenant), its constitution's versions, its ledger, and the shape of a
background mail run."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django.db import models

from openassembly.core import clock
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

    def versions_at(self, moment) -> tuple[ConstitutionVersion, ConstitutionVersion | None]:
        """(the version in force at ``moment``, the one adopted but not yet in force, if any).

        The founding version governs from the start, so a moment before it was recorded (a
        demo or test set in the past) is governed by it too.
        """
        latest = self.constitution_versions.order_by("-number").first()
        if latest is None:
            raise LookupError(f"{self.slug} has no constitution yet")
        if latest.effective_at <= moment or latest.number == 1:
            return latest, None
        current = (self.constitution_versions.filter(effective_at__lte=moment)
                   .order_by("-number").first()
                   or self.constitution_versions.order_by("number").first())
        return current, latest if latest.adopted_at <= moment else None

    def current_constitution_version(self) -> ConstitutionVersion:
        """The version in force now: a version adopted to take effect later does not govern."""
        return self.versions_at(clock.now())[0]

    def pending_constitution_version(self) -> ConstitutionVersion | None:
        """A version adopted but waiting for the date the constitution says it takes effect."""
        return self.versions_at(clock.now())[1]

    @property
    def constitution(self) -> Constitution:
        # Parsed once per text (texts never change), and kept on this instance only until the
        # moment a pending version takes effect, so a long-lived instance cannot go stale.
        cached = getattr(self, "_constitution_cache", None)
        now = clock.now()
        if cached is None or (cached[1] is not None and now >= cached[1]):
            current, pending = self.versions_at(now)
            cached = (_parse(current.text), pending.effective_at if pending else None)
            self._constitution_cache = cached
        return cached[0]


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
    # When it governs, under the amendment rule of the version it replaced (at adoption when
    # that version set no delay), and why.
    effective_at = models.DateTimeField()
    effective_rule = models.CharField(max_length=20, blank=True)
    effective_reason = models.TextField(blank=True)
    # When bodies and seats were brought into line with it, which happens once it is in force.
    applied_at = models.DateTimeField(null=True, blank=True)
    # What adopted it (core/authority.py): the founders, a decision of the empowered body or a
    # carried members' ballot; the text says which and by what vote ("by decision 7 of the
    # Coordinating Group, carried 20-0-1"), the reference is what the record links to.
    authority_route = models.CharField(max_length=20, blank=True)
    authority_text = models.CharField(max_length=300, blank=True)
    authority_reference = models.CharField(max_length=60, blank=True)
    authority_rule = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="constitution_version_once"
            ),
            models.CheckConstraint(
                condition=models.Q(effective_at__gte=models.F("adopted_at")),
                name="constitution_effective_after_adoption",
            ),
        ]
        ordering = ["organisation", "-number"]

    def __str__(self) -> str:
        return f"{self.organisation.slug} constitution v{self.number}"

    def parsed(self) -> Constitution:
        return _parse(self.text)

    @property
    def has_taken_effect(self) -> bool:
        return self.effective_at <= clock.now()


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

    # No index of its own: both indexes below lead with it, and every append pays per index.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="events",
                                     db_index=False)
    kind = models.CharField(max_length=80)
    at = models.DateTimeField()
    # None means "the system", which the public record shows differently from a blank name.
    actor = models.CharField(max_length=200, blank=True, null=True)  # noqa: DJ001
    data = models.JSONField(default=dict)
    hash = models.CharField(max_length=64)
    # Not indexed on its own: nothing looks events up by checkpoint alone, and sealing rewrites
    # this column on every event it seals.
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, null=True, blank=True, related_name="events",
        db_index=False,
    )

    class Meta:
        indexes = [
            # Only the events waiting to be sealed: small however long the ledger grows, and a
            # sealed event leaves it instead of being indexed again.
            models.Index(fields=["organisation", "id"], name="ledger_unsealed",
                         condition=models.Q(checkpoint__isnull=True)),
            models.Index(fields=["organisation", "-id"], name="ledger_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def content(self, org_slug: str) -> dict:
        return self.content_of(org_slug, self.pk, self.kind, self.at, self.actor, self.data)

    @staticmethod
    def content_of(org_slug: str, pk: int, kind: str, at, actor: str | None, data) -> dict:
        """The hashed content of an event from its columns (sealing reads rows, not models)."""
        return {
            "v": 1,
            "org": org_slug,
            "seq": pk,
            "kind": kind,
            "at": iso_utc(at),
            "actor": actor,
            "data": data,
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


class VacuumDue(models.Model):
    """A table of secret ballots whose dead row versions may have outlived the close's vacuum
    (core/secrecy.py): PostgreSQL's VACUUM cannot remove a version that a transaction older than
    the close might still see. The tick vacuums the table again once no such transaction is
    left, then deletes the mark. One row per table, for the whole install: a table holds every
    organisation's ballots, and the mark says nothing about any of them."""

    table = models.CharField(max_length=63, unique=True)
    # The latest closing transaction's id (PostgreSQL's 64-bit form): a transaction whose
    # snapshot is older than this one's commit may still see what that close deleted.
    xid = models.BigIntegerField()
    marked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.table} to vacuum again"
