"""SIGKILL mid-stream: no acknowledged vote lost, none doubled.

Sets up a fresh PostgreSQL database (bench/ballots.py's organisation, roll and open STV
election, plus a general meeting with the same voters attending and a named division open:
bench/divisions.py), starts gunicorn (config.settings.prod, several workers) and streams, from
concurrent asyncio clients, each voter's ballot and then their division vote, each voter with
their own session. Once a share of the ballots has been acknowledged it SIGKILLs gunicorn's
master and every worker at once (no handler runs, nothing is closed cleanly), waits, starts a
new server on the same port, and lets the clients retry whatever was not answered, as a voter
pressing the button again would. A retry that finds the vote already recorded (the server
committed it and died before answering) is refused with "voted already" and ends the voter's
attempts.

Then it checks the database:
- every acknowledged ballot (a 200 with a receipt) is stored once, with the marks sent;
- every acknowledged division vote is stored once, with the choice sent;
- the register (marks that a member voted) and the ballot box hold the same number, which is
  the number of voters whose vote was acknowledged or found already recorded; no member has
  two division votes;
- after the close and the count, the result counts every stored ballot and the division's
  totals every stored vote;
- `openassembly verify-ledger` passes.

    python bench/durability.py                # 400 voters, 4 workers
    python bench/durability.py --voters 200

DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/); the
script creates and drops its own database there. The last line is RESULT key=value ...
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ballots  # noqa: E402 - the ballot benchmark's set-up, shared
import divisions  # noqa: E402 - its sessions, server and environment, shared
import loopback  # noqa: E402

DB_NAME = "oa_slow_durability"
CHOICES = ("for", "against", "abstain")


class Stream:
    """Every voter's attempts and what came back."""

    def __init__(self, rankings: list[list[int]], choices: list[str]) -> None:
        self.rankings, self.choices = rankings, choices
        self.killed_pids: list[int] = []
        self.restart_s = 0.0
        self.receipts: dict[int, str] = {}  # voter index: receipt acknowledged
        self.ballot_already: set[int] = set()  # refused as "voted already" on a retry
        self.votes_acked: set[int] = set()
        self.vote_already: set[int] = set()
        self.unanswered = 0  # requests with no complete response (killed, refused)
        self.retries = 0
        self.unexpected: list[str] = []
        self.acked_before_kill = 0
        self.acked_after_restart = 0
        self.killed = False
        self.restarted = False
        self.in_flight = 0
        self.in_flight_at_kill = 0

    def acked(self) -> None:
        if self.restarted:
            self.acked_after_restart += 1
        elif not self.killed:
            self.acked_before_kill += 1


async def _attempt(stream: Stream, send, accept, already, what: str) -> None:
    """Send until the server says yes (accept) or that it has it already (already)."""
    tries = 0
    while True:
        tries += 1
        if tries > 200:
            stream.unexpected.append(f"{what}: gave up after 200 tries")
            return
        stream.in_flight += 1
        try:
            reply = await send()
        except loopback.NoAnswer:
            stream.unanswered += 1
            stream.retries += 1
            await asyncio.sleep(0.2)
            continue
        finally:
            stream.in_flight -= 1
        if reply.status == 200:
            accept(reply)
            stream.acked()
            return
        if reply.status == 409 and b"already" in reply.body and tries > 1:
            # Committed by a server that died before answering: the voter is told now.
            already()
            return
        if reply.status in (502, 503, 504):
            stream.retries += 1
            await asyncio.sleep(0.2)
            continue
        stream.unexpected.append(f"{what}: {reply.status} {reply.body[:200]!r}")
        return


async def _stream(setup: dict, port: int, server_box: list, args, env: dict) -> Stream:
    rng = random.Random(13)
    api = f"/api/o/{setup['org']}/polls/{setup['poll']}/ballot"
    vote = f"/api/o/{setup['org']}/divisions/{setup['division']}/vote"
    cookies = setup["cookies"]
    rankings = [ballots._ranking(rng) for _ in cookies]
    choices = [rng.choice(CHOICES) for _ in cookies]
    stream = Stream(rankings, choices)
    gate = asyncio.Semaphore(args.clients)
    kill_at = int(len(cookies) * args.kill_after)

    async def voter(i: int) -> None:
        async with gate:

            def got_receipt(reply, i=i):
                stream.receipts[i] = json.loads(reply.body)["receipt"].replace("-", "")

            await _attempt(
                stream,
                lambda: loopback.post_json(port, api, cookies[i], {"marks": rankings[i]}),
                got_receipt,
                lambda: stream.ballot_already.add(i),
                f"ballot {i}",
            )
            await _attempt(
                stream,
                lambda: loopback.post_json(port, vote, cookies[i], {"choice": choices[i]}),
                lambda _r: stream.votes_acked.add(i),
                lambda: stream.vote_already.add(i),
                f"vote {i}",
            )

    async def killer() -> None:
        while len(stream.receipts) < kill_at:
            await asyncio.sleep(0.01)
        stream.in_flight_at_kill = stream.in_flight
        stream.killed = True
        # The kill blocks this loop for a moment: the clients' requests in flight stay in flight.
        stream.killed_pids = loopback.kill_all(server_box[0])
        await asyncio.sleep(args.down)
        began = time.perf_counter()
        server_box[0] = divisions.start_server(port, args.workers, env)
        await loopback.wait_until_serving(port)
        stream.restart_s = time.perf_counter() - began
        stream.restarted = True

    kill = asyncio.create_task(killer())
    await asyncio.gather(*(voter(i) for i in range(len(cookies))))
    if not stream.killed:  # every voter finished (or gave up) before the share was reached
        kill.cancel()
    await asyncio.gather(kill, return_exceptions=True)
    return stream


