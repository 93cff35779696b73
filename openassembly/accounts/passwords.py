from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm

from .models import User


class ClaimAccountForm(PasswordResetForm):
    """Like a password reset, but also for a login just made by ``services.claim_account``,
    which has no usable password yet (Django's own form skips those)."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email.strip(), is_active=True)
