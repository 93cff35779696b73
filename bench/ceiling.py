"""How close can any vote get to the trivial endpoint? The same vote requests, through the same
server, with less and less work behind them.

bench/divisions.py compares a vote with /api/ping, which touches no database. This benchmark
times the vote request four ways in one run, each against the median of three rounds of
/api/ping on the same server, to show where the rate goes:

- ``nothing``: the request, its session cookie, CSRF check and JSON body, and no database;
- ``read``: the same, plus one round trip (SELECT 1);
- ``write``: the same, plus one row inserted into a table with no index and committed durably
  on its own, the least any recorded vote can cost;
- ``vote``: the real vote (sign-in, roll claim, vote and ledger event in one statement).

The stand-ins are swapped in by gunicorn hooks (bench/ceiling_hooks.py) in this benchmark's
server only.

    python bench/ceiling.py            # 2,000 requests each
    python bench/ceiling.py --quick    # 100 each
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import divisions as bench  # the division benchmark's set-up and client

STAND_INS = ["nothing", "read", "write", "vote"]


def _server(port: int, workers: int, env: dict, stand_in: str) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return subprocess.Popen(
        [gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--log-level", "warning", "--config", str(Path(__file__).with_name("ceiling_hooks.py"))],
        cwd=bench.ROOT, env={**env, "OA_BENCH_STAND_IN": "" if stand_in == "vote" else stand_in},
    )


def _measure(port: int, path: str, sessions: list[str], n: int, threads: int) -> tuple:
    warm, timed = sessions[:-n], sessions[-n:]
    bench._timed([lambda: bench._request(port, "GET", "/api/ping")] * 200, threads)
    bench._timed([(lambda s=s: bench._vote(port, path, s, "abstain")) for s in warm], threads)

    def ping() -> float:
        return bench._timed([lambda: bench._request(port, "GET", "/api/ping")] * n, threads)[0]

    pings = [ping()]
    seconds, statuses = bench._timed(
        [(lambda s=s: bench._vote(port, path, s, "for")) for s in timed], threads)
    pings.extend([ping(), ping()])
    return n / statistics.median(pings), n / seconds, statuses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 requests each")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=32, help="client threads")
    args = parser.parse_args(argv)
    n = 100 if args.quick else args.requests
    warm = bench.WARM_PER_WORKER * args.workers
    admin_url, env = bench.server_environment()
    bench._fresh_database(admin_url)
    rows = []
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"],
                       cwd=bench.ROOT, env=env, check=True)
        print(f"setting up {len(STAND_INS) * (n + warm):,} members with their own sessions ...",
              flush=True)
        setup = bench._set_up(len(STAND_INS) * (n + warm))
        from django.db import connection, connections

        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_ceiling (choice text NOT NULL)")
        connections.close_all()
        path = f"/api/o/{setup['org']}/divisions/{setup['division']}/vote"
        for i, stand_in in enumerate(STAND_INS):
            port = bench._free_port()
            server = _server(port, args.workers, env, stand_in)
            try:
                bench._wait_for(port)
                sessions = setup["sessions"][i * (n + warm):(i + 1) * (n + warm)]
                ping_rate, rate, statuses = _measure(port, path, sessions, n, args.threads)
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
            rows.append((stand_in, ping_rate, rate, sorted(set(statuses))))
    finally:
        from django.db import connections

        connections.close_all()
        bench._drop_database(admin_url)
    print()
    print(f"{'behind the vote request':26}{'ping/s':>10}{'votes/s':>10}{'ratio':>8}  statuses")
    for stand_in, ping_rate, rate, statuses in rows:
        print(f"{stand_in:26}{ping_rate:>10.0f}{rate:>10.0f}{rate / ping_rate:>8.2f}  {statuses}")
    ratios = " ".join(f"{s}_ratio={r / p:.2f}" for s, p, r, _ in rows)
    print(f"RESULT requests={n} {ratios}")
    return 0 if all(statuses == [200] for *_, statuses in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
