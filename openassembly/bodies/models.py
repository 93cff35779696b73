"""Bodies, their seats as the constitution sets them, and who holds each seat for what term."""

from __future__ import annotations

from django.db import models

# The constitution's body kinds (rules.model.BodySpec.kind) in words, for the pages.
KIND_WORDS = {"committee": "Committee", "conference": "Conference",
              "all-members": "Meeting of all members"}


class Body(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    key = models.SlugField()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)
    rule = models.CharField(max_length=20)
    description = models.TextField(blank=True)
    established_on = models.DateField()
    dissolved_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="body_once")]
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return KIND_WORDS.get(self.kind, self.kind.replace("-", " ").capitalize())


class SeatGroup(models.Model):
    """Places of one kind on a body: e.g. the four seats for the North, or Unite's three."""

    class Kind(models.TextChoices):
        ELECTED = "elected", "elected"
        NOMINATED = "nominated", "nominated by an affiliate"
        EX_OFFICIO = "ex-officio", "ex officio"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seat_groups")
    seat_key = models.SlugField()
    name = models.CharField(max_length=200)
    label = models.CharField(max_length=200, blank=True)
    places = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    officer = models.BooleanField(default=False)
    rule = models.CharField(max_length=20)
    affiliate = models.ForeignKey(
        "members.Affiliate", on_delete=models.PROTECT, null=True, blank=True
    )
    region = models.ForeignKey("members.Region", on_delete=models.PROTECT, null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "seat_key", "label"], name="seat_group_once")
        ]
        ordering = ["body", "position"]

    def __str__(self) -> str:
        return f"{self.name} {self.label}".strip()


class SeatHolding(models.Model):
    """One person in one seat for one term. Ended terms stay: they are the public history."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    seat_group = models.ForeignKey(SeatGroup, on_delete=models.PROTECT, related_name="holdings")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="seats")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    how = models.CharField(max_length=200, help_text="elected at ..., nominated by ...")
    # The lawful route the seat was filled by (core.authority.Route) and the record it rests
    # on ("election:12", "decision:7", "nomination:3"; empty for the founding and ex officio).
    route = models.CharField(max_length=20, blank=True)
    reference = models.CharField(max_length=40, blank=True)
    # The holding of the office an ex officio seat follows: it ends when that office does.
    follows = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="followers")
    # How the term ended early, when it did: the route and the record (a decision, a recall).
    ended_route = models.CharField(max_length=20, blank=True)
    ended_reference = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [models.Index(fields=["seat_group", "ends_on"], name="holding_current")]
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"{self.member} in {self.seat_group}"


class SeatNomination(models.Model):
    """An affiliate's nomination of a member to one of its seats, recorded by the member the
    constitution says nominates for it (the affiliate's contact). The authority for a
    nominated seat (core.authority Route.NOMINATION)."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    seat_group = models.ForeignKey(SeatGroup, on_delete=models.PROTECT, related_name="+")
    affiliate = models.ForeignKey("members.Affiliate", on_delete=models.PROTECT,
                                  related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    nominated_by = models.ForeignKey("members.Member", on_delete=models.PROTECT,
                                     related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"{self.affiliate} nominates {self.member} to {self.seat_group}"
