"""Login accounts, and sensitive actions awaiting a second officer."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models

from openassembly.core import sensitive


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("an account needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A person's login. Powers never live here: they come from seats held in an organisation."""

    email = models.EmailField(unique=True)
    is_active = models.BooleanField(default=True)
    # For operators using the Django admin when it is switched on; grants nothing in the app.
    is_staff = models.BooleanField(default=False)
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    def __str__(self) -> str:
        return self.email

    @property
    def has_second_factor(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return self.is_active and self.is_staff

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_active and self.is_staff


class SensitiveAction(models.Model):
    """The two-person rule: one officer proposes, a different one confirms, then it happens."""

    class Status(models.TextChoices):
        PENDING = "pending", "awaiting a second officer"
        CONFIRMED = "confirmed", "confirmed and carried out"
        CANCELLED = "cancelled", "cancelled"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    kind = models.CharField(max_length=60)
    payload = models.JSONField(default=dict)
    reason = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="actions_proposed"
    )
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("proposed_by")),
                name="second_officer_differs",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.status})"

    @property
    def kind_title(self) -> str:
        """What the act is, in words (its registered title), never its key."""
        spec = sensitive.SPECS.get(self.kind)
        return spec.title if spec else self.kind


class RecoveryCode(models.Model):
    """A one-time code issued when the second factor is set up, for the day the phone is lost.

    Only a hash is kept: the codes are shown once, at setup. They are long random strings, so a
    fast hash is enough (nothing to guess from it), and a used code is marked, never reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="recovery_code_once")
        ]

    def __str__(self) -> str:
        return f"recovery code of {self.user_id} ({'used' if self.used_at else 'unused'})"


class AccessToken(models.Model):
    """A member's personal access token for the JSON API. Only the SHA-256 of the secret is
    kept: the secret is shown once, when the token is made, and cannot be read back."""

    SCOPES = {"read": "read what you can see when signed in",
              "vote": "cast your own votes and ballots"}

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE,
                               related_name="access_tokens")
    name = models.CharField(max_length=80)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
