from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm

from .models import User


class ClaimAccountForm(PasswordResetForm):
    """Like a password reset, but a member on the register without a login gets one made."""

    def get_users(self, email):
        from openassembly.members.models import Member

        email = email.strip().lower()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            members = Member.objects.filter(email__iexact=email, user=None, erased_at=None)
            if not members.exists():
                return []
            user = User.objects.create_user(email, None)
            members.update(user=user)
        else:
            Member.objects.filter(email__iexact=email, user=None).update(user=user)
        return [user]
