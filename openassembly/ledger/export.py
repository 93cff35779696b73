"""The export file: a whole ledger as JSON Lines, for anyone to download and re-verify.

Line 1 is a header naming the format, its version and the organisation; then one line per
checkpoint (in number order) and one per event (in the order given, normally seq). Each
line is one flat JSON object: its "type", its stored "checkpoint" and "hash", then the
hashed content in canonical JSON. Two exports of the same ledger are byte-for-byte equal.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping
from typing import IO, Any

from openassembly.ledger.canonical import canonical_json
from openassembly.ledger.chain import (
    CHECKPOINT_FIELDS,
    EVENT_FIELDS,
    checkpoint_problem,
    event_problem,
)
from openassembly.ledger.fast import verify_lines
from openassembly.ledger.lines import (
    FORMAT,
    FORMAT_VERSION,
    parse_header,
    parse_record,
)
from openassembly.ledger.lines import ExportError as ExportError  # re-exported
from openassembly.ledger.verify import Anchor, Report, Verifier


def write_export(
    fp: IO[Any],
    org: str,
    events: Iterable[Mapping[str, Any]],
    checkpoints: Iterable[Mapping[str, Any]],
) -> None:
    """Write the ledger to ``fp`` (text opened as UTF-8, or binary), streaming the events.

    Events carry their stored "hash" and "checkpoint" number (None if unsealed);
    checkpoints carry their "hash". Malformed rows raise ValueError rather than being
    written into a file that would then fail to verify for the wrong reason.
    """
    binary = not isinstance(fp, io.TextIOBase)

    def put(line: bytes) -> None:
        fp.write(line if binary else line.decode("utf-8"))

    put(canonical_json({"format": FORMAT, "version": FORMAT_VERSION, "org": org}) + b"\n")
    for checkpoint in checkpoints:
        problem = checkpoint_problem(checkpoint, stored=True)
        if problem:
            raise ValueError(problem)
        content = {key: checkpoint[key] for key in CHECKPOINT_FIELDS}
        put(_line("checkpoint", {"hash": checkpoint["hash"]}, content))
    for event in events:
        problem = event_problem(event, stored=True)
        if problem:
            raise ValueError(f"event {event.get('seq')!r}: {problem}")
        content = {key: event[key] for key in EVENT_FIELDS}
        put(_line("event", {"checkpoint": event["checkpoint"], "hash": event["hash"]}, content))


def _line(kind: str, extra: dict[str, Any], content: dict[str, Any]) -> bytes:
    """``{"type":…,<extra>,<the hashed content's canonical members>}``.

    The hashed content comes last and verbatim, so a verifier can hash a slice of the line
    instead of re-encoding what it parsed (see fast.py). Keys are unique, so this is one
    flat JSON object, and the order is fixed, so the file is still byte-for-byte repeatable.
    """
    head = canonical_json({"type": kind})[:-1] + b"," + canonical_json(extra)[1:-1] + b","
    return head + canonical_json(content)[1:] + b"\n"


def read_export(fp: IO[Any]) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    """Parse an export into (org, events, checkpoints); ExportError names any bad line."""
    lines = iter(fp)
    org = parse_header(next(lines, None))
    events: list[dict[str, Any]] = []
    checkpoints: list[dict[str, Any]] = []
    for number, raw in enumerate(lines, 2):
        kind, record = parse_record(number, raw)
        (events if kind == "event" else checkpoints).append(record)
    return org, events, checkpoints


def verify_export(path: str | os.PathLike[str], *, anchors: Iterable[Anchor] = ()) -> Report:
    """Verify an export file; raises ExportError if it is malformed, OSError if unreadable.

    The result is the same as ``verify(*read_export(...))``, only faster: see fast.py.
    """
    with open(path, "rb") as fp:
        org = parse_header(fp.readline() or None)
        verifier = Verifier(org, anchors)
        checkpoints: list[dict[str, Any]] = []

        def slow(number: int, raw: bytes) -> None:
            kind, record = parse_record(number, raw)
            if kind == "checkpoint":
                checkpoints.append(record)
            else:
                verifier.event(record)

        verify_lines(fp, verifier, slow, org=org)
        verifier.checkpoints_done(checkpoints)
    return verifier.report()
