"""Issue 13's attack, run for real: gunicorn's master and workers SIGKILLed mid-stream while
members cast ballots and division votes; no acknowledged vote may be lost or doubled."""

import pytest

from .conftest import run_harness

pytestmark = pytest.mark.slow
VOTERS = 400
WORKERS = 4


def test_sigkill_mid_stream_loses_and_doubles_no_acknowledged_vote(template):
    result, output = run_harness(
        "durability.py",
        "--voters",
        str(VOTERS),
        "--workers",
        str(WORKERS),
        "--template",
        template,
        timeout=480,
    )
    print(output)
    # The kill was real and mid-stream: the master and every worker, with requests in flight,
    # votes acknowledged before it and after the restart.
    assert result["killed"] == WORKERS + 1
    assert result["in_flight_at_kill"] > 0
    assert result["acked_before_kill"] > 0
    assert result["acked_after_restart"] > 0
    # Every acknowledged ballot and vote is stored once, with what was sent.
    assert (result["lost"], result["doubled"], result["altered"]) == (0, 0, 0)
    assert result["unexpected"] == 0
    # Every voter ended with a vote recorded (told so, or told "already" on a retry), and the
    # register, the ballot box and the count agree.
    assert result["ballots_acked"] + result["ballots_found_on_retry"] == VOTERS
    assert result["ballots_stored"] == result["register"] == result["counted"] == VOTERS
    assert result["votes_acked"] + result["votes_found_on_retry"] == VOTERS
    assert result["votes_stored"] == result["division_total"] == VOTERS
    assert result["ledger_ok"] == 1
    assert result["exit"] == 0
