"""A live division with 2,000 members voting over HTTP, against a durable-insert baseline in the
same run.

Sets up a fresh PostgreSQL database, an organisation with N members and an open named division
of its all-members body, gives every member their own signed-in session (Django's database
sessions), then starts a production-style server (gunicorn, config.settings.prod, SECRET_KEY
from the environment, with bench/baseline_hooks.py adding the baseline door) and:

1. warms every path in every worker: pings, baselines, and 25 votes a worker from members set
   aside;
2. times N baseline requests, three times (before the votes, between them and the second votes,
   and at the end), and takes the median: the same authenticated vote request, through the same
   middleware (session and user loaded the stock way, CSRF, second-factor rule, membership),
   with the vote service replaced by one bare durable insert (bench/baseline_hooks.py);
3. times N requests to /api/ping (the trivial JSON endpoint) the same way, for information;
4. times N votes, each member POSTing their own vote with their own session cookie and CSRF
   token to the JSON voting endpoint (the same service the meeting page uses);
5. sends a second vote for one member in ten, each of which must be refused;
6. counts what the database holds: votes lost (accepted but not stored, or refused wrongly)
   and votes doubled.

ratio_to_durable_insert is the vote rate over the baseline's (target at least 0.7).

    python bench/divisions.py            # 2,000 voters
    python bench/divisions.py --quick    # 100 voters

DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/); the
benchmark creates and drops its own database on it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "oa_bench_divisions"
# Members per gunicorn worker who vote, untimed, before the timed votes.
WARM_PER_WORKER = 25


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_urls(base: str, name: str = DB_NAME) -> tuple[str, str]:
    """(admin URL on the 'postgres' database, URL of the benchmark's own database)."""
    parts = urlsplit(base)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"DATABASE_URL must name a PostgreSQL server, not {parts.scheme!r}")
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    return admin, urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


def _fresh_database(admin_url: str, name: str = DB_NAME, template: str | None = None) -> None:
    """An empty database ``name``, or a copy of ``template`` (one already migrated: migrating
    takes minutes on a busy machine, copying seconds)."""
    import psycopg

    with psycopg.connect(admin_url.replace("postgres://", "postgresql://", 1),
                         autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))


