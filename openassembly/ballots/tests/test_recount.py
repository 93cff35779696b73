"""Anyone can re-count the published ballot file with the command line and get the result."""

from __future__ import annotations

import json
import subprocess
import sys

from openassembly.ballots import services


def test_cli_recount_of_published_ballots_gives_the_declared_result(voting, voters, secretary,
                                                                     timetable, tmp_path):
    rankings = [[1, 2], [1, 3], [2, 1], [2], [3, 4, 1], [4, 3], [1], [], [2, 4]]
    with timetable.during_voting():
        for voter, marks in zip(voters, rankings, strict=True):
            services.cast_ballot(voter, poll=voting, marks=marks)
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=voting)
        poll = services.count_poll(secretary, poll=poll)
        poll = services.declare_result(secretary, poll=poll)
    path = tmp_path / "published.blt"
    path.write_text(poll.blt, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "openassembly.cli", "count", str(path), "--method", poll.method,
         "--seats", str(poll.seats), "--seed", poll.seed, "--format", "json"],
        capture_output=True, text=True, check=True, timeout=60,
    )
    recount = json.loads(run.stdout)
    assert recount["elected"] == poll.outcome["elected"]
    assert recount == poll.result
    assert recount["lots"]["ballot_file_sha256"] == poll.blt_sha256
