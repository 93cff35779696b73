"""Sign-in by email and password, and the signed-in user loaded with their memberships.

Every signed-in request needs three facts before its view runs: who the user is, whether they
hold an officer seat anywhere (officers must have passed a second factor), and their membership
of the organisation the URL names. Asked one by one through the ORM that is three round trips to
the database and most of a vote's cost; here it is one query, built once from the models'
columns, so a vote or a ballot pays for the session, this, and its own write.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import Model

from openassembly.core import clock

# settings.AUTHENTICATION_BACKENDS names this path; logins record it in the session.
BACKEND = "openassembly.accounts.backends.MemberBackend"


def _columns(model: type[Model], alias: str) -> tuple[list[str], str]:
    fields = [f for f in model._meta.concrete_fields]
    qn = connection.ops.quote_name
    return [f.attname for f in fields], ", ".join(f"{alias}.{qn(f.column)}" for f in fields)


@cache
def _query() -> tuple[str, list[str], list[str], list[str]]:
    from openassembly.bodies.models import SeatGroup, SeatHolding
    from openassembly.core.models import Organisation
    from openassembly.members.models import Member

    from .models import User

    user_names, user_cols = _columns(User, "u")
    member_names, member_cols = _columns(Member, "m")
    org_names, org_cols = _columns(Organisation, "o")
    sql = (
        f"SELECT {user_cols}, {member_cols}, {org_cols}, EXISTS ("  # noqa: S608 - our own tables
        f" SELECT 1 FROM {SeatHolding._meta.db_table} h"
        f" JOIN {SeatGroup._meta.db_table} g ON g.id = h.seat_group_id"
        " WHERE h.member_id = m.id AND g.officer AND h.starts_on <= %s"
        " AND (h.ends_on IS NULL OR h.ends_on > %s))"
        f" FROM {User._meta.db_table} u"
        f" LEFT JOIN {Member._meta.db_table} m ON m.user_id = u.id"
        f" LEFT JOIN {Organisation._meta.db_table} o ON o.id = m.organisation_id"
        " WHERE u.id = %s"
    )
    return sql, user_names, member_names, org_names


def load_user(user_id: Any) -> Any:
    """The user with ``loaded_memberships`` (organisation slug -> member, organisation attached)
    and ``holds_officer_seat``, or None when there is no such user."""
    from openassembly.core.models import Organisation
    from openassembly.members.models import Member

    from .models import User

    sql, user_names, member_names, org_names = _query()
    today = clock.today()
    with connection.cursor() as cursor:
        cursor.execute(sql, [today, today, user_id])
        rows = cursor.fetchall()
    if not rows:
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


class MemberBackend(ModelBackend):
    """Django's email-and-password check; the session's user comes from ``load_user``."""

    def get_user(self, user_id: Any) -> Any:
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