def _drop_database(admin_url: str, name: str = DB_NAME) -> None:
    import psycopg

    with psycopg.connect(admin_url.replace("postgres://", "postgresql://", 1),
                         autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _set_up(voters: int) -> dict:
    """Organisation, members with sessions, and an open division; runs in this process."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from openassembly.accounts.models import User
    from openassembly.core import clock
    from openassembly.core.actors import System
    from openassembly.core.services import create_organisation
    from openassembly.members.models import Member
    from openassembly.rules import examples
    from tests.browser.helpers import officer

    now = timezone.now()
    called = now - timedelta(days=15)
    with clock.frozen_at(called):
        organisation = create_organisation(System("the benchmark"),
                                           constitution_text=examples.read("commonweal"))
        chair, _ = officer(organisation, "organising-group", "chair", "chair@bench.example",
                           name="Bench Chair")
    # Voters sign in by session, never by password: give them an unusable one.
    unusable = make_password(None)
    User.objects.bulk_create(
        User(email=f"voter{i}@bench.example", password=unusable) for i in range(voters))
    users = list(User.objects.filter(email__endswith="@bench.example")
                 .exclude(pk=chair.user_id).order_by("pk"))
    members = Member.objects.bulk_create(
        Member(organisation=organisation, user=u, name=f"Voter {i:05d}", email=u.email,
               joined_on=called.date()) for i, u in enumerate(users))
    members = list(Member.objects.filter(organisation=organisation, user__in=users)
                   .select_related("user").order_by("pk"))
    division = open_division(chair, organisation, members, now=now)
    keys = sessions_for([m.user for m in members], expires=now + timedelta(days=1))
    from django.db import connection, connections

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_baseline (doc text NOT NULL)")
        # Fresh statistics, as autovacuum would have them for tables that grew this much.
        cursor.execute("ANALYZE")

    connections.close_all()
    return {"org": organisation.slug, "division": division.pk, "eligible": division.eligible,
            "sessions": keys, "members": [m.pk for m in members]}


def open_division(chair, organisation, members: list, *, now):
    """A general meeting of the all-members body, called 15 days before ``now`` (its notice)
    and open, with every one of ``members`` attending online and a named division open on a
    seconded motion; ``chair`` chairs the Organising Group."""
    from openassembly.bodies.models import Body
    from openassembly.core import clock
    from openassembly.meetings import services
    from openassembly.meetings.models import Attendance

    body = Body.objects.get(organisation=organisation, key="members")
    with clock.frozen_at(now - timedelta(days=15)):
        meeting = services.call_meeting(chair, organisation=organisation, body=body,
                                        title="General meeting", starts_at=now - timedelta(
                                            minutes=5), place="Hall",
                                        agenda=[("The motion", "")])
    meeting = services.open_meeting(chair, meeting=meeting)
    Attendance.objects.bulk_create(
        Attendance(organisation=organisation, meeting=meeting, member=m, role="member",
                   mode="online", recorded_at=now) for m in members)
    motion = services.move_motion(members[0], item=meeting.items.get(), title="Benchmark",
                                  text="That this meeting measures itself.")
    services.second_motion(members[1], motion=motion)
    return services.open_division(chair, motion=motion)


def sessions_for(users: list, *, expires) -> list[str]:
    """A signed-in Django session for each user, as a login makes it; their keys."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    store, rows = SessionStore(), []
    for user in users:
        data = {SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash()}
        rows.append(Session(session_key=secrets.token_hex(16), session_data=store.encode(data),
                            expire_date=expires))
    Session.objects.bulk_create(rows, batch_size=2000)
    return [row.session_key for row in rows]


def start_server(port: int, workers: int, env: dict) -> subprocess.Popen:
    """gunicorn serving the product with the baseline door added (bench/baseline_hooks.py)."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return subprocess.Popen(
        [gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--log-level", "warning", "--config", str(Path(__file__).with_name("baseline_hooks.py"))],
        cwd=ROOT, env=env, start_new_session=True,
    )


def _request(port: int, method: str, path: str, *, body: bytes | None = None,
             headers: dict | None = None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _vote(port: int, path: str, session: str, choice: str) -> int:
    token = secrets.token_hex(16)  # any 32 characters: the cookie and the header must match
    return _request(port, "POST", path, body=json.dumps({"choice": choice}).encode(), headers={
        "Content-Type": "application/json", "X-CSRFToken": token,
        "Cookie": f"sessionid={session}; csrftoken={token}", "Host": "127.0.0.1",
    })


def _timed(jobs, threads: int) -> tuple[float, list[int]]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        statuses = list(pool.map(lambda job: job(), jobs))
    return time.perf_counter() - started, statuses


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if _request(port, "GET", "/api/ping") == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def server_environment(name: str = DB_NAME) -> tuple[str, dict]:
    """(admin URL, environment) for a production-style server on the database ``name``;
    this process takes the same environment, to set up and check that database."""
    admin_url, db_url = _database_urls(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"), name)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.prod",
           "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
           "DATABASE_URL": db_url, "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "INSECURE_COOKIES": "1", "CONN_MAX_AGE": "600", "LOG_LEVEL": "ERROR",
           # Plain HTTP on loopback: no redirect to HTTPS.
           "SECURE_SSL_REDIRECT": "0"}
    os.environ.update(env)
    return admin_url, env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 voters")
    parser.add_argument("--voters", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=32, help="client threads")
    args = parser.parse_args(argv)
    voters = 100 if args.quick else args.voters
    admin_url, env = server_environment()
    python = sys.executable
    _fresh_database(admin_url)
    server = None
    try:
        subprocess.run([python, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env,
                       check=True)
        warm = WARM_PER_WORKER * args.workers
        print(f"setting up {voters + warm:,} members with their own sessions ...", flush=True)
        setup = _set_up(voters + warm)
        port = _free_port()
        server = start_server(port, args.workers, env)
        _wait_for(port)
        path = f"/api/o/{setup['org']}/divisions/{setup['division']}/vote"
        choices = ["for", "against", "for", "abstain"]
        # Warm every path in every worker before timing any: the pings, the baseline and the
        # vote (database connections, prepared statements), with members kept out of the count.
        warming, timed = setup["sessions"][:warm], setup["sessions"][warm:]
        _timed([lambda: _request(port, "GET", "/api/ping")] * (50 * args.workers), args.threads)
        _timed([(lambda s=s: _vote(port, "/bench" + path, s, "abstain")) for s in warming],
               args.threads)
        _timed([(lambda s=s: _vote(port, path, s, "abstain")) for s in warming], args.threads)

        def ping() -> float:
            return _timed([lambda: _request(port, "GET", "/api/ping")] * voters, args.threads)[0]

        def baseline() -> float:
            seconds, statuses = _timed([(lambda s=s, c=choices[i % 4]: _vote(
                port, "/bench" + path, s, c)) for i, s in enumerate(timed)], args.threads)
            baseline_status.update(statuses)
            return seconds

        # Rates vary from one second to the next on a shared machine, so the baseline and the
        # trivial endpoint are each measured before, between and after, and their medians used.
        baseline_status: set[int] = set()
        pings, baselines = [ping()], [baseline()]
        jobs = [(lambda s=s, c=choices[i % 4]: _vote(port, path, s, c))
                for i, s in enumerate(timed)]
        vote_s, vote_status = _timed(jobs, args.threads)
        pings.append(ping())
        baselines.append(baseline())
        again = [(lambda s=s: _vote(port, path, s, "against"))
                 for s in timed[::10]]
        _, again_status = _timed(again, args.threads)
        pings.append(ping())
        baselines.append(baseline())
        counted = _count(setup["division"])
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        _drop_database(admin_url)
    accepted = sum(1 for s in vote_status if s == 200)
    everyone = voters + warm
    # Lost: a member's vote that is not in the database, whether refused or dropped.
    lost = max(everyone - counted["votes"], voters - accepted)
    doubled = counted["votes"] - counted["members"] + sum(1 for s in again_status if s == 200)
    ping_s, base_s = statistics.median(pings), statistics.median(baselines)
    ping_rate, base_rate, vote_rate = voters / ping_s, voters / base_s, voters / vote_s
    print()
    print(f"{'':28}{'requests':>10}{'seconds':>10}{'per second':>12}")
    print(f"{'GET /api/ping (median)':28}{voters:>10,}{ping_s:>10.2f}{ping_rate:>12.0f}"
          f"   (rounds: {', '.join(f'{voters / p:.0f}/s' for p in pings)})")
    print(f"{'POST baseline (median)':28}{voters:>10,}{base_s:>10.2f}{base_rate:>12.0f}"
          f"   (rounds: {', '.join(f'{voters / b:.0f}/s' for b in baselines)}; statuses "
          f"{sorted(baseline_status)})")
    print(f"{'POST vote (own session)':28}{voters:>10,}{vote_s:>10.2f}{vote_rate:>12.0f}")
    print(f"votes stored {counted['votes']:,} of {everyone:,} ({warm} of them warming up); "
          f"second votes refused {sum(1 for s in again_status if s == 409)} of "
          f"{len(again_status)}; statuses {sorted(set(vote_status))}; {args.workers} gunicorn "
          f"workers, {args.threads} clients")
    print(f"ratio_to_durable_insert {vote_rate / base_rate:.2f} (target >= 0.70); "
          f"ratio_to_trivial {vote_rate / ping_rate:.2f} (for information)")
    print(f"RESULT voters={voters} seconds={vote_s:.2f} votes_per_s={vote_rate:.0f} "
          f"baseline_per_s={base_rate:.0f} ratio_to_durable_insert={vote_rate / base_rate:.2f} "
          f"ratio_to_trivial={vote_rate / ping_rate:.2f} lost={lost} doubled={doubled}")
    return 0 if lost == 0 and doubled == 0 and baseline_status == {200} else 1


def _count(division_id: int) -> dict:
    from django.db import connections

    from openassembly.meetings.models import Vote

    connections.close_all()
    votes = Vote.objects.filter(division_id=division_id)
    return {"votes": votes.count(), "members": votes.values("member").distinct().count()}


if __name__ == "__main__":
    raise SystemExit(main())
