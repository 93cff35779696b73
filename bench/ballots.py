"""10,000 voters casting ranked ballots over HTTP, then the count and its publication.

Sets up a fresh PostgreSQL database holding an organisation whose East region has N + N/5
members (and 40 per worker more to warm up with), and an STV election for the East's four
regional seats with eight candidates, open for voting. Every voter gets their own signed-in
session (Django's database sessions). Then it starts a production-style server (gunicorn,
config.settings.prod, SECRET_KEY from the environment, with bench/baseline_hooks.py adding the
baseline door) and:

0. warms every worker: pings, baselines, and 20 ballots a worker through each door, untimed;
1. times N baseline requests, three times (before the API ballots, between them and the
   page's, and at the end), and takes the median: the same authenticated ballot request
   through the same middleware (session and user loaded the stock way, CSRF, second-factor
   rule, membership) with the ballot service replaced by one bare durable insert; and N
   requests to /api/ping (the trivial JSON endpoint) the same way, for information;
2. times N ballots through the JSON API: each voter POSTs a random ranking with their own
   session cookie and CSRF token and reads the receipt from the reply (the RESULT figures;
   ratio_to_durable_insert is their rate over the baseline's, target at least 0.7);
3. times N/5 more ballots through the ballot page, exactly as the form posts them, reading the
   receipt from the HTML page (the form_ figures: the same service, plus a page to render);
4. sends a second ballot for one voter in twenty, each of which must be refused;
5. checks the database: ballots lost (a receipt given but no ballot stored, or a voter with no
   ballot) and doubled (more ballots than voters, or ballots and marks that differ);
6. times closing the poll, counting the published ballot file and declaring the result.

    python bench/ballots.py            # 10,000 voters
    python bench/ballots.py --quick    # 200 voters

DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/); the
benchmark creates and drops its own database there.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import divisions  # noqa: E402 - the division benchmark's sessions and server, shared

DB_NAME = "oa_bench_ballots"
CANDIDATES = 8
# Voters per gunicorn worker who vote, untimed, through each door before the timing.
WARM_PER_WORKER = 20
RECEIPT = re.compile(rb'id="receipt"><strong>([0-9A-Z-]{19})</strong>')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_urls(base: str, name: str = DB_NAME) -> tuple[str, str]:
    parts = urlsplit(base)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL server for this benchmark")
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    bench = urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))
    return admin, bench


def _admin(admin_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _set_up(voters: int, *, division: bool = False) -> dict:
    """Organisation, roll, candidates, an open election and one session per voter; with
    ``division``, a general meeting too, with the same voters attending and a division open."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from openassembly.accounts.models import User
    from openassembly.ballots import services
    from openassembly.bodies.models import SeatGroup
    from openassembly.bodies.services import record_founding, seat_founder
    from openassembly.core import clock
    from openassembly.core.actors import System
    from openassembly.core.services import create_organisation
    from openassembly.members.models import Member, Region
    from openassembly.rules import examples

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    organisation = create_organisation(
        System("bench"),
        constitution_text=examples.read("commonweal")
    )
    east = Region.objects.get(organisation=organisation, name="East")
    joined = clock.today() - timedelta(days=60)
    officer_user = User.objects.create_user("officer@bench.example", secrets.token_hex(8))
    officer = Member.objects.create(organisation=organisation, user=officer_user,
                                    name="Returning Officer", joined_on=joined)
    seat_founder(System("bench founders"), organisation=organisation,
                 seat_group=SeatGroup.objects.get(organisation=organisation,
                                                  body__key="organising-group",
                                                  seat_key="secretary"),
                 member=officer, starts_on=joined)
    if division:
        from tests.browser.helpers import officer as seated_officer

        # Seated with the secretary, so that the chair holds the seat when calling the meeting.
        with clock.frozen_at(timezone.now() - timedelta(days=60)):
            chair, _ = seated_officer(organisation, "organising-group", "chair",
                                      "chair@bench.example", name="Bench Chair")
    record_founding(System("bench founders"), organisation=organisation)
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(email=f"voter{i}@bench.example", password=unusable) for i in range(voters)],
        batch_size=2000,
    )
    Member.objects.bulk_create(
        [Member(organisation=organisation, user=user, name=f"Voter {i:05d}", email=user.email,
                region=east, joined_on=joined) for i, user in enumerate(users)],
        batch_size=2000,
    )
    members = list(Member.objects.filter(organisation=organisation, region=east,
                                         email__startswith="voter")
                   .select_related("user").order_by("pk"))
    now = timezone.now()
    start = now - timedelta(days=20)
    with clock.frozen_at(start):
        election = services.create_election(
            officer, organisation=organisation, key="regional", region=east,
            nominations_open_at=start, nominations_close_at=now - timedelta(days=5),
            opens_at=now - timedelta(days=4), closes_at=now + timedelta(days=3),
            roll_date=(now - timedelta(days=4)).date(),
        )
        services.open_nominations(officer, election=election)
        for i, candidate in enumerate(members[:CANDIDATES]):
            candidacy = services.stand(candidate, election=election,
                                       statement=f"Candidate {i + 1} for the East.")
            for nominator in members[CANDIDATES + 2 * i: CANDIDATES + 2 * i + 2]:
                services.nominate(nominator, candidacy=candidacy)
    with clock.frozen_at(now - timedelta(days=5) + timedelta(minutes=1)):
        services.close_nominations(officer, election=election)
    poll = services.open_voting(officer, poll=election.poll)
    opened = divisions.open_division(chair, organisation, members, now=now) if division else None

    cookies = divisions.sessions_for([m.user for m in members], expires=now + timedelta(days=1))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_baseline (doc text NOT NULL)")
    return {"org": organisation.slug, "poll": poll.pk, "officer": officer.pk,
            "cookies": cookies, "closes_at": poll.closes_at,
            "members": [m.pk for m in members], "division": opened and opened.pk,
            "chair": chair.pk if division else None}


