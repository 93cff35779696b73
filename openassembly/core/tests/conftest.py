"""Fixtures the core tests share."""

from __future__ import annotations

import pytest

from openassembly.core import events


@pytest.fixture
def test_kinds():
    """Kinds only these tests write: the ledger's storage does not care what an event says."""
    declared = [
        events.EventKind(kind=kind, label=kind, meaning="a test event", fields=fields,
                         sentence=lambda e: "A test event happened", example=example)
        for kind, fields, example in (
            ("test.happened", {"i": events.data("a counter")}, {"i": 1}),
            ("test.one", {"n": events.data("a number")}, {"n": 1}),
            ("member.noted", {"details": events.committed("a commitment")},
             {"details": "c1:00"}),
        )
    ]
    events.register("core-tests", *declared)
    yield
    for spec in declared:
        events._KINDS.pop(spec.kind)
