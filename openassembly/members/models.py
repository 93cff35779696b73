"""People and the groups they belong to: the member register."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class Region(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="region_once")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Affiliate(models.Model):
    """A body affiliated as a whole: a union, a national organisation or a local group."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    kind = models.CharField(max_length=60, help_text="an affiliate kind key of the constitution")
    name = models.CharField(max_length=200)
    slug = models.SlugField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    affiliated_on = models.DateField()
    disaffiliated_on = models.DateField(null=True, blank=True)
    # The affiliate's named contact: the one member who records its nominations to seats
    # (the constitution's [[seat_routes]] nominator = "contact").
    contact = models.ForeignKey("Member", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="contact_for")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="affiliate_once")
        ]
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class AffiliationFee(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    affiliate = models.ForeignKey(Affiliate, on_delete=models.PROTECT, related_name="fees")
    year = models.PositiveIntegerField()
    amount_pence = models.PositiveIntegerField()
    paid_on = models.DateField()
    recorded_by = models.ForeignKey("Member", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["affiliate", "year"], name="fee_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.affiliate} {self.year}"


class Member(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "active"
        LAPSED = "lapsed", "lapsed"
        SUSPENDED = "suspended", "suspended"
        RESIGNED = "resigned", "resigned"

    # A member is an Actor (core/actors.py); the system is the other kind.
    is_member = True

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    # Personal data: shown only to the member and to officers with the register power.
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    local_group = models.ForeignKey(
        Affiliate, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    public_office_holder = models.BooleanField(default=False)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=~models.Q(email=""),
                name="member_email_once",
            ),
            models.UniqueConstraint(
                fields=["organisation", "user"], name="one_membership_per_user"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="member_status")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Appeal(models.Model):
    """A public sign-up appeal: people sign, confirm by email and so join the register."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    slug = models.SlugField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="appeal_once")]

    def __str__(self) -> str:
        return self.title


class Signup(models.Model):
    """A signature awaiting its email confirmation; nothing joins the register before that."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="signups")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    local_group = models.ForeignKey(Affiliate, on_delete=models.PROTECT, null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True)

    def __str__(self) -> str:
        return f"signup to {self.appeal_id}"
