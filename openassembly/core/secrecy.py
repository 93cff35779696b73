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

from django.db import connection, models, transaction

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
    a close, or a cancellation that destroyed ballots unread."""
    table = model._meta.db_table
    # robust: a failed VACUUM (say, a role that does not own the table) is logged, and the
    # close, already committed, still answers as done.
    transaction.on_commit(lambda: vacuum(table), using=connection.alias, robust=True)


# What vacuum() runs: FULL, because a plain VACUUM leaves removed versions' bytes in the pages.
VACUUM = "VACUUM FULL"


def vacuum(table: str) -> bool:
    """VACUUM FULL ``table`` on PostgreSQL, so the dead row versions (each with its voter's
    transaction id) leave the table's files; True if it ran.

    VACUUM cannot run inside a transaction: the close schedules it for after its commit, and
    it is skipped (and logged) when the close ran inside an outer transaction. It cannot remove
    versions a still-open older transaction might see; the threat model says so.
    """
    if connection.vendor != "postgresql":
        return False
    if connection.in_atomic_block:
        log.warning("%s not vacuumed: the close ran inside an outer transaction", table)
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"{VACUUM} {connection.ops.quote_name(table)}")
    return True
