"""The rule that anyone holding an officer seat must have passed a second factor in this
session, for pages and the JSON API alike."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from openassembly.bodies.powers import holds_officer_seat

# The session key that records a passed second factor.
SESSION_KEY = "second_factor_ok"
EXEMPT_PREFIXES = ("/accounts/", "/static/")


class SecondFactorMiddleware:
    """Sends an officer who has not passed the second factor in this session to do so, before
    any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(SESSION_KEY)
            and not request.path.startswith(EXEMPT_PREFIXES)
            and holds_officer_seat(user)
        ):
            target = "accounts:totp_verify" if user.has_second_factor else "accounts:totp_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return None
