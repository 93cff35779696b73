"""Closing night: 10,000 ballots cast over HTTP in a burst while 2,000 clients read the public
record, on loopback, against gunicorn and PostgreSQL.

Sets up a fresh PostgreSQL database with bench/ballots.py's set-up (an organisation, an East
region roll of N voters plus some to warm up with, each with their own signed-in session, and an
STV election for four seats open for voting), starts gunicorn (config.settings.prod, the rate
limits on, as deployed) and:

1. warms every worker, untimed: pings, ballots from voters set aside, every public page read;
2. the burst: every one of the N voters casts their ranked ballot through the JSON API at once,
   at most --cast-concurrency connections open at a time, while R reader clients (logical
   clients, each with its own place in the cycle of public pages) read the public record: the
   organisation's record page, the poll's page, its API entry (live turnout) and the ledger
   page, at most --read-concurrency connections open at a time, each reader reading again until
   the last ballot is answered (every reader reads at least once);
3. checks the database: ballots lost (a receipt given but not stored, or a voter with no
   ballot) and doubled (more ballots than voters, or than marks on the register);
4. closes the poll, counts it and declares the result, and checks that the count took in every
   stored ballot.

Throughput is answered requests over the burst's wall time; latency is each request's, from
opening its connection to the last byte of the answer (p50/p95/p99, nearest rank). Errors are
answers of 500 and above, and requests with no complete answer. --doc PATH writes the figures,
the machine and the command into a Markdown file.

    python bench/closing_night.py                        # 10,000 voters, 2,000 readers
    python bench/closing_night.py --voters 500 --readers 100

DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/); the
script creates and drops its own database there. The last line is RESULT key=value ...
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ballots  # noqa: E402 - the ballot benchmark's set-up, shared
import divisions  # noqa: E402 - its sessions, server and environment, shared
import durability  # noqa: E402 - how many ballots a published result counted
import loopback  # noqa: E402

DB_NAME = "oa_slow_closing_night"
WARM_PER_WORKER = 20


def public_pages(setup: dict) -> list[str]:
    org, poll = setup["org"], setup["poll"]
    return [
        f"/o/{org}/",
        f"/o/{org}/polls/{poll}/",
        f"/api/o/{org}/polls/{poll}",
        f"/o/{org}/ledger/",
    ]


async def _burst(port: int, setup: dict, cookies: list[str], rankings: list, args) -> dict:
    api = f"/api/o/{setup['org']}/polls/{setup['poll']}/ballot"
    pages = public_pages(setup)
    casts, reads = loopback.Timings(), loopback.Timings()
    receipts: list[str | None] = [None] * len(cookies)
    cast_gate = asyncio.Semaphore(args.cast_concurrency)
    read_gate = asyncio.Semaphore(args.read_concurrency)
    casting_done = asyncio.Event()
    unexpected: list[str] = []

    async def cast(i: int) -> None:
        async with cast_gate:
            try:
                reply = await loopback.post_json(port, api, cookies[i], {"marks": rankings[i]})
            except loopback.NoAnswer as error:
                casts.unanswered += 1
                unexpected.append(f"ballot {i}: {error}")
                return
        casts.add(reply)
        if reply.status == 200:
            receipts[i] = json.loads(reply.body)["receipt"].replace("-", "")
        else:
            unexpected.append(f"ballot {i}: {reply.status} {reply.body[:160]!r}")

    async def reader(r: int) -> None:
        turn = r
        while True:
            async with read_gate:
                try:
                    reply = await loopback.get(port, pages[turn % len(pages)])
                except loopback.NoAnswer as error:
                    reads.unanswered += 1
                    unexpected.append(f"reader {r}: {error}")
                    reply = None
            if reply is not None:
                reads.add(reply)
                if reply.status != 200:
                    unexpected.append(f"reader {r}: {reply.status} {pages[turn % len(pages)]}")
            turn += 1
            if casting_done.is_set():
                return

    async def casters() -> None:
        await asyncio.gather(*(cast(i) for i in range(len(cookies))))
        casting_done.set()

    loads = [os.getloadavg()]
    began = time.perf_counter()
    cast_task = asyncio.create_task(casters())
    readers = asyncio.gather(*(reader(r) for r in range(args.readers)))
    await cast_task
    cast_s = time.perf_counter() - began
    await readers
    read_s = time.perf_counter() - began
    loads.append(os.getloadavg())
    return {
        "casts": casts,
        "reads": reads,
        "receipts": receipts,
        "cast_s": cast_s,
        "read_s": read_s,
        "unexpected": unexpected,
        "loads": loads,
    }


async def _warm(
    port: int, setup: dict, cookies: list[str], rankings: list, workers: int, concurrency: int
) -> list[str]:
    """Every worker's paths warmed; the public pages' statuses checked; the warm receipts."""
    gate = asyncio.Semaphore(concurrency)
    api = f"/api/o/{setup['org']}/polls/{setup['poll']}/ballot"

    async def one(call):
        async with gate:
            return await call()

    await asyncio.gather(
        *(one(lambda: loopback.get(port, "/api/ping")) for _ in range(20 * workers))
    )
    replies = await asyncio.gather(
        *(
            one(lambda c=c, o=o: loopback.post_json(port, api, c, {"marks": o}))
            for c, o in zip(cookies, rankings, strict=True)
        )
    )
    for page in public_pages(setup):
        got = await asyncio.gather(
            *(one(lambda p=page: loopback.get(port, p)) for _ in range(2 * workers))
        )
        if {g.status for g in got} != {200}:
            raise SystemExit(f"{page} answered {sorted({g.status for g in got})} to a reader")
    if {r.status for r in replies} != {200}:
        raise SystemExit(f"warm-up ballots answered {sorted({r.status for r in replies})}")
    return [json.loads(r.body)["receipt"].replace("-", "") for r in replies]


def _doc(path: Path, figures: dict, command: str, harness: str) -> None:
    casts, reads = figures["casts"], figures["reads"]
    load_before, load_after = figures["loads"]

    def latency(t: loopback.Timings) -> str:
        return f"{t.percentile(50):,.0f} / {t.percentile(95):,.0f} / {t.percentile(99):,.0f}"

    cast_ok, read_n = casts.statuses.get(200, 0), sum(reads.statuses.values())
    rows = [
        (
            "ballots cast",
            f"{cast_ok:,} of {figures['voters']:,} answered with a receipt in "
            f"{figures['cast_s']:.1f} s: **{cast_ok / figures['cast_s']:,.0f} "
            f"ballots/s**",
        ),
        ("ballot latency p50 / p95 / p99", f"{latency(casts)} ms"),
        (
            "public record reads",
            f"{read_n:,} in {figures['read_s']:.1f} s: "
            f"**{read_n / figures['read_s']:,.0f} reads/s**",
        ),
        ("read latency p50 / p95 / p99", f"{latency(reads)} ms"),
        (
            "errors",
            f"casts: {casts.server_errors} answered 5xx, {casts.unanswered} unanswered, "
            f"{len(figures['cast_other'])} refused otherwise; reads: "
            f"{reads.server_errors} answered 5xx, {reads.unanswered} unanswered, "
            f"{reads_other(reads)} refused otherwise",
        ),
        (
            "statuses",
            f"casts {dict(sorted(casts.statuses.items()))}; reads "
            f"{dict(sorted(reads.statuses.items()))}",
        ),
        (
            "lost / doubled",
            f"{figures['lost']} / {figures['doubled']} (receipts given "
            f"{figures['given']:,}; ballots stored {figures['stored']:,}; marks "
            f"on the register {figures['marks']:,})",
        ),
        (
            "close, count, declare",
            f"{figures['count_s']:.1f} s; the count took in "
            f"{figures['counted']:,} ballots ({figures['stages']} stages; "
            f"elected {', '.join(figures['elected'])})",
        ),
        ("set-up (accounts, sessions, election)", f"{figures['setup_s']:.1f} s, untimed"),
    ]
    table = "\n".join(["| | |", "| --- | --- |"] + [f"| {k} | {v} |" for k, v in rows])
    text = f"""# Performance: closing night

