"""Scrutineers of an election or members' ballot, and their published reports."""

from __future__ import annotations

from django.db import models


class Scrutineer(models.Model):
    class Kind(models.TextChoices):
        EXTERNAL = "external", "an independent organisation"
        MEMBER = "member", "a member holding an elected seat"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    poll = models.ForeignKey("ballots.Poll", on_delete=models.CASCADE,
                             related_name="scrutineers")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    appointed_at = models.DateTimeField()
    # What the appointment rests on, as the record says it (Authority.as_data()).
    authority = models.JSONField(default=dict)
    report = models.TextField(blank=True)
    report_at = models.DateTimeField(null=True, blank=True)
    # Who put an external body's report on the record (a member scrutineer files their own).
    report_recorded_by = models.ForeignKey("members.Member", on_delete=models.PROTECT,
                                           null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "name"], name="scrutineer_once"),
            models.CheckConstraint(
                condition=models.Q(kind="external", member__isnull=True)
                | models.Q(kind="member", member__isnull=False),
                name="scrutineer_member_iff_member_kind",
            ),
        ]
        ordering = ["appointed_at", "pk"]

    def __str__(self) -> str:
        return self.name