def _check(setup: dict, stream: Stream) -> dict:
    """What the database holds against what the clients were told."""
    from django.db import connections

    from openassembly.ballots.models import Ballot, Participation
    from openassembly.meetings.models import Division, Vote

    connections.close_all()
    stored = {b.receipt: b.marks for b in Ballot.objects.filter(poll_id=setup["poll"])}
    register = Participation.objects.filter(poll_id=setup["poll"])
    register_members = Counter(register.values_list("member_id", flat=True))
    votes = list(
        Vote.objects.filter(division_id=setup["division"]).values_list("member_id", "choice")
    )
    vote_members = Counter(member for member, _ in votes)
    choice_of = dict(votes)
    members = setup["members"]
    ballot_lost = [i for i, r in stream.receipts.items() if r not in stored]
    ballot_wrong = [
        i for i, r in stream.receipts.items() if r in stored and stored[r] != stream.rankings[i]
    ]
    vote_lost = [i for i in stream.votes_acked if members[i] not in choice_of]
    vote_wrong = [
        i
        for i in stream.votes_acked
        if members[i] in choice_of and choice_of[members[i]] != stream.choices[i]
    ]
    decided = set(stream.receipts) | stream.ballot_already
    register_missing = [i for i in decided if members[i] not in register_members]
    vote_decided = stream.votes_acked | stream.vote_already
    division = Division.objects.get(pk=setup["division"])
    return {
        "ballots_stored": len(stored),
        "register_marks": sum(register_members.values()),
        "register_doubled": sum(n - 1 for n in register_members.values()),
        "ballot_lost": len(ballot_lost) + len(register_missing),
        "ballot_wrong": len(ballot_wrong),
        # More ballots than marks on the register, or than voters who were told yes or
        # "already": a ballot counted twice.
        "ballot_doubled": max(0, len(stored) - sum(register_members.values()))
        + max(0, len(stored) - len(decided)),
        "votes_stored": len(votes),
        "vote_lost": len(vote_lost) + max(0, len(vote_decided) - len(votes)),
        "vote_wrong": len(vote_wrong),
        "vote_doubled": sum(n - 1 for n in vote_members.values())
        + max(0, len(votes) - len(vote_decided)),
        "division_status": division.status,
    }


