"""The browser session at the voting doors: checked against CSRF here, but opened only if the
door's one statement could not act on it (see accounts/signed_in.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie

from openassembly.accounts.middleware import second_factor_redirect
from openassembly.accounts.signed_in import SessionHolder
from openassembly.members.middleware import attach_organisation


class SessionCookie(APIKeyCookie):
    """Django's session cookie and CSRF check, as ninja's ``django_auth``, without loading the
    user: the view gets the cookie's value as ``request.auth``."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: Any, key: str | None) -> str | None:
        return key or None


session_cookie = SessionCookie()


def holder(request: Any, org: str) -> SessionHolder:
    return SessionHolder(session_key=request.auth, organisation=org)


def open_session(request: Any, org: str) -> HttpResponse | None:
    """What the middleware leaves to a door that signs in itself, for when its statement
    recorded nothing: who is signed in (401 if nobody), the second factor an officer needs (its
    redirect, as on every page), and the organisation with the user's membership."""
    if not request.user.is_authenticated:
        raise AuthenticationError()
    refusal = second_factor_redirect(request)
    if refusal is not None:
        return refusal
    attach_organisation(request, org)
    return None
