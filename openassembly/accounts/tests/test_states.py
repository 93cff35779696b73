"""The two-person rule's states under a race: an action is confirmed or cancelled, never both.

PostgreSQL only: SQLite runs one writer at a time, so there is nothing to race.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from openassembly.accounts import services
from openassembly.accounts.models import SensitiveAction
from openassembly.core import states
from openassembly.core.errors import Conflict
from openassembly.core.models import LedgerEvent


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_confirming_and_cancelling_at_once_does_one_of_them(organisation, secretary, chair,
                                                            member, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite runs one writer at a time")
    action = services.propose_sensitive_action(
        secretary, organisation=organisation, kind="erase-member",
        payload={"member": member.pk}, reason="Asked in writing",
    )
    move = states.move

    def slow(obj, to):
        # Hold the row a moment inside the transaction: without the row lock both would read
        # the action as pending and both would act.
        move(obj, to)
        time.sleep(0.3)

    monkeypatch.setattr(states, "move", slow)
    start = threading.Barrier(2)
    results: list[object] = [None, None]

    def run(i, decide, who):
        try:
            start.wait()
            results[i] = decide(who, organisation=organisation, action_id=action.pk)
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(0, services.confirm_sensitive_action, chair)),
               threading.Thread(target=run, args=(1, services.cancel_sensitive_action,
                                                  secretary))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done = [r for r in results if isinstance(r, SensitiveAction)]
    assert len(done) == 1 and isinstance(next(r for r in results if r not in done), Conflict), (
        results)
    action.refresh_from_db()
    assert action.status == done[0].status
    decided = LedgerEvent.objects.filter(kind__in=["sensitive.confirmed", "sensitive.cancelled"])
    assert decided.count() == 1
    member.refresh_from_db()
    assert bool(member.erased_at) == (action.status == SensitiveAction.Status.CONFIRMED)
