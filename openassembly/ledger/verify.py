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
    is_hash,
)
from openassembly.ledger.merkle import merkle_root


@dataclass(frozen=True)
class Report:
    ok: bool
    first_broken: str | None
    events_checked: int
    checkpoints_checked: int
    unsealed: int
    # The "at" of the oldest event no checkpoint covers yet: how long the unprotected window
    # has been open (see docs/ledger.md, "Events not yet sealed").
    oldest_unsealed: str | None = None
    # The checkpoints a caller said were published (see ``Anchor``) that this ledger extends.
    anchored: tuple[int, ...] = ()

    def summary(self) -> str:
        counts = (
            f"{self.events_checked} events, {self.checkpoints_checked} checkpoints, "
            f"{self.unsealed} events not yet sealed"
        )
        if self.oldest_unsealed:
            counts += f", the oldest at {self.oldest_unsealed}"
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


@dataclass(frozen=True)
class Anchor:
    """A checkpoint hash someone saw published, with its number if they noted it.

    A ledger can be internally consistent and still not be the one that was published: cut
    off after checkpoint 6, or with checkpoint 7 and its events rewritten and rehashed. Only a
    hash kept outside the database tells those apart, so the verifier is given one.
    """

    hash: str
    number: int | None = None

    @classmethod
    def parse(cls, text: str) -> Anchor:
        """``HASH`` or ``NUMBER:HASH`` (64 lower-case hex digits); ValueError says what is wrong."""
        number_text, sep, digest = text.strip().rpartition(":")
        digest = digest.lower()
        if not is_hash(digest):
            raise ValueError(
                f"checkpoint {text!r} is not a hash: expected 64 hex digits, or NUMBER:HASH"
            )
        if not sep:
            return cls(digest)
        if not number_text.isdigit() or int(number_text) < 1 or len(number_text) > 12:
            raise ValueError(f"checkpoint {text!r}: the number before ':' must be positive")
        return cls(digest, int(number_text))

    def label(self) -> str:
        return (f"checkpoint {self.number} " if self.number else "checkpoint ") + (
            f"{self.hash[:16]}…"
        )


class Verifier:
    """Accumulates events, then checks checkpoints against them.

    Failures are ranked by where they sit in the ledger (checkpoint number, then events
    before their checkpoint, then position), so the report names the earliest broken link
    whatever order the problems are found in.
    """

    def __init__(self, org: str | None = None, anchors: Iterable[Anchor] = ()) -> None:
        self.org = org
        self.anchors = tuple(anchors)
        # (number, stored hash) of every well-formed checkpoint, in the order given.
        self.chain: list[tuple[int, str]] = []
        self.oldest_unsealed: str | None = None
        self.anchored: list[int] = []
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
        # Only unsealed events reach here on the fast path too, so this costs sealed ones nothing.
        if event["checkpoint"] is None and (
            self.oldest_unsealed is None or event["at"] < self.oldest_unsealed
        ):
            self.oldest_unsealed = event["at"]

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
            self.chain.append((number, checkpoint["hash"]))
        for number, batch in self.batches.items():
            if number not in numbers:
                self.broken(
                    (number, 0, batch.position),
                    f"event {batch.first}: claims checkpoint {number}, which does not exist",
                )
        for anchor in self.anchors:
            self.anchor(anchor)

    def anchor(self, anchor: Anchor) -> None:
        """Check that the ledger still reaches a published checkpoint.

        Everything after it is then covered by the chain checks: each later checkpoint's
        prev is checked against the one before, so the ledger extends the published hash.
        """
        found = [number for number, digest in self.chain if digest == anchor.hash]
        head = self.chain[-1] if self.chain else None
        head_text = (
            f"its head is checkpoint {head[0]} ({head[1][:16]}…)"
            if head
            else "it has no checkpoints"
        )
        if found and (anchor.number is None or anchor.number in found):
            self.anchored.append(anchor.number or found[0])
            return
        if found:
            self.broken(
                (anchor.number, 2),
                f"{anchor.label()}: that hash is checkpoint {found[0]} in this ledger, "
                f"not checkpoint {anchor.number}",
            )
            return
        if anchor.number is None:
            self.broken(
                ((head[0] + 1) if head else 1, 2),
                f"{anchor.label()}: the published checkpoint is not in this ledger ({head_text}): "
                f"its tail was cut off or rewritten, or the hash is another ledger's",
            )
            return
        held = dict(self.chain).get(anchor.number)
        if held is None:
            self.broken(
                (anchor.number, 2),
                f"{anchor.label()}: the ledger ends before the published checkpoint "
                f"({head_text}): its tail was cut off",
            )
            return
        self.broken(
            (anchor.number, 2),
            f"{anchor.label()}: this ledger's checkpoint {anchor.number} has hash {held[:16]}…, "
            f"not the published one: it was rewritten from there or before",
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
            oldest_unsealed=self.oldest_unsealed,
            anchored=tuple(self.anchored),
        )


def _content(checkpoint: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in checkpoint.items() if key != "hash"}


def verify(
    events: Iterable[Mapping[str, Any]],
    checkpoints: Iterable[Mapping[str, Any]],
    *,
    org: str | None = None,
    anchors: Iterable[Anchor] = (),
) -> Report:
    """Check a whole ledger: every event's hash, every checkpoint against its events, the chain.

    ``events`` carry their stored "hash" and "checkpoint" (a number, or None if not yet
    sealed) and may come in any order as long as each checkpoint's events are in ascending
    seq (ordering all events by seq does that); ``checkpoints`` come in number order.
    Unsealed events can only be checked one by one: nothing else commits to them yet.
    Each of ``anchors`` (a checkpoint seen published) must be in the chain, so that a ledger
    cut off or rewritten after it fails.
    """
    verifier = Verifier(org, anchors)
    for event in events:
        verifier.event(event)
    verifier.checkpoints_done(checkpoints)
    return verifier.report()
