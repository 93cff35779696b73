"""Core's background work: constitution versions taking effect on their date.

Sealing the ledger is a task too; it lives beside the ledger (``core.ledger.seal_ledger``).
"""

from __future__ import annotations

from django_tasks import task

from openassembly.core import clock, schedule
from openassembly.core.models import ConstitutionVersion, Organisation
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
