"""Ledger verification rate against the machine's raw SHA-256 rate on the same bytes.

Generates a realistic ledger (checkpoints every 1,000 events), exports it to a temporary
file, then times verify_export (median of 3) and the bare hashing any verifier must do:
SHA-256 over each event's canonical bytes plus the Merkle tree of every checkpoint.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from hashlib import sha256
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openassembly.ledger import (
    ZERO_HASH,
    canonical_json,
    commit,
    event_hash,
    iso_utc,
    merkle_root,
    new_salt,
    read_export,
    seal,
    verify,
    verify_export,
    write_export,
)

ORG = "northern-alliance"
REGIONS = ["north-east", "north-west", "yorkshire", "midlands", "wales", "scotland", "london"]
KINDS = [
    "member.joined", "member.details_changed", "membership.renewed", "membership.lapsed",
    "seat.filled", "seat.vacated", "affiliate.fee_recorded", "meeting.called",
    "motion.tabled", "ballot.cast",
]  # fmt: skip


def generate(n: int, every: int, rng: random.Random) -> tuple[list[dict], list[dict]]:
    salt = new_salt()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    events: list[dict] = []
    for seq in range(1, n + 1):
        kind = rng.choice(KINDS)
        data: dict = {"member": seq // 3 + 1, "region": rng.choice(REGIONS)}
        if kind.startswith("member."):
            data["email"] = commit(f"person{seq}@example.org", salt)
            data["group"] = f"{data['region']}-{rng.randrange(40)}"
        elif kind == "ballot.cast":
            data = {"ballot": rng.randrange(1, 50), "receipt": sha256(seq.to_bytes(8)).hexdigest()}
        elif kind == "affiliate.fee_recorded":
            data = {"affiliate": rng.randrange(1, 300), "pence": rng.randrange(1000, 500000)}
        elif kind.startswith("seat."):
            data = {"body": "coordinating-group", "seat": rng.randrange(1, 35), "member": seq // 7}
        event = {
            "v": 1, "org": ORG, "seq": seq, "kind": kind,
            "at": iso_utc(start + timedelta(seconds=seq * 17)),
            "actor": rng.choice([None, "Secretary", "Membership officer", "Chair"]),
            "data": data,
        }  # fmt: skip
        event["hash"] = event_hash(event)
        event["checkpoint"] = None
        events.append(event)
    checkpoints: list[dict] = []
    prev = ZERO_HASH
    for number, lo in enumerate(range(0, n - n % every, every), 1):
        batch = events[lo : lo + every]
        sealed_at = iso_utc(start + timedelta(seconds=(lo + every) * 17 + 5))
        checkpoint = seal(ORG, number, prev, batch, sealed_at)
        for event in batch:
            event["checkpoint"] = number
        checkpoints.append(checkpoint)
        prev = checkpoint["hash"]
    return events, checkpoints


def raw_hashing(encoded: list[bytes], every: int) -> float:
    """Seconds for the minimum hashing: one SHA-256 per event plus each batch's Merkle tree."""
    began = time.perf_counter()
    digests = [sha256(item).digest() for item in encoded]
    for lo in range(0, len(digests) - len(digests) % every, every):
        merkle_root(digests[lo : lo + every])
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--every", type=int, default=1_000)
    parser.add_argument("--quick", action="store_true", help="5,000 events, a smoke run")
    args = parser.parse_args()
    n = 5_000 if args.quick else args.events
    rng = random.Random(2)
    began = time.perf_counter()
    events, checkpoints = generate(n, args.every, rng)
    generated = time.perf_counter() - began
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ledger.jsonl")
        with open(path, "w", encoding="utf-8") as fp:
            write_export(fp, ORG, events, checkpoints)
        size = os.path.getsize(path)
        timings = []
        for _ in range(3):
            began = time.perf_counter()
            report = verify_export(path)
            timings.append(time.perf_counter() - began)
            if not report.ok or report.events_checked != n:
                print(f"verification failed: {report.summary()}", file=sys.stderr)
                return 1
        # For comparison: the general path, as used on rows from the database.
        began = time.perf_counter()
        with open(path, encoding="utf-8") as fp:
            org, read_events, read_checkpoints = read_export(fp)
        read_s = time.perf_counter() - began
        began = time.perf_counter()
        rows_ok = verify(read_events, read_checkpoints, org=org).ok
        rows_s = time.perf_counter() - began
        if not rows_ok:
            print("verify() on the rows failed", file=sys.stderr)
            return 1
    fields = ("v", "org", "seq", "kind", "at", "actor", "data")
    encoded = [canonical_json({k: event[k] for k in fields}) for event in events]
    raw = statistics.median(raw_hashing(encoded, args.every) for _ in range(3))
    verify_s = statistics.median(timings)
    events_per_s = n / verify_s
    raw_per_s = n / raw
    ratio = events_per_s / raw_per_s
    rows = [
        ("events", f"{n:,}"),
        ("checkpoints", f"{len(checkpoints):,} (every {args.every:,})"),
        ("export size", f"{size / 1e6:.1f} MB ({size / n:.0f} bytes/event)"),
        ("generate + seal", f"{generated:.2f} s"),
        ("verify_export (median of 3)", f"{verify_s:.3f} s = {events_per_s:,.0f} events/s"),
        ("read_export (parse only)", f"{read_s:.3f} s = {n / read_s:,.0f} events/s"),
        ("verify() on parsed rows", f"{rows_s:.3f} s = {n / rows_s:,.0f} events/s"),
        ("raw SHA-256 + Merkle", f"{raw:.3f} s = {raw_per_s:,.0f} events/s"),
        ("ratio (target >= 0.30)", f"{ratio:.2f}"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print(f"RESULT events_per_s={events_per_s:.0f} sha256_ratio={ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
