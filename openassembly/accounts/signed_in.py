"""Signed in, as a single SQL statement can check it: how the voting doors know who is voting
without first asking the database who holds the session.

A vote and a ballot are each one statement on PostgreSQL. Opening the session beforehand, as
every page does, costs a round trip, a signature check and a user built from rows, which was
about a third of a vote's cost. So each session row also carries, in columns of its own, what
Django's sign-in check concludes from its signed data, written whenever the session is saved:

* ``user_id``: whose session it is;
* ``auth_digest``: SHA-256 of that user's password hash when the session was signed in, or empty
  if the session's auth hash did not match then. A changed password no longer matches the
  digest, just as it no longer matches Django's session auth hash;
* ``key_id``: which SECRET_KEY signed the data. Once that key is in neither SECRET_KEY nor
  SECRET_KEY_FALLBACKS the row no longer counts, just as its signature would no longer verify;
* ``second_factor``: whether this session has passed the second factor officers need.

``signed_in_member()`` tests all of these, with the expiry date, the login being active and the
officer rule, and finds the member of the organisation the request names. A statement that
finds nobody records nothing, and the door then opens the session the ordinary way, which
either explains the refusal or records the vote (a session saved before these columns existed,
say). The columns are never more permissive than the data: a row whose columns were edited in
the database could name anyone, but whoever can write the database could write votes too, and
the ledger and the marked register are the defence against that (see docs/threat-model.md).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from openassembly.core import clock

from .backends import officer_seat

# The session key that records a passed second factor (middleware.SESSION_KEY says the same).
SECOND_FACTOR_KEY = "second_factor_ok"


@dataclass(frozen=True)
class SessionHolder:
    """Whoever holds this session cookie, at the organisation the request names: not yet looked
    up, because the statement that acts for them checks the session itself."""

    session_key: str
    organisation: str  # the organisation's slug, from the URL


@cache
def key_id(secret: str) -> str:
    """A name for a signing key that does not reveal it."""
    return salted_hmac("openassembly.accounts.signed_in.key-id", "", secret=secret,
                       algorithm="sha256").hexdigest()[:16]


def key_ids() -> list[str]:
    """The keys whose signatures Django accepts now: SECRET_KEY and its fallbacks."""
    return [key_id(settings.SECRET_KEY), *(key_id(k) for k in settings.SECRET_KEY_FALLBACKS)]


def password_digest(password_hash: str) -> str:
    # PostgreSQL computes the same with encode(sha256(convert_to(password, 'UTF8')), 'hex').
    return hashlib.sha256(password_hash.encode()).hexdigest()


def columns(data: dict, user: Any) -> dict:
    """The sign-in columns for a session holding ``data``, whose user (if any) is ``user``.

    They say "signed in" only when Django's own check would: the user exists and may sign in,
    the session names a configured backend and carries the auth hash of the user's password
    (made with the current key or a fallback)."""
    signed = {"auth_digest": "", "key_id": key_id(settings.SECRET_KEY),
              "second_factor": bool(data.get(SECOND_FACTOR_KEY))}
    session_hash = data.get(HASH_SESSION_KEY)
    if (user is None or not session_hash or not user.is_active
            or str(user.pk) != str(data.get(SESSION_KEY))
            or data.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS):
        return signed
    hashes = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    if any(constant_time_compare(session_hash, h) for h in hashes):
        signed["auth_digest"] = password_digest(user.password)
    return signed


def _tables() -> dict[str, str]:
    from openassembly.core.models import Organisation
    from openassembly.members.models import Member

    from .models import Session, User

    return {"session": Session._meta.db_table, "user": User._meta.db_table,
            "member": Member._meta.db_table, "org": Organisation._meta.db_table}


@cache
def signed_in_member() -> str:
    """A query for the member holding ``%(session)s`` at ``%(organisation)s``: id, name and
    organisation_id, or no row. Its parameters come from ``params``; PostgreSQL only.

    Written as lookups by key nested inside one another, not as a join, so that no plan can
    start from the organisation's whole register: without fresh statistics (a roll just
    imported) the planner once did, hashing every member's password to find one voter.
    """
    tables = _tables()
    # An officer in any organisation needs the second factor, as on every page.
    mine = (f"IN (SELECT mine.id FROM {tables['member']} mine"  # noqa: S608 - our table
            " WHERE mine.user_id = s.user_id)")
    officer = officer_seat(mine, "%(today)s")
    return """
    SELECT m.id, m.name, m.organisation_id FROM {member} m
    WHERE m.organisation_id = (SELECT o.id FROM {org} o WHERE o.slug = %(organisation)s)
      AND m.user_id = (
        SELECT s.user_id FROM {session} s
        WHERE s.session_key = %(session)s AND s.expire_date > %(expires_after)s
          AND s.key_id = ANY(%(key_ids)s)
          AND s.auth_digest = (
            SELECT encode(sha256(convert_to(u.password, 'UTF8')), 'hex') FROM {user} u
            WHERE u.id = s.user_id AND u.is_active)
          AND (s.second_factor OR NOT {officer}))
    """.format(**tables, officer=officer)  # noqa: S608 - our own tables; values are parameters


def params(holder: SessionHolder) -> dict[str, Any]:
    """``signed_in_member``'s parameters. Expiry is by the real time, as Django's session store
    judges it; seats are by the clock's date, as every other question about them."""
    return {"session": holder.session_key, "organisation": holder.organisation,
            "key_ids": key_ids(), "expires_after": timezone.now(), "today": clock.today()}
