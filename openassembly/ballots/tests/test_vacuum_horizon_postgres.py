"""A transaction older than the close holds VACUUM back, so dead row versions carrying voters'
transaction ids survive the close's vacuum. The close marks the table; the tick leaves it alone
while that transaction is open (a VACUUM FULL then would lock the table for nothing), and once
it has ended vacuums the table again, after which no voter's version is left and the mark is
gone. PostgreSQL only: SQLite has no row versions to wait on (core/secrecy.py says so)."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from django.db import connection

from openassembly.ballots import services
from openassembly.ballots.models import Ballot, Participation
from openassembly.core import schedule
from openassembly.core.models import VacuumDue
from openassembly.core.tests import linkage

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="transaction ids, snapshots and pageinspect are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]

BALLOTS = Ballot._meta.db_table
MARKS = Participation._meta.db_table
CHECK = "secret ballots vacuumed"


def _tick_and_work() -> int:
    enqueued = schedule.tick()[CHECK]
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0",
                 verbosity=0)
    return enqueued


def test_a_transaction_older_than_the_close_delays_the_vacuum_until_it_ends(
        voting, voters, secretary, timetable, monkeypatch):
    vacuumed = linkage.record_vacuums(monkeypatch)
    with timetable.during_voting():
        for voter in voters:
            services.cast_ballot(voter, poll=voting, marks=[1, 2])
    voter_x = set(linkage.xmins(MARKS, "poll_id = %s", [voting.pk]))
    assert len(voter_x) == len(voters)

    old = linkage.second_session()
    try:
        with old.cursor() as cursor:
            # A repeatable-read snapshot taken while voting is open: it may still read the
            # ballots as they were, so VACUUM must keep their old versions for it. (It has not
            # read them yet, so it holds no lock on the table: the next test has one that has.)
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT 1")
        with timetable.after_voting():
            services.close_voting(secretary, poll=voting)
        assert vacuumed == [BALLOTS]  # the close's own vacuum ran ...
        # ... and could not remove the versions the old snapshot can see: the control.
        assert linkage.xmins_on_pages(BALLOTS) & voter_x
        mark = VacuumDue.objects.get(table=BALLOTS)
        # The tick waits while that transaction is open: no vacuum, no lock, the mark kept.
        assert _tick_and_work() == 0
        assert vacuumed == [BALLOTS] and VacuumDue.objects.filter(pk=mark.pk).exists()
    finally:
        old.rollback()
        old.close()

    # The old transaction has ended: the next tick vacuums again and clears the mark. (An
    # autovacuum worker of this database may hold the horizon for a moment: tick again.)
    for _ in range(20):
        if _tick_and_work():
            break
        time.sleep(0.5)
    assert vacuumed == [BALLOTS, BALLOTS]
    assert not VacuumDue.objects.exists()
    assert not linkage.xmins_on_pages(BALLOTS) & voter_x
    # Nothing left to do: the tick enqueues nothing more.
    assert schedule.tick()[CHECK] == 0


def test_a_close_with_no_older_transaction_clears_its_own_mark(voting, voters, secretary,
                                                                 timetable):
    with timetable.during_voting():
        services.cast_ballot(voters[0], poll=voting, marks=[1])
    with timetable.after_voting():
        services.close_voting(secretary, poll=voting)
    for _ in range(20):
        if not VacuumDue.objects.exists():
            break
        # Another session of this database (autovacuum) held the horizon at the close.
        _tick_and_work()
        time.sleep(0.5)
    assert not VacuumDue.objects.exists()


def test_a_reader_holding_the_table_does_not_stop_the_close_and_the_tick_finishes_later(
        voting, voters, secretary, timetable, monkeypatch):
    # VACUUM FULL must wait for a reader's lock, and voting would queue behind it: the close
    # gives up after the lock timeout instead of hanging, and the tick vacuums later.
    from openassembly.core import secrecy

    monkeypatch.setattr(secrecy, "LOCK_TIMEOUT", "1s")
    vacuumed = linkage.record_vacuums(monkeypatch)
    with timetable.during_voting():
        for voter in voters[:3]:
            services.cast_ballot(voter, poll=voting, marks=[2])
    voter_x = set(linkage.xmins(MARKS, "poll_id = %s", [voting.pk]))
    reader = linkage.second_session()
    try:
        with reader.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(f"SELECT count(*) FROM {BALLOTS}")  # noqa: S608
        began = time.monotonic()
        with timetable.after_voting():
            services.close_voting(secretary, poll=voting)
        assert time.monotonic() - began < 30
        assert vacuumed == [BALLOTS] and VacuumDue.objects.filter(table=BALLOTS).exists()
        assert linkage.xmins_on_pages(BALLOTS) & voter_x
    finally:
        reader.rollback()
        reader.close()
    for _ in range(20):
        if _tick_and_work():
            break
        time.sleep(0.5)
    due = VacuumDue.objects.filter(table=BALLOTS).first()
    if due is not None and secrecy.older_transaction_open(due.xid):
        # Rightly waiting: a transaction elsewhere on a shared test server is older than the
        # close. What is tested here is the wait's end, which this run cannot reach.
        pytest.skip("a transaction older than the close is still open on this server")
    assert due is None
    assert not linkage.xmins_on_pages(BALLOTS) & voter_x
