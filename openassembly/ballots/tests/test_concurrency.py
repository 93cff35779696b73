"""Five hundred voters casting at once on PostgreSQL: none lost, none doubled."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from openassembly.ballots import blt, services
from openassembly.ballots.models import Ballot, Participation
from openassembly.core import clock
from openassembly.core.errors import Conflict

VOTERS = 500
TWICE = 50
# The test server allows 100 connections; a real deployment has a pool of this order too.
OPEN_CONNECTIONS = 40

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL: set DATABASE_URL",
    ),
]


def test_500_voters_at_once_give_500_ballots_and_500_marks(transactional_db, organisation,
                                                            secretary):
    from openassembly.members.models import Member

    Member.objects.bulk_create(
        Member(organisation=organisation, name=f"Voter {i:03d}", email=f"v{i}@crowd.example",
               joined_on=clock.today() - timedelta(days=28))
        for i in range(VOTERS)
    )
    crowd = list(Member.objects.filter(email__endswith="@crowd.example").order_by("pk"))
    now = timezone.now()
    referendum = services.create_referendum(
        secretary, organisation=organisation, question="Move the conference to spring?",
        proposal="Hold conference in April.", opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=1), roll_date=clock.today(),
    )
    services.write_statement(crowd[0], referendum=referendum, side="for", text="Warmer.")
    services.write_statement(crowd[1], referendum=referendum, side="against", text="Busier.")
    poll = services.open_voting(secretary, poll=referendum.poll)
    assert poll.roll_size == VOTERS + 1

    # Some voters press the button twice at the same moment; one of the two must fail.
    attempts = [(voter, 1 + i % 2) for i, voter in enumerate(crowd)]
    attempts += [(voter, 2) for voter in crowd[:TWICE]]
    start = threading.Barrier(len(attempts))
    gate = threading.BoundedSemaphore(OPEN_CONNECTIONS)
    receipts: list[str] = []
    refused: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def cast(voter, choice):
        start.wait()
        with gate:
            try:
                receipt = services.cast_ballot(voter, poll=poll, marks=[choice], choices=2)
                with lock:
                    receipts.append(receipt)
            except Conflict as error:
                with lock:
                    refused.append(str(error))
            except BaseException as error:  # any other failure must fail the test below
                with lock:
                    failures.append(error)
            finally:
                connections.close_all()

    threads = [threading.Thread(target=cast, args=pair) for pair in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures[:3]
    assert len(receipts) == VOTERS and len(set(receipts)) == VOTERS
    assert len(refused) == TWICE and all("first ballot stands" in r for r in refused)
    connection.close()
    assert Ballot.objects.filter(poll=poll).count() == VOTERS
    assert Participation.objects.filter(poll=poll).count() == VOTERS
    with clock.frozen_at(now + timedelta(days=1, minutes=1)):
        poll = services.close_voting(secretary, poll=poll)
    assert (poll.ballots_count, poll.voters_count) == (VOTERS, VOTERS)
    assert len(blt.receipts(poll.blt)) == VOTERS
