"""Attempt limits on sign-in, for the password and the second factor alike, through django-axes.

Axes counts the failures of Django's own sign-in (``authenticate`` sends ``user_login_failed``)
per account and, separately, per address, and refuses both once either count reaches
``AXES_FAILURE_LIMIT`` within the cool-off. A wrong second-factor code is reported to axes the
same way, as a failed sign-in of that account from that address, so a stolen password does not
open an unlimited run of code guesses: the guesses lock the account as wrong passwords would.
When an account is locked its holder is mailed, once per lock-out.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import caches
from django.core.mail import send_mail
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import User


def username_of(request: HttpRequest, credentials: dict | None) -> str:
    """The account an attempt is against, in the form accounts are stored (lower case), so that
    "Sam@x" and "sam@x" count against one account."""
    value = (credentials or {}).get("username")
    if value is None:
        value = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return str(value).strip().lower()


def _credentials(user: User) -> dict:
    return {"username": user.email}


def second_factor_locked(request: HttpRequest, user: User) -> bool:
    """Whether this account, or the address the request comes from, is locked out."""
    return AxesProxyHandler.is_locked(request, _credentials(user))


def second_factor_failed(request: HttpRequest, user: User) -> None:
    """Count a wrong code as a failed sign-in of ``user`` from this request's address."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)


def cool_off_minutes() -> int:
    cool_off = get_cool_off()
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0


def locked_out_page(request: HttpRequest, response: HttpResponse | None = None,
                    credentials: dict | None = None) -> HttpResponse:
    """What a locked-out attempt sees (axes' AXES_LOCKOUT_CALLABLE): the reason and how long to
    wait, with 429 Too Many Requests."""
    return render(request, "accounts/locked_out.html", {
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": cool_off_minutes(),
    }, status=429)


@receiver(user_locked_out)
def _tell_the_holder(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """Mail the account holder when their account is locked. Only when the account itself is
    locked (an address locked for guessing at many accounts is not news to each of them), and
    once per lock-out: attempts during it would otherwise mail them again each time."""
    if not username:
        return
    user = User.objects.filter(email__iexact=username, is_active=True).first()
    if user is None or request is None:
        return
    if not _account_locked(request, user.email):
        return
    marker = f"locked-out-mailed:{user.pk}"
    cool_off = get_cool_off()
    if not caches["limits"].add(marker, 1, int(cool_off.total_seconds()) if cool_off else None):
        return
    send_mail(
        "Sign-in to your account was locked",
        (
            f"There were {settings.AXES_FAILURE_LIMIT} wrong attempts to sign in to your "
            f"account ({user.email}), with a wrong password or a wrong second-factor code, so "
            f"sign-in is locked for {cool_off_minutes()} minutes.\n\n"
            "If this was you, wait and try again. If it was not, someone knows or is guessing "
            "your email address; if they got as far as the second-factor code, they know your "
            "password: change it as soon as you can sign in, and tell another officer.\n"
        ),
        None,
        [user.email],
    )


def _account_locked(request: HttpRequest, username: str) -> bool:
    """Whether the failures against this account alone (from any address) reach the limit."""
    attempts = AccessAttempt.objects.filter(username=username)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    total = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    return total >= settings.AXES_FAILURE_LIMIT
