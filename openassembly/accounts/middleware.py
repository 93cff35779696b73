"""Anyone holding an officer seat must have passed a second factor in this session."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import redirect

from openassembly.core import clock

SESSION_KEY = "second_factor_ok"
OFFICER_CHECK_KEY = "officer_checked"
# How long a "holds no officer seat" answer is trusted before asking the database again. A
# member seated as an officer mid-session meets the second-factor demand within this time;
# their powers need the seat anyway, so the gap only delays the prompt, it grants nothing.
OFFICER_RECHECK_SECONDS = 60
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


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(SESSION_KEY)
            and not request.path.startswith(EXEMPT_PREFIXES)
            and self._is_officer(request)
        ):
            target = "accounts:totp_verify" if user.has_second_factor else "accounts:totp_setup"
            return redirect(f"{_url(target)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _is_officer(request) -> bool:
        # Kept in the cache, not the session, so that a voter's single request writes nothing.
        key = f"{OFFICER_CHECK_KEY}:{request.user.pk}"
        now = clock.now().timestamp()
        checked = cache.get(key)
        if checked is not None and 0 <= now - checked < OFFICER_RECHECK_SECONDS:
            return False
        officer = holds_officer_seat(request.user)
        if not officer:
            cache.set(key, now, OFFICER_RECHECK_SECONDS)
        return officer


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
