"""Browser sessions in each state a voting door meets, and what Django's own sign-in makes of
each: the doors (pages and the JSON API alike) use Django's session engine, authentication
middleware and backend, so these tests pin Django's behaviour at our doors, not ours."""

from __future__ import annotations

import json
from contextlib import contextmanager, nullcontext
from datetime import timedelta

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone

from openassembly.accounts.middleware import mark_second_factor_passed

TOKEN = "a" * 32


def browser(user=None, *, second_factor: bool = False) -> Client:
    """A browser with a CSRF cookie, as a phone that has loaded a page has; signed in as
    ``user`` if given."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    if second_factor:
        session = client.session
        mark_second_factor_passed(session)
        session.save()
    client.cookies["csrftoken"] = TOKEN
    return client


def post_json(client: Client, url: str, body: dict, *, token: str | None = TOKEN):
    extra = {"HTTP_X_CSRFTOKEN": token} if token else {}
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def post_form(client: Client, url: str, fields: dict, *, token: str | None = TOKEN):
    return client.post(url, {**({"csrfmiddlewaretoken": token} if token else {}), **fields})


def signed_out(response, door: str) -> bool:
    """The answer each door gives nobody signed in: 401 from the API, the sign-in page from a
    page."""
    if door == "api":
        return response.status_code == 401
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _key(client: Client) -> str:
    return client.cookies["sessionid"].value


def _expired(client, user):
    Session.objects.filter(session_key=_key(client)).update(
        expire_date=timezone.now() - timedelta(seconds=1))
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


def _from_before_the_migration(client, user):
    # accounts 0005 dropped the custom session table: a cookie from before names a key that
    # Django's table never held.
    Session.objects.filter(session_key=_key(client)).delete()
    return nullcontext()


def _named_the_retired_backend(client, user):
    # A session moved across by hand, still naming the custom backend that 0005 retired.
    session = SessionStore(session_key=_key(client))
    session[BACKEND_SESSION_KEY] = "openassembly.accounts.backends.MemberBackend"
    session.save()
    return nullcontext()


# name: (what to do to the signed-in browser, returning the context to send the request in,
#        whether Django's sign-in accepts the session)
STATES = {
    "signed in": (lambda client, user: nullcontext(), True),
    "expired": (_expired, False),
    "password changed since": (_password_changed, False),
    "login disabled": (_login_disabled, False),
    "signing key retired": (lambda client, user: _key_rotated(keep_old=False), False),
    "signing key among the fallbacks": (lambda client, user: _key_rotated(keep_old=True), True),
    "from before the migration": (_from_before_the_migration, False),
    "naming the retired custom backend": (_named_the_retired_backend, False),
}
DOORS = ["page", "api"]
