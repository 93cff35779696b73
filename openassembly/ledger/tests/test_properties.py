"""Property tests: valid ledgers verify, and every kind of tampering is detected.

Each mutation is checked twice: through verify() on the rows, and through an export file
and verify_export(), whose fast path must reach exactly the same verdict.
"""

from __future__ import annotations

import copy
import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openassembly.ledger import ZERO_HASH, event_hash, seal, verify, verify_export, write_export
from openassembly.ledger.tests.helpers import ORG

json_scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=8)
json_data = st.dictionaries(
    st.text(max_size=6),
    st.recursive(
        json_scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
        max_leaves=6,
    ),
    max_size=4,
)
FIELDS = ("v", "org", "seq", "kind", "at", "actor", "data")


@st.composite
def ledgers(draw):
    """Events with gapped seqs, sealed into checkpoints in any (seq-ordered) grouping."""
    n = draw(st.integers(1, 25))
    gaps = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
    seqs = [sum(gaps[: i + 1]) for i in range(n)]
    groups = draw(st.lists(st.integers(0, 4) | st.none(), min_size=n, max_size=n))
    if all(g is None for g in groups):
        groups[0] = 0
    events = []
    for seq, group in zip(seqs, groups, strict=True):
        content = {
            "v": 1, "org": ORG, "seq": seq,
            "kind": draw(st.sampled_from(["member.joined", "seat.filled", "ballot.cast"])),
            "at": f"2025-03-01T09:00:{seq % 60:02d}.000000Z",
            "actor": draw(st.none() | st.text(max_size=10)),
            "data": draw(json_data),
        }  # fmt: skip
        events.append(content | {"hash": event_hash(content), "group": group})
    numbers = {}
    for item in events:  # checkpoints are numbered in the order their groups first appear
        if item["group"] is not None and item["group"] not in numbers:
            numbers[item["group"]] = len(numbers) + 1
    checkpoints, prev = [], ZERO_HASH
    for group, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        batch = [e for e in events if e["group"] == group]
        checkpoint = seal(ORG, number, prev, batch_content(batch), "2025-03-02T10:00:00.000000Z")
        checkpoints.append(checkpoint)
        prev = checkpoint["hash"]
    for item in events:
        group = item.pop("group")
        item["checkpoint"] = None if group is None else numbers[group]
    return events, checkpoints


def batch_content(batch):
    return [{k: e[k] for k in FIELDS} | {"hash": e["hash"]} for e in batch]


def both(events, checkpoints):
    """verify() on the rows, and verify_export() on the file; they must agree."""
    direct = verify(events, checkpoints, org=ORG)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ledger.jsonl")
        with open(path, "w", encoding="utf-8") as fp:
            write_export(fp, ORG, events, checkpoints)
        exported = verify_export(path)
    assert exported == direct
    return direct


common = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(ledgers())
def test_valid_ledgers_verify(ledger):
    events, checkpoints = ledger
    report = both(events, checkpoints)
    assert report.ok, report.first_broken
    assert report.events_checked == len(events)
    assert report.unsealed == sum(e["checkpoint"] is None for e in events)


def sealed(events):
    return [i for i, e in enumerate(events) if e["checkpoint"] is not None]


@common
@given(ledgers(), st.data())
def test_changed_event_is_detected(ledger, data):
    events, checkpoints = copy.deepcopy(ledger)
    i = data.draw(st.integers(0, len(events) - 1))
    field = data.draw(st.sampled_from(["seq", "kind", "at", "actor", "data", "org"]))
    new = {
        "seq": events[i]["seq"] + data.draw(st.integers(1, 3)),
        "kind": events[i]["kind"] + ".x",
        "at": "2030-01-01T00:00:00.000000Z",
        "actor": "Someone else" if events[i]["actor"] != "Someone else" else None,
        "data": {**events[i]["data"], "tampered": True},
        "org": "other-org",
    }[field]
    events[i][field] = new
    if data.draw(st.booleans()) and events[i]["checkpoint"] is not None:
        events[i]["hash"] = event_hash({k: events[i][k] for k in FIELDS})  # a careful forger
    assert not both(events, checkpoints).ok


@common
@given(ledgers(), st.data())
def test_dropped_sealed_event_is_detected(ledger, data):
    events, checkpoints = copy.deepcopy(ledger)
    del events[data.draw(st.sampled_from(sealed(events)))]
    assert not both(events, checkpoints).ok


@common
@given(ledgers(), st.data())
def test_inserted_event_is_detected(ledger, data):
    events, checkpoints = copy.deepcopy(ledger)
    number = data.draw(st.integers(1, len(checkpoints)))
    forged = {"v": 1, "org": ORG, "seq": events[-1]["seq"] + 1, "kind": "member.joined",
              "at": "2025-03-01T09:00:00.000000Z", "actor": None, "data": {}}  # fmt: skip
    forged |= {"hash": event_hash(forged), "checkpoint": number}
    events.insert(data.draw(st.integers(0, len(events))), forged)
    assert not both(events, checkpoints).ok


@common
@given(ledgers(), st.data())
def test_duplicated_event_is_detected(ledger, data):
    events, checkpoints = copy.deepcopy(ledger)
    i = data.draw(st.integers(0, len(events) - 1))
    events.insert(data.draw(st.integers(0, len(events))), copy.deepcopy(events[i]))
    assert not both(events, checkpoints).ok


@common
@given(ledgers(), st.data())
def test_reordered_events_are_detected(ledger, data):
    events, checkpoints = copy.deepcopy(ledger)
    i = data.draw(st.sampled_from(sealed(events)))
    same = [
        j for j in sealed(events) if j != i and events[j]["checkpoint"] == events[i]["checkpoint"]
    ]
    if same and data.draw(st.booleans()):
        j = data.draw(st.sampled_from(same))
        events[i], events[j] = events[j], events[i]  # out of order within its checkpoint
    else:
        choices = [n for n in range(1, len(checkpoints) + 2) if n != events[i]["checkpoint"]]
        events[i]["checkpoint"] = data.draw(st.sampled_from(choices))  # moved to another one
    assert not both(events, checkpoints).ok


@common
@given(ledgers(), st.data())
def test_changed_checkpoint_is_detected(ledger, data):
    events, checkpoints = copy.deepcopy(ledger)
    checkpoint = data.draw(st.sampled_from(checkpoints))
    field = data.draw(
        st.sampled_from(["number", "prev", "root", "first_seq", "last_seq", "count",
                         "sealed_at", "org", "hash"])
    )  # fmt: skip
    value = checkpoint[field]
    if isinstance(value, int):
        checkpoint[field] = value + data.draw(st.integers(1, 3))
    elif field in ("prev", "root", "hash"):
        checkpoint[field] = "f" * 64 if value != "f" * 64 else "e" * 64
    else:
        checkpoint[field] = value + "x"
    assert not both(events, checkpoints).ok


@common
@given(ledgers(), st.data())
def test_dropped_checkpoint_is_detected(ledger, data):
    events, checkpoints = copy.deepcopy(ledger)
    del checkpoints[data.draw(st.integers(0, len(checkpoints) - 1))]
    assert not both(events, checkpoints).ok
