"""Unlinking secret ballots from their voters at the close, for every kind of secret vote.

A secret ballot is written in its voter's transaction, beside the mark saying they voted. Until
the close, PostgreSQL's transaction ids (``xmin``) and the storage order of both tables
(``ctid``; SQLite's row numbers) line a ballot up with its voter. The close deletes the ballots
and inserts the same contents again in a random order, with fresh random keys, in its one
transaction: every live row then carries the close's transaction id and an order that follows
nobody. The deleted versions stay in the table's pages until the table is vacuumed, once the
close commits, with VACUUM FULL: a plain VACUUM frees the dead versions' space but leaves their
bytes (keys, contents and the voter's transaction id in each header) in the page until
something overwrites them, and pageinspect reads them back (the tests show it). VACUUM FULL
writes the table afresh into a new file; it holds the table's lock while it runs, about a second
per 100,000 ballots, and voting in other polls waits that long. docs/threat-model.md says what
write-ahead logs, replicas and backups still hold.

Elections, members' ballots and secret divisions in meetings all go through ``rewrite_ballots``:
one way of doing it, so the two cannot drift apart.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterable
from typing import Any

from django.db import OperationalError, connection, models, transaction

from openassembly.core.models import VacuumDue

log = logging.getLogger(__name__)


def rewrite_ballots(rows: models.QuerySet, *, fields: Iterable[str],
                    make: Callable[[dict[str, Any]], models.Model]) -> list[dict[str, Any]]:
    """Delete ``rows`` and insert their ``fields`` again, shuffled, as new rows built by
    ``make``; returns the contents in their new (random) order.

    Must run inside the close's transaction, under its lock, so no ballot arrives meanwhile.
    ``make`` must give each row a fresh random key: a key kept from the voter's transaction
    would be found again in an old row version, a backup or the write-ahead log, next to the
    voter's transaction id.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ballots are rewritten only inside the close's transaction")
    model = rows.model
    contents = list(rows.values(*fields))
    random.SystemRandom().shuffle(contents)
    rows.delete()
    model.objects.bulk_create([make(c) for c in contents], batch_size=2000)
    vacuum_after_commit(model)
    return contents


def vacuum_after_commit(model: type[models.Model]) -> None:
    """Schedule ``vacuum`` of the model's table for when the current transaction commits: after
    a close, or a cancellation that destroyed ballots unread. On PostgreSQL the table is also
    marked, in this transaction, as due a vacuum: the mark stays until a vacuum has run with no
    transaction older than this one still open (``settle``), and the tick retries until then."""
    table = model._meta.db_table
    _mark_due(table)
    # robust: a failed VACUUM (say, a role that does not own the table) is logged, and the
    # close, already committed, still answers as done; the mark makes the tick try again.
    transaction.on_commit(lambda: settle(table), using=connection.alias, robust=True)


def _mark_due(table: str) -> None:
    # SQLite has no row versions for a vacuum to wait on: a deleted row is gone from the
    # table at once and its bytes stay in free pages whatever is open (the threat model says
    # so), so there is nothing for a second vacuum to do, and no mark.
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # The newest close wins: a later close's deleted versions need a later horizon.
        cursor.execute(
            "INSERT INTO core_vacuumdue (\"table\", xid, marked_at) "
            "VALUES (%s, pg_current_xact_id()::text::bigint, now()) "
            "ON CONFLICT (\"table\") DO UPDATE SET xid = GREATEST(core_vacuumdue.xid, "
            "EXCLUDED.xid), marked_at = EXCLUDED.marked_at", [table])


# Is any transaction that began before the close (whose id is %(xid)s, 64-bit) still able to
# see what the close deleted, or able to stop the vacuum removing it? What holds VACUUM FULL's
# horizon for an ordinary table back: a session of this database whose snapshot horizon
# (backend_xmin) is no newer than the close's; any session of the server, in any database,
# whose own transaction (backend_xid) is that old, since VACUUM FULL's own snapshot counts every
# running transaction of the server as still running (measured: a long transaction in another
# database left every dead version in place while a same-database-only check said all clear);
# a prepared transaction; a replication slot's or a standby's horizon (hot_standby_feedback).
# PostgreSQL shows every role these columns of pg_stat_activity. age() counts back from now,
# so older means larger.
OLDER_THAN_THE_CLOSE = """
    WITH close AS (SELECT age((%(xid)s %% 4294967296)::text::xid) AS age)
    SELECT EXISTS (SELECT 1 FROM pg_stat_activity, close
                   WHERE pid <> pg_backend_pid()
                   AND ((datname = current_database() AND age(backend_xmin) >= close.age)
                        OR age(backend_xid) >= close.age))
        OR EXISTS (SELECT 1 FROM pg_prepared_xacts, close WHERE age(transaction) >= close.age)
        OR EXISTS (SELECT 1 FROM pg_replication_slots, close WHERE age(xmin) >= close.age)
        OR EXISTS (SELECT 1 FROM pg_stat_replication, close WHERE age(backend_xmin) >= close.age)
"""


def older_transaction_open(xid: int) -> bool:
    """True while a transaction older than the one with this (64-bit) id may still see the row
    versions it deleted, so that a vacuum now would leave them."""
    with connection.cursor() as cursor:
        cursor.execute(OLDER_THAN_THE_CLOSE, {"xid": xid})
        return bool(cursor.fetchone()[0])


def settle(table: str) -> bool:
    """Vacuum ``table``, and delete its mark if no transaction older than the close it marks
    was open when the vacuum began (so the vacuum removed every version the close left); True
    if the mark is gone. A close that commits meanwhile keeps its own, newer mark."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return vacuum(table)
    xid = VacuumDue.objects.filter(table=table).values_list("xid", flat=True).first()
    clear = xid is not None and not older_transaction_open(xid)
    if not clear:
        log.warning("%s: a transaction older than the close is still open; the tick will "
                    "vacuum it again once it ends", table)
    if not vacuum(table):
        return False
    if clear:
        VacuumDue.objects.filter(table=table, xid=xid).delete()
    return clear


LOCK_TIMEOUT = "5s"

# What vacuum() runs: FULL, because a plain VACUUM leaves removed versions' bytes in the pages.
VACUUM = "VACUUM FULL"


def vacuum(table: str) -> bool:
    """VACUUM FULL ``table`` on PostgreSQL, so the dead row versions (each with its voter's
    transaction id) leave the table's files; True if it ran.

    VACUUM cannot run inside a transaction: the close schedules it for after its commit, and
    it is skipped (and logged) when the close ran inside an outer transaction. It cannot remove
    versions a still-open older transaction might see: the table stays marked and the tick
    vacuums it again once that transaction has ended (``settle``).
    """
    if connection.vendor != "postgresql":
        return False
    if connection.in_atomic_block:
        log.warning("%s not vacuumed: the close ran inside an outer transaction", table)
        return False
    with connection.cursor() as cursor:
        # VACUUM FULL waits for every reader of the table to finish, and voting waits behind
        # it: a long report on the ballots would stop voting in every poll. So it waits a few
        # seconds at most; the table stays marked and the tick tries again.
        cursor.execute("SELECT set_config('lock_timeout', %s, false)", [LOCK_TIMEOUT])
        try:
            cursor.execute(f"{VACUUM} {connection.ops.quote_name(table)}")
        except OperationalError as error:
            log.warning("%s not vacuumed (%s); the tick will try again", table, error)
            return False
        finally:
            cursor.execute("RESET lock_timeout")
    return True
