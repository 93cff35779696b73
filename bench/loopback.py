"""An asyncio HTTP/1.1 client for the slow tests' servers on loopback (standard library only).

gunicorn's sync workers answer one request per connection and close it, so each request here
opens its own connection, as every client of such a server does; concurrency is bounded by the
caller (a semaphore), not here. A voter authenticates with their own Django session cookie and a
CSRF token, exactly as bench/ballots.py's thread-pool client does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path


class NoAnswer(Exception):
    """The connection was refused, reset or closed before a whole response came back."""


@dataclass
class Reply:
    status: int
    body: bytes
    seconds: float


async def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes = b"",
    headers: dict | None = None,
    timeout: float = 120,
) -> Reply:
    """One request on a fresh connection; NoAnswer when there is no complete response."""
    began = time.perf_counter()
    head = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        "Connection: close",
        f"Content-Length: {len(body)}",
    ]
    head += [f"{name}: {value}" for name, value in (headers or {}).items()]
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    except (OSError, TimeoutError) as error:
        raise NoAnswer(f"connect: {error!r}") from error
    try:
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    except (OSError, TimeoutError) as error:
        raise NoAnswer(f"exchange: {error!r}") from error
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    return _parse(raw, time.perf_counter() - began)


def _parse(raw: bytes, seconds: float) -> Reply:
    head, sep, payload = raw.partition(b"\r\n\r\n")
    if not sep or not head.startswith(b"HTTP/1."):
        raise NoAnswer(f"incomplete response ({len(raw)} bytes)")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        fields[name.strip().lower()] = value.strip()
    if fields.get(b"transfer-encoding", b"").lower() == b"chunked":
        payload = _unchunk(payload)
    elif b"content-length" in fields and len(payload) != int(fields[b"content-length"]):
        raise NoAnswer("response cut short")
    return Reply(status, payload, seconds)


def _unchunk(payload: bytes) -> bytes:
    out, rest = [], payload
    while True:
        size_line, sep, rest = rest.partition(b"\r\n")
        if not sep:
            raise NoAnswer("chunked response cut short")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return b"".join(out)
        out.append(rest[:size])
        rest = rest[size + 2 :]


async def post_json(port: int, path: str, session: str, data: dict) -> Reply:
    """POST as a signed-in member: their session cookie, and a CSRF cookie and header."""
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked secret
    return await request(
        port,
        "POST",
        path,
        body=json.dumps(data).encode(),
        headers={
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Content-Type": "application/json",
        },
    )


async def get(port: int, path: str) -> Reply:
    return await request(port, "GET", path)


async def wait_until_serving(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if (await get(port, "/api/ping")).status == 200:
                return
        except NoAnswer:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit("the server did not start")


@dataclass
class Timings:
    """Latencies (seconds) of answered requests, statuses, and requests never answered."""

    seconds: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    unanswered: int = 0

    def add(self, reply: Reply) -> None:
        self.seconds.append(reply.seconds)
        self.statuses[reply.status] = self.statuses.get(reply.status, 0) + 1

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile, in milliseconds."""
        ordered = sorted(self.seconds)
        if not ordered:
            return math.nan
        return 1000 * ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process under it (gunicorn's master and its workers), from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def kill_all(server: subprocess.Popen) -> list[int]:
    """SIGKILL gunicorn's master and all its workers at once (their process group); the pids
    killed, each checked gone. Nothing runs in them afterwards: no handler, no clean close."""
    pids = process_tree(server.pid)
    os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in pids if alive(pid)]
    if left:
        raise SystemExit(f"processes still running after SIGKILL: {left}")
    return pids


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)
