"""gunicorn hooks for bench/ceiling.py, never for a real server: with OA_BENCH_STAND_IN set,
each worker replaces the session door's vote service by a stand-in that does less, so that the
benchmark can time the same requests through the same server with less and less work behind
them."""

from __future__ import annotations

import os


def post_worker_init(worker) -> None:
    stand_in = os.environ.get("OA_BENCH_STAND_IN", "")
    if not stand_in:
        return
    from django.db import connection

    from openassembly.meetings import services

    def nothing(holder, *, division_id: int, choice: str) -> int:
        return 1

    def read(holder, *, division_id: int, choice: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0]

    def write(holder, *, division_id: int, choice: str) -> int:
        # One row into a table with no index, committed durably on its own, as a vote is.
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_ceiling (choice) VALUES (%s)", [choice])
        return 1

    services.cast_vote_as = {"nothing": nothing, "read": read, "write": write}[stand_in]
