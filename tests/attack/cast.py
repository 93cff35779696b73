"""The attack's cast: the demo organisation, a second organisation beside it, and a browser
for each of the six roles the authorisation matrix names; a snapshot of every table.

The demo gives the matrix something of every kind to act on (elections at each stage, a
members' ballot, petitions, a draw, meetings held and to come); the second organisation
gives it people who are signed in and hold office, only not here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.db import connection
from django.test import Client

from .stages import build_assembly

ROLES = (
    "anonymous",
    "other member",
    "other officer",
    "officer without second factor",
    "member",
    "officer",
)
OTHER_SLUG = "otherweal"
PASSWORD = "correct horse battery"

# What a refused request may leave behind: the session it signed in with, the rate-limit and
# sign-in counters, the refusal's own ledger entry (and the chain's head that entry moves).
NOISE_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accessfailurelog",
    "axes_accesslog",
    "openassembly_limits",
}


def _other_constitution() -> str:
    from openassembly.rules import examples

    text = examples.read("commonweal")
    text = text.replace('slug = "commonweal"', f'slug = "{OTHER_SLUG}"', 1)
    return text.replace('name = "Commonweal Alliance"', 'name = "Otherweal Federation"', 1)


@dataclass
class Cast:
    home: object  # Organisation
    other: object
    people: dict = field(default_factory=dict)  # role -> Member (None for anonymous)
    pages: dict = field(default_factory=dict)  # (role, path) -> HTML, read once
    assembly: int = 0  # the general meeting the officer chairs (stages.build_assembly)

    def client(self, role: str) -> Client:
        from openassembly.accounts.middleware import mark_second_factor_passed

        client = Client()
        member = self.people.get(role)
        if member is not None:
            client.force_login(member.user)
            if role in ("officer", "other officer"):
                session = client.session
                mark_second_factor_passed(session)
                session.save()
        return client


def build_cast(*, members_count: int = 120) -> Cast:
    """The demo (members_count on its roll) and a second organisation with a member and an
    officer of its own. Officers of both hold the secretary's seat and a second factor."""
    from openassembly.accounts.models import User
    from openassembly.bodies.models import SeatGroup
    from openassembly.bodies.services import seat_founder
    from openassembly.core import clock
    from openassembly.core.actors import System
    from openassembly.core.services import create_organisation
    from openassembly.demo import organisation as demo
    from openassembly.members.models import Member

    home = demo.load_demo(members_count=members_count)
    other = create_organisation(System("other founders"), constitution_text=_other_constitution())

    def person(name: str, email: str) -> Member:
        user = User.objects.create_user(email, PASSWORD)
        return Member.objects.create(
            organisation=other,
            user=user,
            name=name,
            email=email,
            joined_on=clock.today() - timedelta(days=30),
        )

    other_member = person("Outside Member", "member@otherweal.example")
    other_officer = person("Outside Secretary", "secretary@otherweal.example")
    group = SeatGroup.objects.get(
        organisation=other, body__key="organising-group", seat_key="secretary"
    )
    seat_founder(
        System("other founders"),
        organisation=other,
        seat_group=group,
        member=other_officer,
        starts_on=clock.today() - timedelta(days=10),
    )
    other_officer.user.totp_secret = demo.DEMO_TOTP_SECRET
    other_officer.user.totp_confirmed_at = clock.now()
    other_officer.user.save()
    secretary = Member.objects.get(organisation=home, email=demo.OFFICER_EMAIL)
    return Cast(
        assembly=build_assembly(home, secretary),
        home=home,
        other=other,
        people={
            "anonymous": None,
            "other member": other_member,
            "other officer": other_officer,
            "officer without second factor": secretary,
            "member": Member.objects.get(organisation=home, email=demo.MEMBER_EMAIL),
            "officer": secretary,
        },
    )


def _tables() -> list[tuple[str, str]]:
    seen, tables = set(), []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in seen or table in NOISE_TABLES or not model._meta.managed:
            continue
        seen.add(table)
        tables.append((table, model._meta.pk.column))
    return sorted(tables)


def snapshot() -> dict[str, dict]:
    """Every row of every table the project's models own, by primary key (a digest of each
    row's values), less the noise a refusal may make; the ledger without its refusals."""
    state: dict[str, dict] = {}
    with connection.cursor() as cursor:
        for table, pk in _tables():
            where = " WHERE kind <> 'power.refused'" if table == "core_ledgerevent" else ""
            if table == "django_tasks_database_dbtaskresult":
                # Every LEDGER_CHECKPOINT_EVERY-th event id queues a seal, and on PostgreSQL a
                # refusal's event takes ids that rolled-back probes do not give back: a seal
                # queued by a refusal is sealing's business, not a change the request made.
                where = " WHERE task_path NOT LIKE '%.seal_ledger'"
            cursor.execute(f'SELECT * FROM "{table}"{where}')  # noqa: S608 - model tables
            columns = [c[0] for c in cursor.description]
            if table == "core_ledgerevent":
                # Sealing a refusal's event into a checkpoint is its own business.
                keep = [i for i, c in enumerate(columns) if c != "checkpoint_id"]
            else:
                keep = list(range(len(columns)))
            key = columns.index(pk)
            rows = {}
            for row in cursor.fetchall():
                rows[row[key]] = hashlib.blake2b(
                    repr([row[i] for i in keep]).encode(), digest_size=12
                ).digest()
            state[table] = rows
    return state


def changes(before: dict[str, dict], after: dict[str, dict]) -> dict[str, str]:
    """Each table whose rows differ, with how many were added, removed and changed."""
    found = {}
    for table in before:
        old, new = before[table], after[table]
        if old == new:
            continue
        added = len(new.keys() - old.keys())
        removed = len(old.keys() - new.keys())
        changed = sum(1 for k in old.keys() & new.keys() if old[k] != new[k])
        found[table] = f"+{added} -{removed} ~{changed}"
    return found
