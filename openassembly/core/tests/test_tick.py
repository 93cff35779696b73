"""`openassembly tick` enqueues what is due; `openassembly db-worker` carries it out.

The ledger is sealed within a minute whatever the activity: the tick enqueues a seal for every
organisation with unsealed events, and for none without.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openassembly.core.ledger import append_event, seal_checkpoint, verify_organisation
from openassembly.core.models import Checkpoint, LedgerEvent, Organisation

SEAL = "openassembly.core.ledger.seal_ledger"


pytestmark = pytest.mark.usefixtures("test_kinds")

def _seals_waiting() -> list[int]:
    return [row.args_kwargs["args"][0] for row in DBTaskResult.objects.filter(task_path=SEAL,
                                                                            status="READY")]


def test_the_tick_enqueues_a_seal_when_events_are_unsealed_and_the_worker_seals(
        organisation, work, capsys):
    append_event(organisation, kind="test.happened", actor="tester", data={"i": 0})
    DBTaskResult.objects.all().delete()
    call_command("tick")
    assert "ledger seals: 1" in capsys.readouterr().out
    assert _seals_waiting() == [organisation.pk]
    call_command("tick")  # the worker has not come yet: the seal is not enqueued twice
    assert _seals_waiting() == [organisation.pk]
    work()
    assert not LedgerEvent.objects.filter(organisation=organisation,
                                          checkpoint__isnull=True).exists()
    assert verify_organisation(organisation).unsealed == 0


def test_the_tick_enqueues_no_seal_when_nothing_is_unsealed(organisation, capsys):
    seal_checkpoint(organisation)
    DBTaskResult.objects.all().delete()
    call_command("tick")
    assert "ledger seals: 0" in capsys.readouterr().out
    assert _seals_waiting() == []


def test_every_nth_event_asks_for_a_seal_with_its_own_transaction(organisation, settings):
    settings.LEDGER_CHECKPOINT_EVERY = 1
    DBTaskResult.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        append_event(organisation, kind="test.happened", actor="tester", data={"i": 0})
        raise RuntimeError("rolled back")
    assert _seals_waiting() == []
    append_event(organisation, kind="test.happened", actor="tester", data={"i": 0})
    assert _seals_waiting() == [organisation.pk]


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_what_the_tick_enqueued_on_committed_data(capsys):
    # The real thing, as cron and the service manager run it: committed rows, the worker's own
    # transactions and connection handling, no test transaction around them.
    organisation = Organisation.objects.create(slug="worker-test", name="Worker Test",
                                               created_at=timezone.now())
    for i in range(3):
        append_event(organisation, kind="test.happened", actor="tester", data={"i": i})
    call_command("tick")
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0",
                 verbosity=0)
    checkpoint = Checkpoint.objects.get(organisation=organisation)
    assert checkpoint.count == 3
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert verify_organisation(organisation).ok


@pytest.mark.django_db(transaction=True)
def test_finished_tasks_are_pruned_once_a_day():
    # Committed rows and the worker's own transactions, as in the test above.
    from datetime import timedelta

    from openassembly.core import clock, schedule, tasks

    organisation = Organisation.objects.create(slug="prune-test", name="Prune Test",
                                               created_at=timezone.now())
    for i in range(2):
        append_event(organisation, kind="test.happened", actor="tester", data={"i": i})
    DBTaskResult.objects.all().delete()
    schedule.tick()  # queues a seal (unsealed events) and the day's pruning
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0",
                 verbosity=0)
    seal = DBTaskResult.objects.get(task_path=SEAL)
    assert seal.status == "SUCCESSFUL"
    prune = tasks.prune_finished_tasks.module_path
    assert DBTaskResult.objects.filter(task_path=prune, status="SUCCESSFUL").count() == 1
    assert schedule.tick()["finished tasks pruned"] == 0  # not again the same day
    # A finished seal older than the keeping period goes; the newest pruning stays.
    old = clock.now() - timedelta(days=tasks.KEEP_FINISHED_DAYS + 1)
    DBTaskResult.objects.filter(pk=seal.pk).update(enqueued_at=old, started_at=old,
                                                   finished_at=old)
    DBTaskResult.objects.filter(task_path=prune).update(finished_at=old)
    append_event(organisation, kind="test.happened", actor="tester", data={"i": 9})
    assert schedule.tick()["finished tasks pruned"] == 1
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0",
                 verbosity=0)
    assert not DBTaskResult.objects.filter(pk=seal.pk).exists()
    assert DBTaskResult.objects.filter(task_path=prune, status="SUCCESSFUL").exists()
