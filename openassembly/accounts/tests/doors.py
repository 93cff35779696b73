"""Browser sessions in each state the voting doors must judge exactly as Django's sign-in does.

The doors test a session inside their one statement (accounts/signed_in.py) and open it the
ordinary way only when that statement records nothing, so every state below is put to both
doors: the outcome must be the one Django's own sign-in gives, whichever of the two decided.
"""

from __future__ import annotations

import json
from contextlib import contextmanager, nullcontext
from datetime import timedelta

from django.test import Client, override_settings
from django.utils import timezone

from openassembly.accounts.middleware import SESSION_KEY as SECOND_FACTOR
from openassembly.accounts.models import Session

TOKEN = "a" * 32


def browser(user, *, second_factor: bool = False) -> Client:
    """A signed-in browser with a CSRF cookie, as a phone that has loaded a page has."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    if second_factor:
        session = client.session
        session[SECOND_FACTOR] = True
        session.save()
    client.cookies["csrftoken"] = TOKEN
    return client


def post(client: Client, url: str, body: dict, *, token: str | None = TOKEN):
    extra = {"HTTP_X_CSRFTOKEN": token} if token else {}
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def _session(client: Client):
    return Session.objects.filter(session_key=client.cookies["sessionid"].value)


def _expired(client, user):
    _session(client).update(expire_date=timezone.now() - timedelta(seconds=1))
    return nullcontext()


def _password_changed(client, user):
    user.set_password("a different passphrase altogether")
    user.save()
    return nullcontext()


def _login_disabled(client, user):
    user.is_active = False
    user.save()
    return nullcontext()


@contextmanager
def _key_rotated(*, keep_old: bool):
    from django.conf import settings

    old = settings.SECRET_KEY
    with override_settings(SECRET_KEY="a newly rotated key, long enough to sign with",
                           SECRET_KEY_FALLBACKS=[old] if keep_old else []):
        yield


def _saved_before_the_columns(client, user):
    # A session from before the sign-in columns existed: valid, but the statement cannot tell.
    _session(client).update(auth_digest="", key_id="", second_factor=False)
    return nullcontext()


# name: (what to do to the signed-in browser, returning the context to send the request in,
#        whether Django's sign-in accepts it, whether the door's statement can tell so itself)
STATES = {
    "signed in": (lambda client, user: nullcontext(), True, True),
    "expired": (_expired, False, False),
    "password changed since": (_password_changed, False, False),
    "login disabled": (_login_disabled, False, False),
    "signing key retired": (lambda client, user: _key_rotated(keep_old=False), False, False),
    "signing key among the fallbacks": (lambda client, user: _key_rotated(keep_old=True), True,
                                        True),
    "saved before the sign-in columns": (_saved_before_the_columns, True, False),
}


def decided_in_one_statement(queries) -> bool:
    """Whether the door's own statement, and nothing else, answered (PostgreSQL only)."""
    return len(queries.captured_queries) == 1
