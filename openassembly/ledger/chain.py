"""Events, checkpoints and their hashes.

An event is appended with no reference to the one before it, so concurrent writers never
wait for a chain head. Integrity comes from sealing: a checkpoint takes the events not yet
sealed, commits to them with a Merkle root, and links to the previous checkpoint's hash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from hashlib import sha256
from itertools import pairwise
from typing import Any

from openassembly.ledger.canonical import canonical_json
from openassembly.ledger.merkle import merkle_root

VERSION = 1
ZERO_HASH = "0" * 64
EVENT_FIELDS = ("v", "org", "seq", "kind", "at", "actor", "data")
CHECKPOINT_FIELDS = (
    "v", "org", "number", "prev", "root", "first_seq", "last_seq", "count", "sealed_at",
)  # fmt: skip
EVENT_KEYS = frozenset(EVENT_FIELDS)
CHECKPOINT_KEYS = frozenset(CHECKPOINT_FIELDS)

_HEX64 = re.compile(r"[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z")


def iso_utc(moment: datetime) -> str:
    """The ledger's timestamp form: UTC, microseconds, 'Z' (e.g. 2025-03-01T09:30:00.000000Z)."""
    if moment.tzinfo is None:
        raise ValueError("timestamp must be timezone-aware; a naive time is ambiguous")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def is_hash(value: object) -> bool:
    return isinstance(value, str) and _HEX64.fullmatch(value) is not None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _keys_problem(what: str, obj: Mapping, keys: frozenset[str]) -> str | None:
    missing = [k for k in sorted(keys) if k not in obj]
    if missing:
        return f"{what} is missing {', '.join(repr(k) for k in missing)}"
    extra = sorted(str(k) for k in obj if k not in keys)
    if extra:
        return f"{what} has unexpected {', '.join(repr(k) for k in extra)}"
    return None


def event_problem(event: Mapping, *, stored: bool = False) -> str | None:
    """What is structurally wrong with ``event`` (None if nothing).

    With ``stored`` the event must also carry its stored "hash" and "checkpoint".
    """
    if not isinstance(event, Mapping):
        return f"event is a {type(event).__name__}, not an object"
    keys = EVENT_KEYS | {"hash", "checkpoint"} if stored else EVENT_KEYS
    problem = _keys_problem("event", event, keys)
    if problem:
        return problem
    if event["v"] != VERSION:
        return f"event has version {event['v']!r}; this program reads version {VERSION}"
    checks = (
        ("org", isinstance(event["org"], str) and event["org"] != "", "a non-empty string"),
        ("seq", _is_int(event["seq"]) and event["seq"] > 0, "a positive integer"),
        ("kind", isinstance(event["kind"], str) and event["kind"] != "", "a non-empty string"),
        ("at", isinstance(event["at"], str), "a string"),
        ("actor", event["actor"] is None or isinstance(event["actor"], str), "a string or null"),
        ("data", isinstance(event["data"], Mapping), "an object"),
    )
    if stored:
        checkpoint = event["checkpoint"]
        checks += (
            ("hash", is_hash(event["hash"]), "64 lower-case hex digits"),
            ("checkpoint", checkpoint is None or (_is_int(checkpoint) and checkpoint > 0),
             "a positive integer or null"),
        )  # fmt: skip
    for key, good, expected in checks:
        if not good:
            return f"event field {key!r} must be {expected}, not {event[key]!r}"
    return None


def checkpoint_problem(checkpoint: Mapping, *, stored: bool = False) -> str | None:
    """What is structurally wrong with ``checkpoint`` (None if nothing)."""
    if not isinstance(checkpoint, Mapping):
        return f"checkpoint is a {type(checkpoint).__name__}, not an object"
    keys = CHECKPOINT_KEYS | {"hash"} if stored else CHECKPOINT_KEYS
    problem = _keys_problem("checkpoint", checkpoint, keys)
    if problem:
        return problem
    if checkpoint["v"] != VERSION:
        return f"checkpoint has version {checkpoint['v']!r}; this program reads version {VERSION}"
    positive = "a positive integer"
    hex64 = "64 lower-case hex digits"
    checks = [
        ("org", isinstance(checkpoint["org"], str) and checkpoint["org"] != "", "a string"),
        ("number", _is_int(checkpoint["number"]) and checkpoint["number"] > 0, positive),
        ("prev", is_hash(checkpoint["prev"]), hex64),
        ("root", is_hash(checkpoint["root"]), hex64),
        ("first_seq", _is_int(checkpoint["first_seq"]) and checkpoint["first_seq"] > 0, positive),
        ("last_seq", _is_int(checkpoint["last_seq"]) and checkpoint["last_seq"] > 0, positive),
        ("count", _is_int(checkpoint["count"]) and checkpoint["count"] > 0, positive),
        ("sealed_at", isinstance(checkpoint["sealed_at"], str), "a string"),
    ]
    if stored:
        checks.append(("hash", is_hash(checkpoint["hash"]), hex64))
    for key, good, expected in checks:
        if not good:
            return f"checkpoint field {key!r} must be {expected}, not {checkpoint[key]!r}"
    return None


