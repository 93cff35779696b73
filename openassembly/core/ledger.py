"""Writing to and reading from the organisation's ledger.

Appends are plain inserts: no event links to the one before it, so writers in different
transactions never queue behind a chain head. Sealing gathers the events not yet in a
checkpoint into a Merkle tree and chains that checkpoint to the previous one; only sealers
take a lock (on the organisation row), and they are few.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol, TextIO

from django.conf import settings
from django.db import connection, transaction
from django_tasks import task

from openassembly import ledger as pure
from openassembly.core import clock, events, schedule
from openassembly.core.models import Checkpoint, LedgerEvent, Organisation, Salt


class HasData(Protocol):
    """What the ledger needs of an act's authority (core/authority.py imports this module)."""

    def as_data(self) -> dict[str, Any]: ...


def append_event(
    organisation: Organisation,
    *,
    kind: str,
    actor: str | None,
    data: Mapping[str, Any],
    authority: HasData | None = None,
) -> LedgerEvent:
    """Record one change of state; call inside the transaction that makes the change.

    The kind must be in the catalogue (core/events.py and each app's events.py) and the data's
    keys must be its declared fields; anything else raises, so a test fails before an event
    nobody can read reaches a ledger that can never forget it.
    """
    if authority is not None:
        data = {**data, events.AUTHORITY_KEY: authority.as_data()}
    events.check(kind, data)
    # One insert and nothing else: the hash covers the id, which exists only after the insert,
    # so the sealer computes and stores it. Until sealed an event is protected by nothing a
    # writer of the database could not recompute anyway, so hashing it here would add a write
    # to every request and no safety.
    event = LedgerEvent.objects.create(
        organisation=organisation,
        kind=kind,
        at=clock.now(),
        actor=actor,
        data=dict(data),
        hash="",
    )
    seal_when_full(event.pk, organisation.pk)
    return event


def seal_when_full(event_id: int, organisation_id: int) -> None:
    """The one sealing trigger on writes: every LEDGER_CHECKPOINT_EVERY-th event asks the worker
    for a seal once its transaction commits, so a busy ledger is sealed in batches of about that
    size. A quiet one is sealed by `openassembly tick` within the minute (``due_seals``)."""
    every = settings.LEDGER_CHECKPOINT_EVERY
    if every and event_id % every == 0:
        schedule.enqueue_with_transaction(seal_ledger, organisation_id)


@task()
def seal_ledger(organisation_id: int) -> int:
    """Seal an organisation's pending events; returns the checkpoint's number (0: none due)."""
    checkpoint = seal_checkpoint(Organisation.objects.get(pk=organisation_id))
    return checkpoint.number if checkpoint else 0


def due_seals() -> int:
    """Enqueue a seal for every organisation with events not yet in a checkpoint."""
    pending = (LedgerEvent.objects.filter(checkpoint__isnull=True)
               .values_list("organisation_id", flat=True).distinct())
    return sum(schedule.enqueue_once(seal_ledger, pk) for pk in sorted(set(pending)))


def _hash_of(event: LedgerEvent, organisation: Organisation) -> str:
    """The stored hash once sealed; before that, the hash of the event as it stands."""
    if not event.hash:
        event.hash = pure.event_hash(event.content(organisation.slug))
    return event.hash


def commitment(organisation: Organisation, *, subject: str, value: Any) -> str:
    """A salted commitment to private data, for a public event that must not carry the data."""
    salt = Salt.objects.filter(organisation=organisation, subject=subject).first()
    if salt is None:
        salt = Salt.objects.create(
            organisation=organisation,
            subject=subject,
            value=pure.new_salt(),
            created_at=clock.now(),
        )
    return pure.commit(value, bytes(salt.value))


def erase_salts(organisation: Organisation, *, subject: str) -> int:
    deleted, _ = Salt.objects.filter(organisation=organisation, subject=subject).delete()
    return deleted


