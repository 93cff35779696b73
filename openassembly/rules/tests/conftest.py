from __future__ import annotations

from pathlib import Path

import pytest

from openassembly.rules import Constitution, load_constitution

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "commonweal.toml"

# A small but complete constitution; tests break it in one place and check the report.
MINIMAL = """\
format = 1

[organisation]
name = "Test Group"
slug = "test-group"

[[rules]]
number = "1"
title = "Name"
text = "This is the Test Group."

[[rules]]
number = "2.1"
title = "Meetings"
text = \"\"\"
The committee meets every three months
[[with a bracketed line]] that is prose, not a table.
notice = 3 days is also prose.\"\"\"

[membership]
rule = "1"
regions = ["North", "South"]

[[affiliate_kinds]]
key = "union"
name = "Trade union"
rule = "1"
annual_fee_pence = 50000

[[bodies]]
key = "committee"
name = "Committee"
rule = "1"
kind = "committee"
meets_every_months = 3
meetings_rule = "2.1"
notice_days = 7
notice_rule = "2.1"
quorum = { fraction = "1/3", rule = "2.1" }
majority = { kind = "simple", rule = "2.1" }

[[bodies.seats]]
key = "chair"
name = "Chair"
rule = "1"
kind = "elected"
count = 1
officer = true

[[bodies.seats]]
key = "union-reps"
name = "Union representatives"
rule = "1"
kind = "nominated"
per_affiliate = 2
nominated_by = "union"
requires_fee = true

[[powers]]
name = "call-meeting"
description = "Call a meeting."
rule = "2.1"
seats = ["committee/chair"]
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``needle``; fails loudly if it is not there."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) >= occurrence, f"{needle!r} not in text"
    return found[occurrence - 1]


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def commonweal(example_text: str) -> Constitution:
    return load_constitution(example_text)
