"""Looking up a personal access token by its secret, and noting its use: the API's door
(api/auth.py) calls these; making and revoking tokens are services (services_tokens.py)."""

from __future__ import annotations

import hashlib

from openassembly.core import clock

from .models import AccessToken


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def find(secret: str) -> AccessToken | None:
    """The live token with this secret, with its member and organisation, or None."""
    return (AccessToken.objects.select_related("member__organisation", "member__user")
            .filter(digest=digest(secret), revoked_at__isnull=True).first())


def touch(token: AccessToken) -> None:
    """Record when a token was last used; at most once a minute, so reads stay reads."""
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