def event_hash(event: Mapping[str, Any]) -> str:
    """SHA-256 hex of the canonical JSON of an event (exactly the keys of EVENT_FIELDS)."""
    problem = event_problem(event)
    if problem:
        raise ValueError(problem)
    return sha256(canonical_json(event)).hexdigest()


def checkpoint_hash(checkpoint: Mapping[str, Any]) -> str:
    """SHA-256 hex of the canonical JSON of a checkpoint, without its own "hash" key."""
    problem = checkpoint_problem(checkpoint)
    if problem:
        raise ValueError(problem)
    return sha256(canonical_json(checkpoint)).hexdigest()


def make_event(
    *, org: str, seq: int, kind: str, at: str | datetime, actor: str | None, data: Mapping
) -> dict[str, Any]:
    """A validated event dict (without its hash); ``at`` may be an aware datetime."""
    if isinstance(at, datetime):
        at = iso_utc(at)
    event = {
        "v": VERSION, "org": org, "seq": seq, "kind": kind, "at": at, "actor": actor,
        "data": dict(data),
    }  # fmt: skip
    problem = event_problem(event)
    if problem:
        raise ValueError(problem)
    if not _TIMESTAMP.fullmatch(at):
        raise ValueError(f"event 'at' must be an ISO 8601 UTC time ending in 'Z', not {at!r}")
    canonical_json(event)  # refuse floats and the like now, not when the event is hashed
    return event


def seal(
    org: str, number: int, prev: str, events: Iterable[Mapping[str, Any]], sealed_at: str
) -> dict[str, Any]:
    """Build checkpoint ``number`` over ``events`` (the batch not yet sealed), with its "hash".

    Events may carry their stored "hash" (and "checkpoint"); a stored hash that does not
    match the content is refused, so a tampered row is never sealed into the record.
    """
    return seal_with_hashes(org, number, prev, events, sealed_at)[0]


def seal_with_hashes(
    org: str, number: int, prev: str, events: Iterable[Mapping[str, Any]], sealed_at: str
) -> tuple[dict[str, Any], list[str]]:
    """``seal``, also returning each event's hash in the order given, so that a store sealing
    events that have no stored hash yet can keep the ones computed here instead of hashing
    every event twice."""
    if not _is_int(number) or number < 1:
        raise ValueError(f"checkpoint number must be a positive integer, not {number!r}")
    if not is_hash(prev):
        raise ValueError(f"prev must be 64 lower-case hex digits, not {prev!r}")
    if number == 1 and prev != ZERO_HASH:
        raise ValueError("checkpoint 1 must have prev = 64 zeros")
    if not isinstance(sealed_at, str) or not _TIMESTAMP.fullmatch(sealed_at):
        raise ValueError(f"sealed_at must be an ISO 8601 UTC time ending in 'Z': {sealed_at!r}")
    hashed: list[tuple[int, str]] = []
    digests: list[str] = []
    for event in events:
        content = {key: event[key] for key in EVENT_FIELDS if key in event}
        if len(content) < len(EVENT_FIELDS):
            raise ValueError(event_problem(content))
        digest = event_hash(content)
        if "hash" in event and event["hash"] != digest:
            raise ValueError(f"event {content['seq']}: stored hash does not match its content")
        if content["org"] != org:
            raise ValueError(f"event {content['seq']} belongs to {content['org']!r}, not {org!r}")
        hashed.append((content["seq"], digest))
        digests.append(digest)
    if not hashed:
        raise ValueError("a checkpoint must seal at least one event")
    hashed.sort()
    for (seq, _), (next_seq, _) in pairwise(hashed):
        if seq == next_seq:
            raise ValueError(f"event {seq} appears twice in the batch")
    checkpoint: dict[str, Any] = {
        "v": VERSION,
        "org": org,
        "number": number,
        "prev": prev,
        "root": merkle_root([bytes.fromhex(digest) for _, digest in hashed]).hex(),
        "first_seq": hashed[0][0],
        "last_seq": hashed[-1][0],
        "count": len(hashed),
        "sealed_at": sealed_at,
    }
    checkpoint["hash"] = checkpoint_hash(checkpoint)
    return checkpoint, digests
