"""Re-checking a ledger from its events and checkpoints, reporting the first broken link."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from hashlib import sha256
from typing import Any

from openassembly.ledger.canonical import canonical_json
from openassembly.ledger.chain import (
    EVENT_FIELDS,
    ZERO_HASH,
    checkpoint_hash,
    checkpoint_problem,
    event_problem,
)
from openassembly.ledger.merkle import merkle_root


@dataclass(frozen=True)
class Report:
    ok: bool
    first_broken: str | None
    events_checked: int
    checkpoints_checked: int
    unsealed: int

    def summary(self) -> str:
        counts = (
            f"{self.events_checked} events, {self.checkpoints_checked} checkpoints, "
            f"{self.unsealed} events not yet sealed"
        )
        if self.ok:
            return f"ledger verified: {counts}"
        return f"ledger BROKEN at {self.first_broken} ({counts})"


class _Batch:
    """The events that claim one checkpoint, in the order they were given."""

    __slots__ = ("digests", "first", "last", "position")

    def __init__(self, seq: int, position: int) -> None:
        self.digests: list[bytes] = []
        self.first = self.last = seq
        self.position = position


_UNSEALED = float("inf")


class Verifier:
    """Accumulates events, then checks checkpoints against them.

    Failures are ranked by where they sit in the ledger (checkpoint number, then events
    before their checkpoint, then position), so the report names the earliest broken link
    whatever order the problems are found in.
    """

    def __init__(self, org: str | None = None) -> None:
        self.org = org
        self.batches: dict[int, _Batch] = {}
        self.seen: set[int] = set()
        self.events = 0
        self.unsealed = 0
        self.checkpoints = 0
        self._worst: tuple[Any, ...] | None = None
        self._message: str | None = None

    def broken(self, rank: tuple[Any, ...], message: str) -> None:
        if self._worst is None or rank < self._worst:
            self._worst, self._message = rank, message

    def event(self, event: Mapping[str, Any]) -> None:
        """Check one event as given by a caller (a database row, a parsed export line)."""
        position = self.events
        self.events += 1
        problem = event_problem(event, stored=True)
        if problem:
            seq = event.get("seq") if isinstance(event, Mapping) else None
            label = f"event {seq}" if isinstance(seq, int) else f"event #{position + 1}"
            # Where a malformed event belongs is unknown, and its absence would be blamed on
            # its checkpoint, so it ranks ahead of every checkpoint.
            self.broken((0, 0, position), f"{label}: {problem}")
            return
        content = {key: event[key] for key in EVENT_FIELDS}
        try:
            encoded = canonical_json(content)
        except ValueError as exc:
            self.broken(
                (_UNSEALED if event["checkpoint"] is None else event["checkpoint"], 0, position),
                f"event {event['seq']}: not canonical JSON ({exc})",
            )
            return
        self.hashed(
            event["seq"], event["org"], event["hash"], event["checkpoint"],
            sha256(encoded).digest(), position,
        )  # fmt: skip

    def hashed(
        self, seq: int, org: str, stored: str, number: int | None, digest: bytes, position: int
    ) -> None:
        """Record a well-formed event whose content hashes to ``digest``; compare and batch it."""
        rank = (_UNSEALED if number is None else number, 0, position)
        if digest.hex() != stored:
            self.broken(rank, f"event {seq}: stored hash does not match its content")
        if self.org is None:
            self.org = org
        elif org != self.org:
            self.broken(rank, f"event {seq}: belongs to {org!r}, not {self.org!r}")
        if seq in self.seen:
            self.broken(rank, f"event {seq}: appears more than once")
        self.seen.add(seq)
        if number is None:
            self.unsealed += 1
            return
        batch = self.batches.get(number)
        if batch is None:
            batch = self.batches[number] = _Batch(seq, position)
        elif seq <= batch.last:
            self.broken(rank, f"event {seq}: out of order in checkpoint {number} "
                              f"(it follows event {batch.last})")  # fmt: skip
        batch.last = seq
        batch.digests.append(digest)

    def checkpoints_done(self, checkpoints: Iterable[Mapping[str, Any]]) -> None:
        """Check the checkpoints, in number order, once every event has been seen."""
        previous: tuple[int, str] | None = None
        numbers: set[int] = set()
        for checkpoint in checkpoints:
            expected = previous[0] + 1 if previous else 1
            self.checkpoints += 1
            problem = checkpoint_problem(checkpoint, stored=True)
            number = checkpoint.get("number") if isinstance(checkpoint, Mapping) else None
            if isinstance(number, int):
                numbers.add(number)
            if problem:
                label = f"checkpoint {number}" if isinstance(number, int) else "checkpoint"
                self.broken((expected, 1), f"{label} (expected {expected}): {problem}")
                previous = (expected, "")
                continue
            previous = (number, self.checkpoint(checkpoint, expected, previous))
        for number, batch in self.batches.items():
            if number not in numbers:
                self.broken(
                    (number, 0, batch.position),
                    f"event {batch.first}: claims checkpoint {number}, which does not exist",
                )

    def checkpoint(
        self, checkpoint: Mapping[str, Any], expected: int, previous: tuple[int, str] | None
    ) -> str:
        """Check one well-formed checkpoint; returns its recomputed hash for the next link."""
        number = checkpoint["number"]
        rank = (expected, 1)
        if number != expected:
            self.broken(rank, f"checkpoint {number}: expected checkpoint {expected} here "
                              f"(numbers run 1, 2, 3, ... with none missing)")  # fmt: skip
        recomputed = checkpoint_hash(_content(checkpoint))
        if recomputed != checkpoint["hash"]:
            self.broken(rank, f"checkpoint {number}: stored hash does not match its content")
        want_prev = previous[1] if previous else ZERO_HASH
        if checkpoint["prev"] != want_prev:
            self.broken(
                rank,
                f"checkpoint {number}: prev does not match checkpoint {previous[0]}'s hash"
                if previous
                else f"checkpoint {number}: prev of the first checkpoint must be 64 zeros",
            )
        if self.org is None:
            self.org = checkpoint["org"]
        elif checkpoint["org"] != self.org:
            self.broken(rank, f"checkpoint {number}: belongs to {checkpoint['org']!r}, "
                              f"not {self.org!r}")  # fmt: skip
        batch = self.batches.get(number)
        found = len(batch.digests) if batch else 0
        if found != checkpoint["count"]:
            self.broken(rank, f"checkpoint {number}: count is {checkpoint['count']} "
                              f"but {found} events claim it")  # fmt: skip
            return recomputed
        assert batch is not None  # count > 0 is part of the shape check
        if batch.first != checkpoint["first_seq"] or batch.last != checkpoint["last_seq"]:
            self.broken(rank, f"checkpoint {number}: first/last seq {checkpoint['first_seq']}"
                              f"/{checkpoint['last_seq']} do not match its events "
                              f"({batch.first}/{batch.last})")  # fmt: skip
        if merkle_root(batch.digests).hex() != checkpoint["root"]:
            self.broken(rank, f"checkpoint {number}: Merkle root does not match its "
                              f"{found} events")  # fmt: skip
        return recomputed

    def report(self) -> Report:
        return Report(
            ok=self._message is None,
            first_broken=self._message,
            events_checked=self.events,
            checkpoints_checked=self.checkpoints,
            unsealed=self.unsealed,
        )


def _content(checkpoint: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in checkpoint.items() if key != "hash"}


def verify(
    events: Iterable[Mapping[str, Any]],
    checkpoints: Iterable[Mapping[str, Any]],
    *,
    org: str | None = None,
) -> Report:
    """Check a whole ledger: every event's hash, every checkpoint against its events, the chain.

    ``events`` carry their stored "hash" and "checkpoint" (a number, or None if not yet
    sealed) and may come in any order as long as each checkpoint's events are in ascending
    seq (ordering all events by seq does that); ``checkpoints`` come in number order.
    Unsealed events can only be checked one by one: nothing else commits to them yet.
    """
    verifier = Verifier(org)
    for event in events:
        verifier.event(event)
    verifier.checkpoints_done(checkpoints)
    return verifier.report()
