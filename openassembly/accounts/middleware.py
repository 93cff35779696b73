"""The rule that anyone holding an officer seat must have passed a second factor in this
session, for pages and the JSON API alike."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from openassembly.bodies.powers import holds_officer_seat
from openassembly.core import clock

# The session key that records a passed second factor, and the one that records when.
SESSION_KEY = "second_factor_ok"
PASSED_AT_KEY = "second_factor_at"


def mark_second_factor_passed(session) -> None:
    session[SESSION_KEY] = True
    session[PASSED_AT_KEY] = clock.now().timestamp()


def second_factor_is_recent(request: HttpRequest) -> bool:
    """Whether this session passed the second factor within the last
    ``SECOND_FACTOR_RECENT_MINUTES``: the most sensitive acts (confirming a two-officer act,
    fetching a full export) ask for it again after that, so a session left open on a shared
    machine, or taken, cannot do them."""
    at = request.session.get(PASSED_AT_KEY)
    if at is None:
        return False
    return clock.now().timestamp() - at <= settings.SECOND_FACTOR_RECENT_MINUTES * 60


def ask_again(request: HttpRequest, next_url: str) -> HttpResponse:
    messages.info(request, "Enter your code again: this act needs the second factor from the "
                  f"last {settings.SECOND_FACTOR_RECENT_MINUTES} minutes. If your last code "
                  "was used a moment ago, wait for the next one.")
    return redirect(f"{reverse('accounts:totp_verify')}?next={quote(next_url)}")
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
            if request.path.startswith("/api/"):
                # A JSON client cannot follow a redirect to a sign-in page: say so in JSON.
                return JsonResponse({"detail": "An officer's session must pass the second "
                                               "factor before using the API: sign in on the "
                                               "site first."}, status=403)
            target = "accounts:totp_verify" if user.has_second_factor else "accounts:totp_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return None