def _close_and_verify(setup: dict, env: dict) -> dict:
    from openassembly.meetings import services as meetings
    from openassembly.meetings.models import Division
    from openassembly.members.models import Member

    seconds, counted = ballots._close_count_publish(setup)
    chair = Member.objects.get(pk=setup["chair"])
    division = meetings.close_division(chair, division=Division.objects.get(pk=setup["division"]))
    verify = subprocess.run(
        [
            str(Path(sys.executable).with_name("openassembly")),
            "verify-ledger",
            "--org",
            setup["org"],
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    from openassembly.ballots.models import Poll

    poll = Poll.objects.get(pk=setup["poll"])
    return {
        "count_s": seconds,
        "counted_ballots": ballots_counted(poll.result),
        "elected": counted["elected"],
        "division_total": division.votes_for + division.against + division.abstain,
        "ledger_ok": verify.returncode == 0,
        "ledger_says": [
            line
            for line in (verify.stdout + verify.stderr).splitlines()
            if ": OK," in line or "BROKEN" in line
        ],
    }


def ballots_counted(result: dict) -> int:
    """How many ballots the count took in, from the result it published: the valid vote (one
    for each valid ballot at the first stage) and the invalid ballots."""
    return int(Decimal(result["total_valid_vote"])) + int(result["invalid_ballots"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=400)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients")
    parser.add_argument(
        "--kill-after",
        type=float,
        default=0.35,
        help="share of the ballots acknowledged before the SIGKILL",
    )
    parser.add_argument("--down", type=float, default=1.0, help="seconds with no server")
    parser.add_argument("--template", help="start from a copy of this migrated database")
    args = parser.parse_args(argv)
    admin_url, env = divisions.server_environment(DB_NAME)
    env["OPENASSEMBLY_VAR"] = tempfile.mkdtemp(prefix="oa-slow-durability-")
    os.environ.update(env)
    divisions._fresh_database(admin_url, DB_NAME, args.template)
    server_box: list = [None]
    try:
        began = time.perf_counter()
        setup = ballots._set_up(args.voters, division=True)
        setup_s = time.perf_counter() - began
        from django.db import connections

        connections.close_all()
        port = divisions._free_port()
        server_box[0] = divisions.start_server(port, args.workers, env)
        asyncio.run(loopback.wait_until_serving(port))
        began = time.perf_counter()
        stream = asyncio.run(_stream(setup, port, server_box, args, env))
        stream_s = time.perf_counter() - began
        loopback.stop(server_box[0])
        server_box[0] = None
        checked = _check(setup, stream)
        closed = _close_and_verify(setup, env)
    finally:
        if server_box[0] is not None:
            loopback.stop(server_box[0])
        from django.db import connections

        connections.close_all()
        divisions._drop_database(admin_url, DB_NAME)

    lost = checked["ballot_lost"] + checked["vote_lost"]
    doubled = checked["ballot_doubled"] + checked["register_doubled"] + checked["vote_doubled"]
    wrong = checked["ballot_wrong"] + checked["vote_wrong"]
    rows = [
        ("voters (own session each)", f"{args.voters:,}; set up in {setup_s:.1f} s"),
        ("server", f"gunicorn, {args.workers} workers; {args.clients} concurrent clients"),
        (
            "SIGKILLed",
            f"{len(stream.killed_pids)} processes (master and workers) after "
            f"{stream.acked_before_kill} acknowledgements, {stream.in_flight_at_kill} "
            f"requests in flight; down {args.down:.1f} s, then {stream.restart_s:.1f} s to "
            f"serve again",
        ),
        (
            "stream",
            f"{stream_s:.1f} s; {stream.unanswered} requests unanswered, "
            f"{stream.retries} retries; {stream.acked_after_restart} acknowledged after "
            f"the restart",
        ),
        (
            "ballots",
            f"{len(stream.receipts):,} acknowledged, {len(stream.ballot_already)} "
            f"recorded but unanswered (found on retry); stored {checked['ballots_stored']:,}"
            f", register {checked['register_marks']:,}",
        ),
        (
            "division votes",
            f"{len(stream.votes_acked):,} acknowledged, "
            f"{len(stream.vote_already)} found on retry; stored "
            f"{checked['votes_stored']:,}",
        ),
        ("lost / doubled / altered", f"{lost} / {doubled} / {wrong}"),
        (
            "count",
            f"{closed['counted_ballots']} ballots counted in {closed['count_s']:.2f} s; "
            f"elected {', '.join(closed['elected'])}; division totals "
            f"{closed['division_total']}",
        ),
        (
            "verify-ledger",
            f"{'passes' if closed['ledger_ok'] else 'FAILS'}: {' '.join(closed['ledger_says'])}",
        ),
        ("unexpected answers", f"{len(stream.unexpected)} {stream.unexpected[:3]}"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    counted_ok = closed["counted_ballots"] == checked["ballots_stored"]
    totals_ok = closed["division_total"] == checked["votes_stored"]
    print(
        f"RESULT voters={args.voters} killed={len(stream.killed_pids)} "
        f"in_flight_at_kill={stream.in_flight_at_kill} "
        f"acked_before_kill={stream.acked_before_kill} "
        f"acked_after_restart={stream.acked_after_restart} "
        f"ballots_acked={len(stream.receipts)} ballots_found_on_retry="
        f"{len(stream.ballot_already)} votes_acked={len(stream.votes_acked)} "
        f"votes_found_on_retry={len(stream.vote_already)} "
        f"ballots_stored={checked['ballots_stored']} register={checked['register_marks']} "
        f"votes_stored={checked['votes_stored']} counted={closed['counted_ballots']} "
        f"division_total={closed['division_total']} lost={lost} doubled={doubled} "
        f"altered={wrong} unexpected={len(stream.unexpected)} "
        f"ledger_ok={int(closed['ledger_ok'])}"
    )
    ok = (
        lost == 0
        and doubled == 0
        and wrong == 0
        and not stream.unexpected
        and closed["ledger_ok"]
        and counted_ok
        and totals_ok
        and checked["ballots_stored"] == checked["register_marks"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