def _post(port: int, path: str, session: str, fields: dict) -> tuple[int, bytes]:
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked secret
    body = urlencode({"csrfmiddlewaretoken": csrf, **fields}).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", path, body=body, headers={
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Host": "127.0.0.1",
        })
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _post_json(port: int, path: str, session: str, body: dict) -> tuple[int, bytes]:
    csrf = secrets.token_hex(16)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", path, body=json.dumps(body).encode(), headers={
            "Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf,
            "Content-Type": "application/json", "Host": "127.0.0.1",
        })
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _timed(jobs, threads: int) -> tuple[float, list]:
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(lambda job: job(), jobs))
    return time.perf_counter() - began, results


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if _get(port, "/api/ping") == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def _ranking(rng: random.Random) -> list[int]:
    """Choice positions in order of preference, as the API takes them."""
    return rng.sample(range(1, CANDIDATES + 1), rng.randint(1, CANDIDATES))


def _form_fields(order: list[int]) -> dict:
    """The same ranking as the ballot page posts it: every box, its number zero-padded to the
    paper's one width and 0 where not numbered, and the blank ballot's radio at No
    (openassembly.ballots.forms.paper_data, without importing Django here)."""
    width = len(str(CANDIDATES))
    ranks = {position: rank for rank, position in enumerate(order, start=1)}
    return {"blank": "0", **{f"c{p}": f"{ranks.get(p, 0):0{width}d}"
                             for p in range(1, CANDIDATES + 1)}}