def seal_checkpoint(organisation: Organisation) -> Checkpoint | None:
    """Seal every unsealed event into the next checkpoint; returns None if there were none."""
    with transaction.atomic():
        # Serialises sealers of one organisation only. NO KEY UPDATE, not UPDATE: every append
        # checks its foreign key to this row with KEY SHARE, which UPDATE would block, so a
        # seal would stall every vote in flight until it committed.
        Organisation.objects.select_for_update(no_key=True).filter(pk=organisation.pk).get()
        pending = list(
            LedgerEvent.objects.filter(organisation=organisation, checkpoint__isnull=True)
            .order_by("id")
            .values_list("id", "kind", "at", "actor", "data", "hash")
        )
        if not pending:
            return None
        last = Checkpoint.objects.filter(organisation=organisation).order_by("-number").first()
        sealed_at = clock.now()
        slug = organisation.slug
        built, hashes = pure.seal_with_hashes(
            slug,
            (last.number + 1) if last else 1,
            last.hash if last else pure.ZERO_HASH,
            # A stored hash (there is none until an event is sealed) is checked against the
            # content; otherwise the hash computed here is the one stored.
            [
                LedgerEvent.content_of(slug, pk, kind, at, actor, data)
                | ({"hash": stored} if stored else {})
                for pk, kind, at, actor, data, stored in pending
            ],
            pure.iso_utc(sealed_at),
        )
        # Both databases keep microseconds, so the stored sealed_at gives back the hashed text.
        checkpoint = Checkpoint.objects.create(
            organisation=organisation,
            number=built["number"],
            prev=built["prev"],
            root=built["root"],
            first_seq=built["first_seq"],
            last_seq=built["last_seq"],
            count=built["count"],
            sealed_at=sealed_at,
            hash=built["hash"],
        )
        _mark_sealed([row[0] for row in pending], hashes, checkpoint)
        return checkpoint


def _mark_sealed(ids: list[int], hashes: list[str], checkpoint: Checkpoint) -> None:
    """Store each event's hash and checkpoint. Sealing runs in the request whose event filled a
    checkpoint, so on PostgreSQL it is one statement over two arrays: bulk_update's CASE per
    row made that request wait tens of milliseconds for a checkpoint of 100 events."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {LedgerEvent._meta.db_table} e SET hash = v.hash, "  # noqa: S608 - ours
                "checkpoint_id = %s FROM unnest(%s::bigint[], %s::text[]) AS v(id, hash) "
                "WHERE e.id = v.id",
                [checkpoint.pk, ids, hashes],
            )
        return
    events = [LedgerEvent(pk=pk, hash=digest, checkpoint=checkpoint)
              for pk, digest in zip(ids, hashes, strict=True)]
    LedgerEvent.objects.bulk_update(events, ["hash", "checkpoint"], batch_size=500)


def iter_events(organisation: Organisation, *, chunk: int = 5000) -> Iterator[dict]:
    numbers = dict(Checkpoint.objects.filter(organisation=organisation).values_list("id", "number"))
    queryset = LedgerEvent.objects.filter(organisation=organisation).order_by("id")
    for event in queryset.iterator(chunk_size=chunk):
        yield event.content(organisation.slug) | {
            "hash": _hash_of(event, organisation),
            "checkpoint": numbers.get(event.checkpoint_id),
        }


def checkpoints(organisation: Organisation) -> list[dict]:
    return [
        cp.as_dict()
        for cp in Checkpoint.objects.filter(organisation=organisation)
        .select_related("organisation")
        .order_by("number")
    ]


def verify_organisation(
    organisation: Organisation, *, anchors: Iterable[pure.Anchor] = ()
) -> pure.Report:
    """Re-check the stored ledger; each anchor (a checkpoint seen published) must be in it."""
    return pure.verify(
        iter_events(organisation), checkpoints(organisation), org=organisation.slug,
        anchors=anchors,
    )  # fmt: skip


def export_ledger(organisation: Organisation, fp: TextIO) -> None:
    pure.write_export(fp, organisation.slug, iter_events(organisation), checkpoints(organisation))
