"""Building small valid ledgers for the tests."""

from __future__ import annotations

from typing import Any

from openassembly.ledger import ZERO_HASH, event_hash, seal

ORG = "demo-alliance"


def event(seq: int, *, kind: str = "member.joined", data: dict | None = None) -> dict[str, Any]:
    content = {
        "v": 1,
        "org": ORG,
        "seq": seq,
        "kind": kind,
        "at": f"2025-03-01T09:{seq % 60:02d}:00.000000Z",
        "actor": "Secretary" if seq % 2 else None,
        "data": {"member": seq, "region": "north"} if data is None else data,
    }
    return content | {"hash": event_hash(content), "checkpoint": None}


def build(batches: list[list[dict]], unsealed: list[dict] = ()) -> tuple[list, list]:
    """Seal each list of events as the next checkpoint; events come back ordered by seq."""
    checkpoints: list[dict] = []
    prev = ZERO_HASH
    events: list[dict] = []
    for number, batch in enumerate(batches, 1):
        checkpoint = seal(ORG, number, prev, batch, f"2025-03-02T10:00:{number % 60:02d}.000000Z")
        for item in batch:
            item["checkpoint"] = number
        checkpoints.append(checkpoint)
        prev = checkpoint["hash"]
        events.extend(batch)
    events.extend(unsealed)
    events.sort(key=lambda item: item["seq"])
    return events, checkpoints


def ledger(sizes: list[int] = (3, 4, 2), unsealed: int = 1) -> tuple[list, list]:
    """A ledger of consecutive seqs sealed in batches of ``sizes``, then ``unsealed`` more."""
    seq = 0
    batches = []
    for size in sizes:
        batches.append([event(seq + i + 1) for i in range(size)])
        seq += size
    return build(batches, [event(seq + i + 1) for i in range(unsealed)])
