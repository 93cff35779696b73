import pytest

from openassembly.ledger import ZERO_HASH, Report, checkpoint_hash, event_hash, seal, verify
from openassembly.ledger.tests.helpers import ORG, build, event, ledger


def first_broken(events, checkpoints, **kwargs):
    report = verify(events, checkpoints, **kwargs)
    assert not report.ok
    return report.first_broken


def rehash(item):
    item["hash"] = event_hash({k: v for k, v in item.items() if k not in ("hash", "checkpoint")})


def test_valid_ledger_verifies_with_counts():
    events, checkpoints = ledger([3, 4, 2], unsealed=2)
    report = verify(events, checkpoints)
    assert report == Report(
        ok=True, first_broken=None, events_checked=11, checkpoints_checked=3, unsealed=2,
        oldest_unsealed="2025-03-01T09:10:00.000000Z",
    )
    assert report.summary().startswith("ledger verified: 11 events, 3 checkpoints")
    assert verify([], []).ok


def test_non_contiguous_batches_verify():
    # Event 3 committed late: checkpoint 1 sealed 1, 2, 4 and checkpoint 2 took 3 and 5.
    events, checkpoints = build([[event(1), event(2), event(4)], [event(3), event(5)]])
    assert [e["checkpoint"] for e in events] == [1, 1, 2, 1, 2]
    assert verify(events, checkpoints).ok


def test_changed_event_content():
    events, checkpoints = ledger()
    events[4]["data"]["member"] = 99
    assert first_broken(events, checkpoints) == "event 5: stored hash does not match its content"


def test_changed_event_with_recomputed_hash_breaks_the_root():
    events, checkpoints = ledger()
    events[4]["data"]["member"] = 99
    rehash(events[4])
    assert first_broken(events, checkpoints) == (
        "checkpoint 2: Merkle root does not match its 4 events"
    )


def test_resealed_checkpoint_breaks_the_next_link():
    events, checkpoints = ledger()
    batch = [e for e in events if e["checkpoint"] == 2]
    checkpoints[1] = seal(ORG, 2, checkpoints[0]["hash"], batch, "2026-01-01T00:00:00Z")
    assert first_broken(events, checkpoints) == (
        "checkpoint 3: prev does not match checkpoint 2's hash"
    )


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda e, c: c[0].update(prev="1" * 64), "checkpoint 1: stored hash does not match"),
        (lambda e, c: c.pop(1), "event 4: claims checkpoint 2, which does not exist"),
        (lambda e, c: c.pop(), "event 8: claims checkpoint 3, which does not exist"),
        (lambda e, c: e.pop(1), "checkpoint 1: count is 3 but 2 events claim it"),
        (lambda e, c: e.insert(2, dict(e[1])), "event 2: appears more than once"),
        (lambda e, c: e.__setitem__(slice(0, 2), [e[1], e[0]]), "event 1: out of order in"),
        (lambda e, c: e[9].update(checkpoint=3), "checkpoint 3: count is 2 but 3 events claim it"),
        (lambda e, c: e[0].update(org="other"), "event 1: stored hash does not match"),
        (lambda e, c: e[0].pop("kind"), "event 1: event is missing 'kind'"),
        (lambda e, c: e[0].update(checkpoint="1"), "event 1: event field 'checkpoint' must be"),
        (lambda e, c: e.insert(0, "junk"), "event #1: event is a str, not an object"),
        (lambda e, c: e[0]["data"].update(x=0.5), "event 1: not canonical JSON ($.data.x: floats"),
        (lambda e, c: c[1].pop("root"), "checkpoint 2 (expected 2): checkpoint is missing 'root'"),
        (lambda e, c: c.insert(0, "junk"), "checkpoint (expected 1): checkpoint is a str"),
        (lambda e, c: c.append(dict(c[-1])), "checkpoint 3: expected checkpoint 4 here"),
    ],
)  # fmt: skip
def test_each_kind_of_break_is_named(mutate, message):
    events, checkpoints = ledger()
    mutate(events, checkpoints)
    assert first_broken(events, checkpoints).startswith(message)


def test_events_from_another_organisation():
    events, checkpoints = ledger([2], unsealed=0)
    stranger = event(9) | {"org": "other"}
    rehash(stranger)
    assert first_broken([*events, stranger], checkpoints) == (
        "event 9: belongs to 'other', not 'demo-alliance'"
    )
    assert first_broken(events, checkpoints, org="other") == (
        "event 1: belongs to 'demo-alliance', not 'other'"
    )


def test_checkpoint_of_another_organisation():
    theirs = event(1) | {"org": "other"}
    rehash(theirs)
    sealed = seal("other", 1, ZERO_HASH, [theirs], "2025-03-02T10:00:00Z")
    assert first_broken([], [sealed]).startswith("checkpoint 1: count is 1 but 0 events claim it")
    assert first_broken([], [sealed], org=ORG).startswith(
        "checkpoint 1: belongs to 'other', not 'demo-alliance'"
    )


def test_checkpoint_with_wrong_first_and_last():
    events, _ = build([[event(1), event(2)]])
    forged = seal(ORG, 1, ZERO_HASH, events, "2025-03-02T10:00:00Z")
    forged = {k: v for k, v in forged.items() if k != "hash"} | {"first_seq": 2, "last_seq": 2}
    forged["hash"] = checkpoint_hash(forged)
    assert first_broken(events, [forged]) == (
        "checkpoint 1: first/last seq 2/2 do not match its events (1/2)"
    )


def test_first_checkpoint_must_start_from_zeros():
    events, checkpoints = ledger([1], unsealed=0)
    forged = {k: v for k, v in checkpoints[0].items() if k != "hash"} | {"prev": "a" * 64}
    forged["hash"] = checkpoint_hash(forged)
    assert first_broken(events, [forged]) == (
        "checkpoint 1: prev of the first checkpoint must be 64 zeros"
    )


def test_earliest_break_wins_whatever_order_it_is_found_in():
    events, checkpoints = ledger([2, 2, 2], unsealed=1)
    events[6]["data"] = {"unsealed": "changed"}  # found first, but it is the latest link
    events[4]["data"] = {"changed": True}
    checkpoints[1]["count"] = 3
    assert first_broken(events, checkpoints).startswith("checkpoint 2:")
    assert "BROKEN at checkpoint 2" in verify(events, checkpoints).summary()