def _close_count_publish(setup: dict) -> tuple[float, dict]:
    from openassembly.ballots import services
    from openassembly.ballots.models import Ballot, Participation, Poll
    from openassembly.core import clock
    from openassembly.members.models import Member

    poll = Poll.objects.get(pk=setup["poll"])
    stored = {
        "ballots": Ballot.objects.filter(poll=poll).count(),
        "marks": Participation.objects.filter(poll=poll).count(),
        "receipts": set(Ballot.objects.filter(poll=poll).values_list("receipt", flat=True)),
    }
    officer = Member.objects.get(pk=setup["officer"])
    began = time.perf_counter()
    with clock.frozen_at(setup["closes_at"] + timedelta(minutes=1)):
        poll = services.close_voting(officer, poll=poll)
        poll = services.count_poll(officer, poll=poll)
        poll = services.declare_result(officer, poll=poll)
    stored["elected"] = poll.outcome["elected"]
    stored["stages"] = len(poll.result["stages"])
    return time.perf_counter() - began, stored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="200 voters, a smoke run")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
                        help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=16, help="client threads")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    voters = 200 if args.quick else args.voters
    form_voters = max(voters // 5, 1)
    admin_url, bench_url = _database_urls(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    var = tempfile.mkdtemp(prefix="oa-bench-ballots-")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.prod",
           "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
           "DATABASE_URL": bench_url, "ALLOWED_HOSTS": "127.0.0.1", "INSECURE_COOKIES": "1",
           # Plain HTTP on loopback: no redirect to HTTPS.
           "SECURE_SSL_REDIRECT": "0",
           "OPENASSEMBLY_VAR": var, "LOG_LEVEL": "ERROR", "CONN_MAX_AGE": "60"}
    os.environ.update(env)
    _admin(admin_url, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)",
           f"CREATE DATABASE {DB_NAME}")
    server = None
    try:
        warm = WARM_PER_WORKER * args.workers
        began = time.perf_counter()
        setup = _set_up(voters + form_voters + 2 * warm)
        setup_s = time.perf_counter() - began
        from django.db import connections

        connections.close_all()
        port = _free_port()
        server = divisions.start_server(port, args.workers, env)
        _wait_for(port)
        api = f"/api/o/{setup['org']}/polls/{setup['poll']}/ballot"
        page = f"/o/{setup['org']}/polls/{setup['poll']}/vote/"
        rng = random.Random(5)
        # Voters set aside to warm every worker's paths (pings, the API and the ballot page:
        # database connections, prepared statements, the cached paper) before any timing.
        warming, cookies = setup["cookies"][:2 * warm], setup["cookies"][2 * warm:]
        rankings = [_ranking(rng) for _ in setup["cookies"]]
        warm_ranks, rankings = rankings[:2 * warm], rankings[2 * warm:]
        _timed([lambda: _get(port, "/api/ping")] * (50 * args.workers), args.threads)
        _timed([(lambda c=c, o=o: _post_json(port, "/bench" + api, c, {"marks": o}))
                for c, o in zip(warming[:warm], warm_ranks[:warm], strict=True)], args.threads)
        _, warm_replies = _timed([
            (lambda c=c, o=o: _post_json(port, api, c, {"marks": o}))
            for c, o in zip(warming[:warm], warm_ranks[:warm], strict=True)
        ], args.threads)
        _, warm_form = _timed([
            (lambda c=c, o=o: _post(port, page, c, _form_fields(o)))
            for c, o in zip(warming[warm:], warm_ranks[warm:], strict=True)
        ], args.threads)

        def ping() -> tuple[float, list]:
            return _timed([lambda: _get(port, "/api/ping")] * voters, args.threads)

        def baseline() -> float:
            seconds, replies = _timed([
                (lambda cookie=cookie, order=order: _post_json(port, "/bench" + api, cookie,
                                                               {"marks": order}))
                for cookie, order in zip(cookies[:voters], rankings[:voters], strict=True)
            ], args.threads)
            baseline_status.update(status for status, _ in replies)
            return seconds

        # Rates vary from one second to the next on a shared machine, so the baseline and the
        # trivial endpoint are each measured before, between and after, and their medians used.
        baseline_status: set[int] = set()
        pings, baselines = [ping()], [baseline()]
        cast_s, replies = _timed([
            (lambda cookie=cookie, order=order: _post_json(port, api, cookie, {"marks": order}))
            for cookie, order in zip(cookies[:voters], rankings[:voters], strict=True)
        ], args.threads)
        pings.append(ping())
        baselines.append(baseline())
        form_s, form_replies = _timed([
            (lambda cookie=cookie, order=order: _post(port, page, cookie, _form_fields(order)))
            for cookie, order in zip(cookies[voters:], rankings[voters:], strict=True)
        ], args.threads)
        again_cookies = cookies[::20]
        _, again = _timed([
            (lambda cookie=cookie: _post_json(port, api, cookie, {"marks": [1]}))
            for cookie in again_cookies
        ], args.threads)
        pings.append(ping())
        baselines.append(baseline())
        ping_s = statistics.median(p for p, _ in pings)
        base_s = statistics.median(baselines)
        ping_status = [status for _, statuses in pings for status in statuses]
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        server = None
        count_s, stored = _close_count_publish(setup)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _admin(admin_url, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")

    receipts = []
    for status, body in warm_replies + replies:
        code = json.loads(body)["receipt"] if status == 200 else None
        receipts.append(code.replace("-", "") if code else None)
    for status, body in warm_form + form_replies:
        match = RECEIPT.search(body) if status == 200 else None
        receipts.append(match.group(1).decode().replace("-", "") if match else None)
    everyone = voters + form_voters + 2 * warm
    given = [r for r in receipts if r]
    missing = sum(1 for r in given if r not in stored["receipts"])
    lost = missing + max(0, everyone - stored["ballots"])
    doubled = max(0, stored["ballots"] - everyone) + abs(stored["ballots"] - stored["marks"])
    refused = sum(1 for status, body in again if b"voted already" in body)
    ballots_per_s = voters / cast_s
    form_per_s = form_voters / form_s
    ping_per_s = voters / ping_s
    base_per_s = voters / base_s
    ratio = ballots_per_s / ping_per_s
    form_ratio = form_per_s / ping_per_s
    durable = ballots_per_s / base_per_s
    rows = [
        ("voters (each with own session)", f"{voters:,} through the API, {form_voters:,} "
                                           f"through the ballot page, {2 * warm} warming up"),
        ("set-up (roll, candidates, sessions)", f"{setup_s:.1f} s"),
        ("/api/ping (median of three)", f"{ping_s:.2f} s = {ping_per_s:,.0f} req/s (rounds "
                                        f"{', '.join(f'{voters / p:,.0f}' for p, _ in pings)};"
                                        f" status {sorted(set(ping_status))})"),
        ("ranked ballots, JSON API", f"{cast_s:.2f} s = {ballots_per_s:,.0f} ballots/s "
                                     f"(status {sorted({s for s, _ in replies})})"),
        ("baseline: durable insert (median)",
         f"{base_s:.2f} s = {base_per_s:,.0f} req/s (rounds "
         f"{', '.join(f'{voters / b:,.0f}' for b in baselines)}; "
         f"status {sorted(baseline_status)})"),
        ("ratio to the durable insert", f"{durable:.2f} (target >= 0.70)"),
        ("ratio to the trivial endpoint", f"{ratio:.2f} (for information)"),
        ("ranked ballots, ballot page", f"{form_s:.2f} s = {form_per_s:,.0f} ballots/s, ratio "
                                        f"{form_ratio:.2f} (status "
                                        f"{sorted({s for s, _ in form_replies})})"),
        ("receipts given", f"{len(given):,}"),
        ("ballots / marks stored", f"{stored['ballots']:,} / {stored['marks']:,}"),
        ("second ballots refused", f"{refused} of {len(again_cookies)}"),
        ("lost / doubled", f"{lost} / {doubled}"),
        ("close + count + declare", f"{count_s:.2f} s for {stored['ballots']:,} ballots "
                                    f"({stored['stages']} stages; elected "
                                    f"{', '.join(stored['elected'])})"),
        ("server", f"gunicorn, {args.workers} workers; {args.threads} client threads; "
                   f"{os.cpu_count()} CPUs shared"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print(f"RESULT voters={voters} ballots_per_s={ballots_per_s:.0f} "
          f"baseline_per_s={base_per_s:.0f} ratio_to_durable_insert={durable:.2f} "
          f"ratio_to_trivial={ratio:.2f} "
          f"lost={lost} doubled={doubled} count_publish_s={count_s:.2f} "
          f"form_ballots_per_s={form_per_s:.0f} form_ratio_to_trivial={form_ratio:.2f}")
    return 0 if (lost == 0 and doubled == 0 and refused == len(again_cookies)
                 and baseline_status == {200}) else 1


if __name__ == "__main__":
    sys.exit(main())
