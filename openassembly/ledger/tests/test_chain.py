import re
from datetime import UTC, datetime, timedelta, timezone
from hashlib import sha256

import pytest

from openassembly.ledger import (
    ZERO_HASH,
    checkpoint_hash,
    event_hash,
    iso_utc,
    make_event,
    merkle_root,
    seal,
    seal_with_hashes,
)
from openassembly.ledger.chain import checkpoint_problem, event_problem
from openassembly.ledger.tests.helpers import ORG, event


def content(seq=1, **changes):
    return {
        "v": 1, "org": ORG, "seq": seq, "kind": "member.joined",
        "at": "2025-03-01T09:00:00.000000Z", "actor": None, "data": {"member": 1},
    } | changes  # fmt: skip


def test_event_hash_is_sha256_of_canonical_json():
    expected = sha256(
        b'{"actor":null,"at":"2025-03-01T09:00:00.000000Z","data":{"member":1},'
        b'"kind":"member.joined","org":"demo-alliance","seq":1,"v":1}'
    ).hexdigest()
    assert event_hash(content()) == expected


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({k: v for k, v in content().items() if k != "kind"}, "event is missing 'kind'"),
        (content() | {"hash": "x"}, "event has unexpected 'hash'"),
        (content(v=2), "event has version 2"),
        (content(seq=0), "'seq' must be a positive integer"),
        (content(seq=True), "'seq' must be a positive integer"),
        (content(org=""), "'org' must be a non-empty string"),
        (content(kind=3), "'kind' must be a non-empty string"),
        (content(at=None), "'at' must be a string"),
        (content(actor=5), "'actor' must be a string or null"),
        (content(data=[1]), "'data' must be an object"),
        (content(data={"x": 0.5}), "$.data.x: floats are not allowed"),
    ],
)
def test_event_hash_refuses(event, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        event_hash(event)


def test_stored_event_shape():
    good = content() | {"hash": "a" * 64, "checkpoint": None}
    assert event_problem(good, stored=True) is None
    assert "'hash' must be 64" in event_problem(good | {"hash": "A" * 64}, stored=True)
    assert "'checkpoint' must be" in event_problem(good | {"checkpoint": 0}, stored=True)
    assert event_problem([1], stored=True) == "event is a list, not an object"


def test_make_event_validates_and_formats_time():
    moment = datetime(2025, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    made = make_event(org=ORG, seq=1, kind="member.joined", at=moment, actor=None, data={})
    assert made["at"] == "2025-03-01T09:00:00.000000Z"
    assert event_hash(made)
    with pytest.raises(ValueError, match="ending in 'Z'"):
        make_event(org=ORG, seq=1, kind="k.x", at="2025-03-01 09:00", actor=None, data={})
    with pytest.raises(ValueError, match="floats"):
        make_event(org=ORG, seq=1, kind="k.x", at=moment, actor=None, data={"f": 1.5})
    with pytest.raises(ValueError, match="'seq' must be"):
        make_event(org=ORG, seq=-1, kind="k.x", at=moment, actor=None, data={})


def test_iso_utc():
    assert iso_utc(datetime(2025, 1, 2, 3, 4, 5, 6, tzinfo=UTC)) == "2025-01-02T03:04:05.000006Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        iso_utc(datetime(2025, 1, 2))


def test_seal_builds_a_hashed_checkpoint_in_seq_order():
    batch = [event(5), event(2), event(9)]
    checkpoint = seal(ORG, 1, ZERO_HASH, batch, "2025-03-02T10:00:00.000000Z")
    leaves = [bytes.fromhex(e["hash"]) for e in sorted(batch, key=lambda e: e["seq"])]
    assert checkpoint["root"] == merkle_root(leaves).hex()
    assert (checkpoint["first_seq"], checkpoint["last_seq"], checkpoint["count"]) == (2, 9, 3)
    body = {k: v for k, v in checkpoint.items() if k != "hash"}
    assert checkpoint["hash"] == checkpoint_hash(body)
    assert checkpoint_problem(checkpoint, stored=True) is None
    # Events without their stored hash are sealed just the same.
    bare = [{k: v for k, v in e.items() if k not in ("hash", "checkpoint")} for e in batch]
    assert seal(ORG, 1, ZERO_HASH, bare, "2025-03-02T10:00:00.000000Z") == checkpoint


def test_seal_with_hashes_gives_each_events_hash_in_the_order_given():
    batch = [event(5), event(2), event(9)]
    bare = [{k: v for k, v in e.items() if k not in ("hash", "checkpoint")} for e in batch]
    checkpoint, hashes = seal_with_hashes(ORG, 1, ZERO_HASH, bare, "2025-03-02T10:00:00.000000Z")
    assert hashes == [event_hash(e) for e in bare] == [e["hash"] for e in batch]
    assert checkpoint == seal(ORG, 1, ZERO_HASH, batch, "2025-03-02T10:00:00.000000Z")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((ORG, 0, ZERO_HASH, [event(1)], "2025-03-02T10:00:00Z"), "number must be a positive"),
        ((ORG, 2, "abc", [event(1)], "2025-03-02T10:00:00Z"), "prev must be 64"),
        ((ORG, 1, "a" * 64, [event(1)], "2025-03-02T10:00:00Z"), "checkpoint 1 must have prev"),
        ((ORG, 1, ZERO_HASH, [event(1)], "yesterday"), "sealed_at must be"),
        ((ORG, 1, ZERO_HASH, [], "2025-03-02T10:00:00Z"), "at least one event"),
        ((ORG, 1, ZERO_HASH, [event(1), event(1)], "2025-03-02T10:00:00Z"), "appears twice"),
        (("other", 1, ZERO_HASH, [event(1)], "2025-03-02T10:00:00Z"), "belongs to 'demo-alliance'"),
        ((ORG, 1, ZERO_HASH, [event(1) | {"seq": 7}], "2025-03-02T10:00:00Z"),
         "event 7: stored hash does not match its content"),
        ((ORG, 1, ZERO_HASH, [{"seq": 1}], "2025-03-02T10:00:00Z"), "event is missing"),
    ],
)  # fmt: skip
def test_seal_refuses(args, message):
    with pytest.raises(ValueError, match=message):
        seal(*args)


def test_checkpoint_hash_refuses_bad_shapes():
    checkpoint = seal(ORG, 1, ZERO_HASH, [event(1)], "2025-03-02T10:00:00.000000Z")
    with pytest.raises(ValueError, match="unexpected 'hash'"):
        checkpoint_hash(checkpoint)
    body = {k: v for k, v in checkpoint.items() if k != "hash"}
    with pytest.raises(ValueError, match="version 3"):
        checkpoint_hash(body | {"v": 3})
    with pytest.raises(ValueError, match="'count' must be a positive integer"):
        checkpoint_hash(body | {"count": 0})
    assert checkpoint_problem("x") == "checkpoint is a str, not an object"
    assert "'hash' must be 64" in checkpoint_problem(checkpoint | {"hash": "z"}, stored=True)
