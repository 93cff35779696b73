"""Sign-in by email and password, and the signed-in user loaded with their memberships.

Every signed-in request needs four facts before its view runs: its session, who the user is,
whether they hold an officer seat anywhere (officers must have passed a second factor), and
their membership of the organisation the URL names. Asked one by one through the ORM that is
four round trips to the database and most of a vote's cost. Here the session store asks for all
of them in one query (``sessions.SessionStore``), and ``MemberBackend`` hands Django's auth the
user that query found; a user looked up any other way costs one query, built once from the
models' columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import Model

from openassembly.core import clock

# settings.AUTHENTICATION_BACKENDS names this path; logins record it in the session.
BACKEND = "openassembly.accounts.backends.MemberBackend"

# The user the current request's session row came with (see sessions.SessionStore), offered to
# MemberBackend.get_user, which Django's auth calls with nothing but the user's id.
session_user: ContextVar[Any] = ContextVar("session_user", default=None)


def _columns(model: type[Model], alias: str) -> tuple[list[str], str]:
    qn = connection.ops.quote_name
    fields = model._meta.concrete_fields
    return [f.attname for f in fields], ", ".join(f"{alias}.{qn(f.column)}" for f in fields)


@cache
def _identity() -> tuple[str, str, list[str], list[str], list[str]]:
    """(columns, joins) of the user-with-memberships query, and each model's field names."""
    from openassembly.core.models import Organisation
    from openassembly.members.models import Member

    from .models import User

    user_names, user_cols = _columns(User, "u")
    member_names, member_cols = _columns(Member, "m")
    org_names, org_cols = _columns(Organisation, "o")
    columns = f"{user_cols}, {member_cols}, {org_cols}, {officer_seat('= m.id', '%s')}"
    joins = (
        f" LEFT JOIN {Member._meta.db_table} m ON m.user_id = u.id"
        f" LEFT JOIN {Organisation._meta.db_table} o ON o.id = m.organisation_id"
    )
    return columns, joins, user_names, member_names, org_names


def officer_seat(member: str, today: str) -> str:
    """SQL that is true when a member ``member`` matches (say "= m.id") holds an officer seat
    on the date the placeholder ``today`` stands for (it appears twice): the one definition
    the session query and the voting doors' sign-in check both use."""
    from openassembly.bodies.models import SeatGroup, SeatHolding

    return (f"EXISTS (SELECT 1 FROM {SeatHolding._meta.db_table} h"  # noqa: S608 - our tables
            f" JOIN {SeatGroup._meta.db_table} g ON g.id = h.seat_group_id"
            f" WHERE h.member_id {member} AND g.officer AND h.starts_on <= {today}"
            f" AND (h.ends_on IS NULL OR h.ends_on > {today}))")


@cache  # the text is fixed per call site; built once, not on every signed-in request
def identity_query(source: str, where: str, *, first: str = "") -> str:
    """SELECT ``first`` (columns of ``source``, if any), then the user aliased ``u`` in
    ``source`` with memberships, organisations and the officer flag; parameters: today, today,
    then those of ``where``."""
    columns, joins, *_ = _identity()
    lead = f"{first}, " if first else ""
    return f"SELECT {lead}{columns} FROM {source}{joins} WHERE {where}"  # noqa: S608 - ours


def identity_params() -> list[Any]:
    today = clock.today()
    return [today, today]


def user_from_rows(rows: Sequence[Sequence[Any]]) -> Any:
    """The user from ``identity_query`` rows, with ``loaded_memberships`` (organisation slug ->
    member, organisation attached) and ``holds_officer_seat``; None if the user was missing."""
    from openassembly.core.models import Organisation
    from openassembly.members.models import Member

    from .models import User

    _, _, user_names, member_names, org_names = _identity()
    if not rows or rows[0][0] is None:
        return None
    db = connection.alias
    nu, nm = len(user_names), len(member_names)
    user = User.from_db(db, user_names, rows[0][:nu])
    memberships: dict[str, Member] = {}
    officer = False
    for row in rows:
        if row[nu] is None:  # the LEFT JOIN found no membership
            continue
        member = Member.from_db(db, member_names, row[nu:nu + nm])
        organisation = Organisation.from_db(db, org_names, row[nu + nm:-1])
        member.organisation = organisation
        member.user = user
        memberships[organisation.slug] = member
        officer = officer or bool(row[-1])
    user.loaded_memberships = memberships
    user.holds_officer_seat = officer
    return user


def load_user(user_id: Any) -> Any:
    """The user with their memberships and officer flag (see ``user_from_rows``), or None."""
    from .models import User

    with connection.cursor() as cursor:
        cursor.execute(identity_query(f"{User._meta.db_table} u", "u.id = %s"),
                       [*identity_params(), user_id])
        return user_from_rows(cursor.fetchall())


class MemberBackend(ModelBackend):
    """Django's email-and-password check; the session's user as its session row found it."""

    def get_user(self, user_id: Any) -> Any:
        user = session_user.get()
        if user is None or str(user.pk) != str(user_id):
            user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
