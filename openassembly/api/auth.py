"""Who is calling the JSON API: a member's browser session (with Django's CSRF check) or a
personal access token sent as ``Authorization: Bearer <token>`` (accounts/tokens.py).

A token is tried first, so a script that sends one is never asked for a CSRF cookie; a
request with no Authorization header falls through to the session. A token that is unknown,
revoked or for another organisation is refused with 401, one without the scope the operation
needs with 403. Tokens never carry an officer's powers: no scope names one, and operations
that need the second factor take the session alone.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from openassembly.accounts import tokens
from openassembly.core.access import Viewer
from openassembly.core.errors import PowerDenied


class TokenAuth(HttpBearer):
    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = tokens.find(token)
        organisation = getattr(request, "organisation", None)
        if found is None or organisation is None or found.member.organisation_id != organisation.pk:
            # Unknown, revoked and another organisation's look alike, so a token cannot probe.
            raise AuthenticationError()
        if self.scope not in found.scopes:
            raise PowerDenied(f"This token may not {self.scope}: make one with the "
                              f"“{self.scope}” scope under My details, API tokens.",
                              power=f"token:{self.scope}")
        member = found.member
        tokens.touch(found)
        request.member = member
        request.viewer = Viewer(member.organisation, member)
        if member.user is not None:
            # Per-account rate limits (core/limits.py) count the token's account.
            request.user = member.user
        request.token = found
        return found


class Anyone:
    """For public reads: anyone may call, and a token, when sent, must be good (401 if not,
    403 without the scope); the read is then made as its member."""

    def __init__(self, scope: str = "read") -> None:
        self.token = TokenAuth(scope)

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get("Authorization"):
            return self.token(request) or None
        return True


class Session(SessionAuth):
    """ninja's ``django_auth``, except that a request with no signed-in session is told 401
    (not signed in) before the CSRF check could answer 403 for it."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


session_auth = Session()


def member_auth(scope: str) -> list:
    """A member's token with ``scope``, or the member's signed-in session."""
    return [TokenAuth(scope), session_auth]
