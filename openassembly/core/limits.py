"""Rate limits on what a script could repeat, counted with django-ratelimit.

The counters live in the "limits" cache (the database, or Redis when REDIS_URL is set), so they
hold across every worker. Each limit is counted per account, per address, or per the email
address a form names; ``settings.RATE_LIMITS`` sets how many in what time. Casting a ballot is
limited per account only, never per address: a conference votes from one venue's address.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from openassembly.core.clients import client_address
from openassembly.core.errors import RateLimited


def _account(group: str, request: HttpRequest) -> str:
    user = request.user
    # An anonymous request cannot reach an act limited per account (each needs a sign-in);
    # should one try, it counts against its address rather than going uncounted.
    return f"user:{user.pk}" if user.is_authenticated else f"address:{client_address(request)}"


def _address(group: str, request: HttpRequest) -> str:
    return client_address(request)


def _email(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


KEYS = {"account": _account, "address": _address, "email": _email}
PER = {"account": "from one account", "address": "from one address",
       "email": "for one email address"}
UNITS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


def _words(rate: str) -> str:
    """ "10/h" as "10 an hour", "5/15m" as "5 in 15 minutes"."""
    count, period = rate.split("/")
    unit, number = UNITS[period[-1]], period[:-1]
    if number and number != "1":
        return f"{count} in {number} {unit}s"
    return f"{count} {'an' if unit == 'hour' else 'a'} {unit}"


def check(request: HttpRequest, act: str, *, per: tuple[str, ...]) -> None:
    """Count one ``act`` (a key of settings.RATE_LIMITS) for each of ``per`` ("account",
    "address", "email"), and refuse with RateLimited once any count is past its limit."""
    for key in per:
        rate = settings.RATE_LIMITS[act][key]
        if is_ratelimited(request, group=f"{act}:{key}", key=KEYS[key], rate=rate,
                          method=ALL, increment=True):
            raise RateLimited(
                f"Too many {act} {PER[key]} in a short time (the limit is {_words(rate)}). "
                "Wait a while and try again."
            )
