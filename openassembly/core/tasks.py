"""Core's background work: constitution versions taking effect on their date, secret ballot
tables vacuumed again once no transaction older than their close is left, and the task queue's
finished rows pruned once a day.

Sealing the ledger is a task too; it lives beside the ledger (``core.ledger.seal_ledger``).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django_tasks import task
from django_tasks_db.models import DBTaskResult

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


# Finished rows of the task queue are kept this long (a failed one longer, for whoever looks
# into it), then deleted: every vote queues a seal now and then, every mail run its tasks, and
# the table would otherwise grow for ever. What the tasks did stays on the ledger and in the
# mail runs' own records.
KEEP_FINISHED_DAYS = 30
KEEP_FAILED_DAYS = 90


@task()
def prune_finished_tasks() -> None:
    call_command("prune_db_task_results", min_age_days=KEEP_FINISHED_DAYS,
                 failed_min_age_days=KEEP_FAILED_DAYS, verbosity=0)


def due_pruning() -> int:
    """Enqueue the pruning once a day: when no pruning has finished in the last 24 hours."""
    recent = DBTaskResult.objects.filter(task_path=prune_finished_tasks.module_path,
                                         finished_at__gte=clock.now() - timedelta(days=1))
    if recent.exists():
        return 0
    return int(schedule.enqueue_once(prune_finished_tasks))
