"""Closing night on loopback: 10,000 ballots over HTTP in a burst while 2,000 clients read the
public record; the figures go into docs/performance.md with the command that made them."""

from pathlib import Path

import pytest

from .conftest import ROOT, run_harness

pytestmark = pytest.mark.slow
VOTERS = 10_000
READERS = 2_000
DOC = ROOT / "docs" / "performance.md"
COMMAND = "make test-slow"


def test_closing_night_burst_with_readers(template):
    result, output = run_harness(
        "closing_night.py",
        "--voters",
        str(VOTERS),
        "--readers",
        str(READERS),
        "--template",
        template,
        "--doc",
        str(DOC),
        "--command",
        COMMAND,
        timeout=2400,
    )
    print(output)
    assert result["errors"] == 0  # no 5xx, no request left unanswered
    assert result["unexpected"] == 0  # nor any other refusal: each account casts once
    assert result["cast_ok"] == VOTERS
    assert result["reads"] >= READERS  # every reader read at least once
    assert (result["lost"], result["doubled"]) == (0, 0)
    assert result["stored"] == result["counted"] == result["expected"]
    assert result["exit"] == 0
    text = Path(DOC).read_text()
    assert f"{VOTERS:,} of {VOTERS:,} answered with a receipt" in text
    for kind in ("cast", "read"):
        latencies = [result[f"{kind}_p{p}_ms"] for p in (50, 95, 99)]
        assert " / ".join(f"{ms:,}" for ms in latencies) + " ms" in text
    assert COMMAND in text
