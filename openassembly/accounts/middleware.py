"""Anyone holding an officer seat must have passed a second factor in this session."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import redirect

from openassembly.core import clock

SESSION_KEY = "second_factor_ok"
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
            and _is_officer(user)
        ):
            target = "accounts:totp_verify" if user.has_second_factor else "accounts:totp_setup"
            return redirect(f"{_url(target)}?next={request.get_full_path()}")
        return self.get_response(request)


def _is_officer(user) -> bool:
    # The session's user arrives from backends.load_user with the answer already attached, so
    # asking costs no query; a user put on the request some other way is asked directly.
    known = getattr(user, "holds_officer_seat", None)
    return holds_officer_seat(user) if known is None else known


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
