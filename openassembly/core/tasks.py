"""Core's background work: constitution versions taking effect on their date, and secret ballot
tables vacuumed again once no transaction older than their close is left.

Sealing the ledger is a task too; it lives beside the ledger (``core.ledger.seal_ledger``).
"""

from __future__ import annotations

from django.db import connection
from django_tasks import task

from openassembly.core import clock, schedule, secrecy
from openassembly.core.models import ConstitutionVersion, Organisation, VacuumDue
from openassembly.core.services import bring_constitution_into_force


@task()
def put_constitution_in_force(organisation_id: int) -> int:
    """Apply the version whose date has come; returns its number (0: nothing was due)."""
    version = bring_constitution_into_force(Organisation.objects.get(pk=organisation_id))
    return version.number if version else 0


def due_constitutions() -> int:
    """Enqueue the organisations with a waiting version whose date has come."""
    due = (ConstitutionVersion.objects.filter(applied_at__isnull=True,
                                              effective_at__lte=clock.now())
           .values_list("organisation_id", flat=True).distinct())
    return sum(schedule.enqueue_once(put_constitution_in_force, pk) for pk in sorted(set(due)))


@task()
def vacuum_secret_table(table: str) -> bool:
    """Vacuum a table of secret ballots again (core/secrecy.py); True if its mark is cleared."""
    return secrecy.settle(table)


def due_vacuums() -> int:
    """Enqueue a vacuum for each marked table whose close no older transaction outlives now.
    Not before: VACUUM FULL locks the table, and voting in other polls would wait on it each
    minute for a vacuum that could not remove what it is for. PostgreSQL only (no marks on
    SQLite: secrecy._mark_due says why)."""
    if connection.vendor != "postgresql":
        return 0
    due = [table for table, xid in VacuumDue.objects.order_by("table").values_list("table", "xid")
           if not secrecy.older_transaction_open(xid)]
    return sum(schedule.enqueue_once(vacuum_secret_table, table) for table in due)
