"""The attacks someone with SQL access, the database's files or a dump would make on a secret
ballot, for the secrecy tests of elections and of secret divisions (PostgreSQL only).

Each returns what the attacker would see; the tests assert that after the close it links
nothing, and (their control) that before the close it did.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pytest
from django.db import connection


def xmins(table: str, where: str, params: list) -> list[int]:
    """The transaction id that wrote each live row: ballots and marks written in one voter's
    transaction share it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text::bigint FROM {table} WHERE {where}", params)  # noqa: S608
        return [int(r[0]) for r in cursor.fetchall()]


def in_storage_order(table: str, column: str, where: str, params: list) -> list:
    """``column`` of the live rows in the order they sit in the table's pages (``ctid``)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {where} ORDER BY ctid", params)  # noqa: S608
        return [r[0] for r in cursor.fetchall()]


def _pageinspect() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pageinspect'")
        if cursor.fetchone() is None:
            pytest.skip("this PostgreSQL server has no pageinspect extension (postgresql-contrib)")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")


def _pages(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int",
                       [table])
        return cursor.fetchone()[0]


def xmins_on_pages(table: str) -> set[int]:
    """The transaction ids of every row version pageinspect finds in the table's pages, dead
    versions included (a version VACUUM removed leaves no line pointer)."""
    _pageinspect()
    found: set[int] = set()
    with connection.cursor() as cursor:
        for page in range(_pages(table)):
            cursor.execute("SELECT t_xmin::text::bigint FROM heap_page_items(get_raw_page(%s, %s))"
                           " WHERE t_xmin IS NOT NULL", [table, page])
            found |= {int(r[0]) for r in cursor.fetchall()}
    return found


def record_vacuums(monkeypatch) -> list[str]:
    """Record each table the close's vacuum runs on (it still runs)."""
    from openassembly.core import secrecy

    calls: list[str] = []
    real = secrecy.vacuum

    def recording(table: str) -> bool:
        calls.append(table)
        return real(table)

    monkeypatch.setattr(secrecy, "vacuum", recording)
    return calls


def voter_versions_left(table: str, voter_xids: set[int], *, attempts: int = 10) -> set[int]:
    """Voters' transaction ids still on the table's pages after the close's vacuum.

    VACUUM keeps a dead version that a transaction older than the close might still see, and on
    a shared test server another session can hold that horizon back for a moment: if versions
    remain, vacuum again (as autovacuum would) a few times before answering. The caller checks
    separately that the close itself vacuumed (record_vacuums).
    """
    import time

    from openassembly.core import secrecy

    left = xmins_on_pages(table) & voter_xids
    for _ in range(attempts):
        if not left:
            break
        time.sleep(1)
        secrecy.vacuum(table)
        left = xmins_on_pages(table) & voter_xids
    if left:
        # VACUUM keeps what an older snapshot may see (the threat model says so): say which
        # session holds it, rather than blame the close. A snapshot of this database, or a
        # transaction of any database on the server (VACUUM FULL's own snapshot counts it as
        # running: secrecy.OLDER_THAN_THE_CLOSE says why).
        with connection.cursor() as cursor:
            cursor.execute("SELECT datname, pid, state, backend_xmin::text, backend_xid::text, "
                           "left(query, 80) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                           "AND ((datname = current_database() AND backend_xmin IS NOT NULL) "
                           "OR backend_xid IS NOT NULL)")
            holders = cursor.fetchall()
        if holders:
            pytest.skip(f"another session holds VACUUM's horizon: {holders}")
    return left


def raw_pages(table: str) -> bytes:
    """Every byte of the table's pages, free space included: where a removed row version's
    bytes would survive if nothing overwrote them."""
    _pageinspect()
    with connection.cursor() as cursor:
        chunks = []
        for page in range(_pages(table)):
            cursor.execute("SELECT get_raw_page(%s, %s)", [table, page])
            chunks.append(bytes(cursor.fetchone()[0]))
    return b"".join(chunks)


def dump(*tables: str) -> dict[str, list[dict[str, str]]]:
    """A data-only pg_dump of the tables, as an operator's backup would hold them: each table's
    rows, in the dump's order, as column name to text."""
    binary = shutil.which("pg_dump")
    if binary is None:
        pytest.skip("pg_dump is not installed here")
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    args = [binary, "--data-only", "--no-owner", "-h", settings.get("HOST") or "localhost",
            "-p", str(settings.get("PORT") or 5432), "-U", settings.get("USER") or "postgres"]
    for table in tables:
        args += ["-t", table]
    done = subprocess.run([*args, settings["NAME"]], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    if done.returncode != 0 and "version mismatch" in done.stderr:
        pytest.skip(f"pg_dump cannot dump this server: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    rows: dict[str, list[dict[str, str]]] = {}
    current, columns = None, []
    for line in done.stdout.splitlines():
        if line.startswith("COPY "):
            # COPY public.table (a, b, c) FROM stdin;
            current = line.split()[1].split(".")[-1]
            columns = line[line.index("(") + 1 : line.index(")")].split(", ")
            rows[current] = []
        elif line == "\\.":
            current = None
        elif current is not None:
            rows[current].append(dict(zip(columns, line.split("\t"), strict=True)))
    return rows


def key_bytes(keys: list[uuid.UUID]) -> list[bytes]:
    """The keys as PostgreSQL stores a uuid column: its 16 bytes."""
    return [k.bytes for k in keys]


def second_session(*, autocommit: bool = False):
    """Another session on the test database, as a long report, a forgotten psql or a second
    officer's request would be (PostgreSQL)."""
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(dbname=settings["NAME"], user=settings["USER"],
                           password=settings["PASSWORD"] or None, host=settings["HOST"] or None,
                           port=settings["PORT"] or None, autocommit=autocommit)
