"""A published checkpoint hash pins the ledger: a cut-off or rewritten tail no longer passes.

Without an anchor both attacks leave a ledger that is consistent on its own, which is what
the first two tests show; with one, each fails naming what differs.
"""

import pytest

from openassembly.ledger import ZERO_HASH, Anchor, seal, verify
from openassembly.ledger.tests.helpers import ORG, event, ledger


def _truncated():
    events, checkpoints = ledger([3, 4, 2], unsealed=0)
    published = checkpoints[-1]
    kept = [e for e in events if e["checkpoint"] != 3]
    return kept, checkpoints[:-1], published


def _rewritten():
    """Checkpoint 3's events replaced by others and resealed: everything recomputes."""
    events, checkpoints = ledger([3, 4, 2], unsealed=0)
    published = checkpoints[-1]
    kept = [e for e in events if e["checkpoint"] != 3]
    forged = [event(8, data={"member": 1, "region": "south"}), event(9)]
    forged_cp = seal(ORG, 3, checkpoints[1]["hash"], forged, "2025-03-02T10:00:03.000000Z")
    for item in forged:
        item["checkpoint"] = 3
    return kept + forged, [*checkpoints[:2], forged_cp], published


@pytest.mark.parametrize("make", [_truncated, _rewritten])
def test_without_an_anchor_a_cut_or_rewritten_tail_passes(make):
    events, checkpoints, _ = make()
    assert verify(events, checkpoints).ok


def test_truncated_tail_fails_against_the_published_hash():
    events, checkpoints, published = _truncated()
    report = verify(events, checkpoints, anchors=[Anchor(published["hash"])])
    assert not report.ok
    assert report.first_broken.startswith(f"checkpoint {published['hash'][:16]}…: the published")
    assert "its head is checkpoint 2" in report.first_broken
    numbered = verify(events, checkpoints, anchors=[Anchor(published["hash"], 3)])
    assert "the ledger ends before the published checkpoint" in numbered.first_broken
    assert "its tail was cut off" in numbered.first_broken


def test_rewritten_tail_fails_against_the_published_hash():
    events, checkpoints, published = _rewritten()
    report = verify(events, checkpoints, anchors=[Anchor(published["hash"], 3)])
    assert not report.ok
    assert report.first_broken == (
        f"checkpoint 3 {published['hash'][:16]}…: this ledger's checkpoint 3 has hash "
        f"{checkpoints[2]['hash'][:16]}…, not the published one: it was rewritten from there "
        f"or before"
    )
    assert not verify(events, checkpoints, anchors=[Anchor(published["hash"])]).ok


def test_a_ledger_that_extends_the_published_checkpoint_passes():
    events, checkpoints = ledger([3, 4, 2], unsealed=1)
    report = verify(events, checkpoints, anchors=[Anchor(checkpoints[1]["hash"], 2)])
    assert report.ok, report.first_broken
    assert report.anchored == (2,)
    assert verify(events, checkpoints, anchors=[Anchor(checkpoints[0]["hash"])]).anchored == (1,)


def test_a_later_checkpoint_that_does_not_extend_the_anchor_fails():
    # Checkpoint 2 is the published one; checkpoint 3 was re-linked to a different history.
    events, checkpoints = ledger([3, 4, 2], unsealed=0)
    batch = [e for e in events if e["checkpoint"] == 3]
    relinked = seal(ORG, 3, ZERO_HASH.replace("0", "1"), batch, "2025-03-02T10:00:03.000000Z")
    report = verify(events, [*checkpoints[:2], relinked], anchors=[Anchor(checkpoints[1]["hash"])])
    assert report.first_broken == "checkpoint 3: prev does not match checkpoint 2's hash"


def test_the_number_must_match_the_hash():
    events, checkpoints = ledger([3, 4, 2])
    report = verify(events, checkpoints, anchors=[Anchor(checkpoints[0]["hash"], 2)])
    assert "that hash is checkpoint 1 in this ledger, not checkpoint 2" in report.first_broken


def test_the_earliest_problem_is_named_first():
    # A changed event in checkpoint 1 ranks ahead of a missing tail.
    events, checkpoints, published = _truncated()
    events[0]["data"]["member"] = 99
    report = verify(events, checkpoints, anchors=[Anchor(published["hash"])])
    assert report.first_broken == "event 1: stored hash does not match its content"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a" * 64, Anchor("a" * 64)), ("7:" + "B" * 64, Anchor("b" * 64, 7)),
     (" 12:" + "c" * 64 + "\n", Anchor("c" * 64, 12))],
)  # fmt: skip
def test_anchor_parse(text, expected):
    assert Anchor.parse(text) == expected


@pytest.mark.parametrize("text", ["", "a" * 63, "g" * 64, "0:" + "a" * 64, "x:" + "a" * 64])
def test_anchor_parse_refuses(text):
    with pytest.raises(ValueError, match="checkpoint"):
        Anchor.parse(text)


def test_report_gives_the_oldest_unsealed_event():
    events, checkpoints = ledger([3], unsealed=3)
    report = verify(events, checkpoints)
    assert report.unsealed == 3
    assert report.oldest_unsealed == min(e["at"] for e in events if e["checkpoint"] is None)
    assert "the oldest at" in report.summary()
