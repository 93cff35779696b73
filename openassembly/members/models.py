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
        EXPELLED = "expelled", "expelled"
        RESIGNED = "resigned", "resigned"
        # A confirmed sign-up the constitution's admission route has not yet admitted
        # (rules/admission.py): on no roll, and no member until admitted.
        APPLICANT = "applicant", "applicant awaiting admission"
        REFUSED = "refused", "application refused"

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
    # The dues record (members/services_dues.py): paid up to and including this day. Empty until the
    # first payment is recorded, when the member owes from the day they joined.
    dues_paid_to = models.DateField(null=True, blank=True)
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


class DuesPayment(models.Model):
    """One payment of a member's dues, recorded by an officer with the power to (private)."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="dues_payments")
    amount_pence = models.PositiveIntegerField()
    paid_on = models.DateField()
    paid_from = models.DateField(help_text="the day the periods paid for start")
    paid_to = models.DateField(help_text="the member's paid-up date after this payment")
    recorded_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"dues of member {self.member_id} to {self.paid_to}"


class StandingChange(models.Model):
    """A change of a member's standing, with the rule and the decision it rests on.

    Private (it names the member); the ledger carries the same change with a commitment in the
    member's place, and the compliance record counts lapses by day from these rows."""

    class Cause(models.TextChoices):
        LAPSED = "lapsed", "lapsed under the dues rule"
        RENEWED = "renewed", "renewed by paying dues"
        SUSPENDED = "suspended", "suspended by a disciplinary decision"
        EXPELLED = "expelled", "expelled by a disciplinary decision"
        REINSTATED = "reinstated", "reinstated by a disciplinary decision"
        ADMITTED = "admitted", "admitted as a member"
        REFUSED = "refused", "application to join refused"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="standing_changes")
    cause = models.CharField(max_length=12, choices=Cause.choices)
    was = models.CharField(max_length=12, choices=Member.Status.choices)
    became = models.CharField(max_length=12, choices=Member.Status.choices)
    on = models.DateField()
    at = models.DateTimeField()
    rule = models.CharField(max_length=200)
    decision = models.PositiveIntegerField(null=True, blank=True,
                                           help_text="the decision's number in the register")
    reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        constraints = [
            # One disciplinary decision is about one member, and is carried out once.
            models.UniqueConstraint(fields=["organisation", "decision"],
                                    condition=models.Q(decision__isnull=False),
                                    name="standing_decision_once"),
        ]
        indexes = [models.Index(fields=["organisation", "cause", "on"], name="standing_by_day")]
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"member {self.member_id} {self.cause} on {self.on}"