The figures below come from one run of the closing-night load test on loopback, written into
this file by the run itself. The command was:

    {command}

which ran (tests/slow/test_closing_night.py, from a copy of a freshly migrated database):

    {harness}

`make test-slow` runs it with the SIGKILL durability test
beside it (tests/slow/test_durability.py, bench/durability.py). Both need PostgreSQL
(`DATABASE_URL`, by default `postgres://postgres@127.0.0.1:5432/postgres`); each creates and
drops its own database there.

## What was simulated

- **{figures["voters"]:,} voters, each their own account** (casting is limited to
  {figures["rate"]} per account, and the limits were on, as deployed). The accounts, members and
  their signed-in sessions were written in bulk into the database before the run, as
  `bench/ballots.py` does (unusable passwords, Django database sessions made the way a sign-in
  makes them), so that no sign-in was timed and no password was hashed.
- **The burst**: every voter POSTs their ranked ballot (a random ranking of 8 candidates) to
  the JSON API with their own session cookie and CSRF token, all at once, with at most
  {figures["cast_concurrency"]} connections open at a time; each reply must carry the receipt.
- **{figures["readers"]:,} reader clients at the same time**: logical clients, each with its
  own place in the cycle of four public pages (the organisation's record page, the poll's page,
  the poll's API entry with the live turnout, the ledger page), reading over a pool of at most
  {figures["read_concurrency"]} connections open at a time, each reading again until the last
  ballot was answered; a reader already waiting for a connection then still made that read, so
  the reads ran on after the burst, and their figures cover their own span (from the start of
  the burst to the last read). They are not {figures["readers"]:,} browsers: they are
  {figures["readers"]:,} streams of page requests sharing that pool, each request on its own
  connection (gunicorn's sync workers close a connection after each answer).
- **The server**: gunicorn, {figures["workers"]} sync workers, `config.settings.prod`
  (plain HTTP on loopback: `SECURE_SSL_REDIRECT=0`), PostgreSQL {figures["pg"]} on the same
  machine. The client (one asyncio process, bench/loopback.py) ran on the same machine too,
  taking its share of the same cores.
- Before the timing, {figures["warm"]} more voters cast ballots and every page was read, to
  warm each worker; they are counted in the result but not in the figures.

## Figures

{table}

## The machine, and how far to trust these figures

{figures["cores"]} cores ({platform.machine()}, Python {platform.python_version()}), the run
finished {figures["when"]}.
Load average (1, 5, 15 minutes) {_load(load_before)} before the burst and
{_load(load_after)} after it.

The machine was shared: other work was running on the same {figures["cores"]} cores at the time
(the load average shows how much), so these figures are noisy and low; they say what this
install sustained under that contention, not what a dedicated server would. They come from one
run. The server, PostgreSQL and the client shared the cores, so every figure includes the
client's own work and the database's fsync on each commit (every ballot is committed durably
before its receipt is sent).

For comparison, [operations](operations.md) gives `bench/ballots.py`'s figures for the same
ballot API on this machine when it was otherwise idle: about 285 ballots a second.
"""
    path.write_text(text)


def reads_other(reads: loopback.Timings) -> int:
    return sum(n for status, n in reads.statuses.items() if status != 200 and status < 500)


def _load(load: tuple[float, float, float]) -> str:
    return ", ".join(f"{x:.2f}" for x in load)


def _postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0].split()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--readers", type=int, default=2_000, help="logical reader clients")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn worker processes",
    )
    parser.add_argument(
        "--cast-concurrency", type=int, default=48, help="ballot connections open at a time"
    )
    parser.add_argument(
        "--read-concurrency", type=int, default=16, help="reader connections open at a time"
    )
    parser.add_argument("--doc", type=Path, help="write the figures into this Markdown file")
    parser.add_argument("--command", default="", help="the command to name in --doc")
    parser.add_argument("--template", help="start from a copy of this migrated database")
    args = parser.parse_args(argv)
    admin_url, env = divisions.server_environment(DB_NAME)
    env["OPENASSEMBLY_VAR"] = tempfile.mkdtemp(prefix="oa-slow-closing-night-")
    os.environ.update(env)
    divisions._fresh_database(admin_url, DB_NAME, args.template)
    server = None
    warm = WARM_PER_WORKER * args.workers
    try:
        began = time.perf_counter()
        setup = ballots._set_up(args.voters + warm)
        setup_s = time.perf_counter() - began
        pg = _postgres_version()
        from django.conf import settings
        from django.db import connections

        rate = settings.RATE_LIMITS["ballots cast"]["account"]
        connections.close_all()
        rng = random.Random(10_000)
        rankings = [ballots._ranking(rng) for _ in setup["cookies"]]
        port = divisions._free_port()
        server = divisions.start_server(port, args.workers, env)
        asyncio.run(loopback.wait_until_serving(port))
        cookies = setup["cookies"]
        warm_receipts = asyncio.run(
            _warm(port, setup, cookies[:warm], rankings[:warm], args.workers, args.cast_concurrency)
        )
        figures = asyncio.run(_burst(port, setup, cookies[warm:], rankings[warm:], args))
        loopback.stop(server)
        server = None
        count_s, stored = ballots._close_count_publish(setup)
        from openassembly.ballots.models import Poll

        counted = durability.ballots_counted(Poll.objects.get(pk=setup["poll"]).result)
    finally:
        if server is not None:
            loopback.stop(server)
        from django.db import connections

        connections.close_all()
        divisions._drop_database(admin_url, DB_NAME)

    everyone = args.voters + warm
    given = [r for r in warm_receipts + figures["receipts"] if r]
    lost = sum(1 for r in given if r not in stored["receipts"]) + max(
        0, everyone - stored["ballots"]
    )
    doubled = max(0, stored["ballots"] - everyone) + abs(stored["ballots"] - stored["marks"])
    casts, reads = figures["casts"], figures["reads"]
    errors = casts.server_errors + casts.unanswered + reads.server_errors + reads.unanswered
    figures.update(
        voters=args.voters,
        readers=args.readers,
        workers=args.workers,
        warm=warm,
        rate=rate,
        cast_concurrency=args.cast_concurrency,
        read_concurrency=args.read_concurrency,
        pg=pg,
        lost=lost,
        doubled=doubled,
        given=len(given),
        stored=stored["ballots"],
        marks=stored["marks"],
        count_s=count_s,
        counted=counted,
        stages=stored["stages"],
        elected=stored["elected"],
        setup_s=setup_s,
        cores=os.cpu_count(),
        when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        cast_other=[s for s in casts.statuses if s != 200 and s < 500],
    )
    cast_rate = casts.statuses.get(200, 0) / figures["cast_s"]
    read_rate = sum(reads.statuses.values()) / figures["read_s"]
    print(
        f"ballots   {casts.statuses.get(200, 0):,} in {figures['cast_s']:.1f} s = "
        f"{cast_rate:,.0f}/s; p50/p95/p99 {casts.percentile(50):.0f}/"
        f"{casts.percentile(95):.0f}/{casts.percentile(99):.0f} ms; statuses "
        f"{casts.statuses}; unanswered {casts.unanswered}"
    )
    print(
        f"reads     {sum(reads.statuses.values()):,} in {figures['read_s']:.1f} s = "
        f"{read_rate:,.0f}/s; p50/p95/p99 {reads.percentile(50):.0f}/"
        f"{reads.percentile(95):.0f}/{reads.percentile(99):.0f} ms; statuses "
        f"{reads.statuses}; unanswered {reads.unanswered}"
    )
    print(
        f"stored    {stored['ballots']:,} ballots, {stored['marks']:,} register marks, "
        f"counted {counted:,}; lost {lost}, doubled {doubled}; count {count_s:.1f} s"
    )
    print(
        f"load      {_load(figures['loads'][0])} before, {_load(figures['loads'][1])} after; "
        f"{os.cpu_count()} cores; unexpected {figures['unexpected'][:3]}"
    )
    if args.doc:
        harness = (
            f"python bench/closing_night.py --voters {args.voters} --readers "
            f"{args.readers} --workers {args.workers} --cast-concurrency "
            f"{args.cast_concurrency} --read-concurrency {args.read_concurrency} "
            f"--doc docs/performance.md"
        )
        _doc(args.doc, figures, args.command or harness, harness)
    print(
        f"RESULT voters={args.voters} readers={args.readers} "
        f"cast_ok={casts.statuses.get(200, 0)} cast_per_s={cast_rate:.1f} "
        f"cast_p50_ms={casts.percentile(50):.0f} cast_p95_ms={casts.percentile(95):.0f} "
        f"cast_p99_ms={casts.percentile(99):.0f} reads={sum(reads.statuses.values())} "
        f"read_per_s={read_rate:.1f} read_p50_ms={reads.percentile(50):.0f} "
        f"read_p95_ms={reads.percentile(95):.0f} read_p99_ms={reads.percentile(99):.0f} "
        f"errors={errors} unexpected={len(figures['unexpected'])} lost={lost} "
        f"doubled={doubled} stored={stored['ballots']} counted={counted} "
        f"expected={everyone}"
    )
    ok = (
        errors == 0
        and not figures["unexpected"]
        and lost == 0
        and doubled == 0
        and counted == stored["ballots"] == everyone
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
