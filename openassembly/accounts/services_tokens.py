"""Personal access tokens for the JSON API: made and revoked by the member they belong to.

A token acts as its member for the scopes it carries and nothing else. No scope carries an
officer's powers: acts that need the second factor are reached only through a signed-in
session (accounts/middleware.py), so a token leaked from a script cannot do them.
"""

from __future__ import annotations

import secrets

from django.db import transaction

from openassembly.core import clock
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput, NotFound
from openassembly.core.ledger import append_event
from openassembly.members.models import Member

from .models import AccessToken
from .tokens import digest

PREFIX = "oa_"


@acts(Route.SELF)
@transaction.atomic
def create_token(member: Member, *, name: str, scopes: list[str]) -> tuple[AccessToken, str]:
    """Make a token for ``member``; returns it and its secret, which is shown this once."""
    name = name.strip()
    if not name:
        raise InvalidInput("Give the token a name, so you can tell it apart later.", field="name")
    unknown = sorted(set(scopes) - set(AccessToken.SCOPES))
    if unknown:
        raise InvalidInput(f"No such scope: {', '.join(unknown)}.", field="scopes")
    if not scopes:
        raise InvalidInput("Choose at least one thing the token may do.", field="scopes")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(member=member, name=name, digest=digest(secret),
                                       scopes=sorted(set(scopes)), created_at=clock.now())
    append_event(member.organisation, kind="token.created", actor=member.name,
                 data={"token": token.pk, "name": token.name, "scopes": token.scopes})
    return token, secret


@acts(Route.SELF)
@transaction.atomic
def revoke_token(member: Member, *, token: int) -> AccessToken:
    """Revoke one of ``member``'s own tokens; it is refused from then on."""
    found = AccessToken.objects.select_for_update().filter(member=member, pk=token).first()
    if found is None:
        raise NotFound("No such token.")
    if found.revoked_at is not None:
        raise Conflict("This token is already revoked.")
    found.revoked_at = clock.now()
    found.save(update_fields=["revoked_at"])
    append_event(member.organisation, kind="token.revoked", actor=member.name,
                 data={"token": found.pk, "name": found.name})
    return found

