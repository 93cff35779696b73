"""Who is signed in (one query with the session: see sessions.py), and the rule that anyone
holding an officer seat must have passed a second factor in this session."""

from __future__ import annotations

from django.contrib import auth
from django.contrib.auth import SESSION_KEY as DJANGO_SESSION_KEY
from django.contrib.auth import middleware as auth_middleware
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from openassembly.core import clock
from openassembly.members.middleware import signs_in_itself

from .backends import session_user
from .signed_in import SECOND_FACTOR_KEY

SESSION_KEY = SECOND_FACTOR_KEY
EXEMPT_PREFIXES = ("/accounts/", "/static/")


def holds_officer_seat(user) -> bool:
    from openassembly.bodies.models import SeatHolding

    today = clock.today()
    return (
        SeatHolding.objects.filter(
            member__user=user, seat_group__officer=True, starts_on__lte=today
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .exists()
    )


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, except that the user comes from the session's own query where it can."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _get_user(request))


def _get_user(request):
    if not hasattr(request, "_cached_user"):
        # Django's auth reads the session (whose one query also loads its user), then asks the
        # backend for the user by id: the context variable lets the backend answer from that.
        session = request.session
        session.get(DJANGO_SESSION_KEY)  # load it now, so loaded_user is known
        token = session_user.set(getattr(session, "loaded_user", None))
        try:
            request._cached_user = auth.get_user(request)
        finally:
            session_user.reset(token)
    return request._cached_user


class SecondFactorMiddleware:
    """Sends an officer who has not passed the second factor in this session to do so, before
    any view runs (the voting doors check the same inside their statement)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if signs_in_itself(request):
            return None
        return second_factor_redirect(request)


def second_factor_redirect(request) -> HttpResponse | None:
    """The redirect to the second factor, if the signed-in user holds an officer seat and this
    session has not passed it; None if they may go on."""
    user = request.user
    if (
        user.is_authenticated
        and not request.session.get(SESSION_KEY)
        and not request.path.startswith(EXEMPT_PREFIXES)
        and _is_officer(user)
    ):
        target = "accounts:totp_verify" if user.has_second_factor else "accounts:totp_setup"
        return redirect(f"{_url(target)}?next={request.get_full_path()}")
    return None


def _is_officer(user) -> bool:
    # The session's user arrives from backends.load_user with the answer already attached, so
    # asking costs no query; a user put on the request some other way is asked directly.
    known = getattr(user, "holds_officer_seat", None)
    return holds_officer_seat(user) if known is None else known


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
