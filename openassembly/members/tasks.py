"""The register's scheduled work: lapsing members in arrears past the grace period.

`openassembly tick` asks ``due_lapses`` each minute; it enqueues one task for each
organisation with members due to lapse, and the worker runs the dues rule's service. Running it
twice lapses nobody twice: the second finds nobody active and past the grace period.
"""

from __future__ import annotations

from django_tasks import task

from openassembly.core import clock, schedule
from openassembly.core.actors import System
from openassembly.core.models import Organisation

from .models import Member
from .services_dues import lapse_members_in_arrears
from .standing import in_arrears_past_grace

TIMETABLE = System("the timetable")


@task()
def lapse_in_arrears(organisation_id: int) -> int:
    organisation = Organisation.objects.get(pk=organisation_id)
    return lapse_members_in_arrears(TIMETABLE, organisation=organisation)


def due_lapses() -> int:
    enqueued = 0
    today = clock.today()
    # Only organisations with someone who could lapse (and so with a constitution).
    active = Member.objects.filter(status=Member.Status.ACTIVE).values("organisation_id")
    for organisation in Organisation.objects.filter(pk__in=active).order_by("pk"):
        dues = organisation.constitution.dues
        if dues is not None and in_arrears_past_grace(organisation, dues, today).exists():
            enqueued += schedule.enqueue_once(lapse_in_arrears, organisation.pk)
    return enqueued


def register() -> None:
    schedule.register("members lapsed", due_lapses)
