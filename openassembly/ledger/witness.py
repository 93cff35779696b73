"""``openassembly witness URL``: a member's own copy of an install's published checkpoints.

A ledger cut off or rewritten after its last published checkpoint is consistent on its own;
what catches it is somebody outside the install who kept the hash. This is that somebody.
Each run fetches the install's checkpoints (the public JSON the record publishes), checks
every checkpoint's hash against its content, and follows the chain of ``prev`` hashes from
the new head back to the newest checkpoint already held. If the chain reaches it, the new
checkpoints extend what was seen and are kept; if not, the install has forked (its history
was rewritten or cut back) and the local copy is left as it was, as evidence.

Pure Python and the standard library only, so a member can run it anywhere without Django.
Exit status: 0 consistent, 1 fork or an install publishing checkpoints that do not verify,
2 bad input (unreachable install, malformed response, unreadable local copy).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openassembly.ledger.chain import (
    CHECKPOINT_FIELDS,
    VERSION,
    ZERO_HASH,
    checkpoint_hash,
    checkpoint_problem,
)

FORMAT = "openassembly-witness"
FORMAT_VERSION = 1
# A million-event ledger sealed every 100 events has 10,000 checkpoints, about 3 MB of JSON:
# the bound leaves room for that many times over, and stops a hostile install filling memory.
MAX_BYTES = 64 * 1024 * 1024
_ORG_PATH = re.compile(r"^(?P<root>.*?)(?:/api)?/o/(?P<org>[-a-zA-Z0-9_]+)(?:/|$)")


class WitnessError(Exception):
    """Input the witness cannot work with: an unreachable install, a malformed response or file."""


class Fork(Exception):
    """The published checkpoints do not extend (or do not verify against) what was held."""


@dataclass(frozen=True)
class Source:
    org: str
    url: str  # the JSON list of the organisation's checkpoints

    @classmethod
    def from_url(cls, url: str) -> Source:
        """Any public record address of an organisation (``https://host/o/SLUG/...``), or the
        checkpoints JSON itself (``https://host/api/o/SLUG/checkpoints``)."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise WitnessError(f"{url!r} is not an http(s) address of an install")
        match = _ORG_PATH.match(parts.path)
        if match is None:
            raise WitnessError(
                f"{url!r} names no organisation: give its public record address, "
                f"such as https://assembly.example.org/o/SLUG/"
            )
        path = f"{match['root']}/api/o/{match['org']}/checkpoints"
        return cls(
            match["org"], urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        )


def fetch(url: str, *, timeout: float = 30.0) -> bytes:
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked by Source.from_url
        url, headers={"Accept": "application/json", "User-Agent": "openassembly-witness/1"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise WitnessError(f"{url}: the install answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise WitnessError(f"{url}: cannot reach the install ({reason})") from error
    if len(body) > MAX_BYTES:
        raise WitnessError(f"{url}: the response is larger than {MAX_BYTES // 2**20} MB")
    return body


def published(org: str, body: bytes, *, where: str) -> list[dict[str, Any]]:
    """The checkpoints in a response, each as the full hashed form with its "hash", by number."""
    try:
        items = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise WitnessError(f"{where}: not a JSON list of checkpoints ({error})") from error
    if not isinstance(items, list):
        raise WitnessError(f"{where}: expected a JSON list of checkpoints")
    result = []
    for position, item in enumerate(items, 1):
        if not isinstance(item, Mapping):
            raise WitnessError(f"{where}: item {position} is not an object")
        # The API leaves out "v" and "org", which are fixed for one organisation's ledger.
        checkpoint = {"v": VERSION, "org": org} | {
            key: item.get(key) for key in (*CHECKPOINT_FIELDS[2:], "hash")
        }
        problem = checkpoint_problem(checkpoint, stored=True)
        if problem:
            raise WitnessError(f"{where}: item {position}: {problem}")
        result.append(checkpoint)
    result.sort(key=lambda cp: cp["number"])
    return result


def _verified(checkpoints: Sequence[Mapping[str, Any]], what: str) -> dict[int, Mapping]:
    """By number, each checkpoint's stored hash checked against its content."""
    by_number: dict[int, Mapping] = {}
    for checkpoint in checkpoints:
        number = checkpoint["number"]
        if number in by_number:
            raise Fork(f"{what} lists checkpoint {number} twice, with different contents")
        content = {key: checkpoint[key] for key in CHECKPOINT_FIELDS}
        if checkpoint_hash(content) != checkpoint["hash"]:
            raise Fork(f"{what}: checkpoint {number}'s hash does not match its content")
        by_number[number] = checkpoint
    return by_number


def compare(held: Sequence[Mapping[str, Any]], fetched: Sequence[Mapping[str, Any]]) -> str:
    """Raise Fork unless ``fetched`` extends ``held``; otherwise say what is new.

    Follows the new head's ``prev`` chain back to the newest checkpoint held (to the first
    checkpoint on a first look), so every new checkpoint is shown to descend from it.
    """
    if not fetched:
        if held:
            raise Fork(
                f"the install publishes no checkpoints, but you hold {len(held)} up to "
                f"checkpoint {held[-1]['number']}: its ledger was emptied or replaced"
            )
        return "the install has published no checkpoints yet"
    new = _verified(fetched, "the install")
    head = fetched[-1]
    mine = held[-1] if held else None
    floor = mine["number"] if mine else 0
    if head["number"] < floor:
        raise Fork(
            f"the install's head is checkpoint {head['number']} ({head['hash'][:16]}…), behind "
            f"checkpoint {floor} ({mine['hash'][:16]}…) that you saw: its ledger was cut back"
        )
    current = head
    while current["number"] > floor:
        number = current["number"]
        before = new.get(number - 1)
        if number == 1:
            if current["prev"] != ZERO_HASH:
                raise Fork("the install's checkpoint 1 does not start from 64 zeros")
            break
        if before is None:
            raise Fork(f"the install's checkpoint {number - 1} is missing from what it publishes")
        if current["prev"] != before["hash"]:
            raise Fork(
                f"the install's checkpoint {number} does not extend its checkpoint "
                f"{number - 1}: its prev is {current['prev'][:16]}…, not {before['hash'][:16]}…"
            )
        current = before
    if mine is not None and current["hash"] != mine["hash"]:
        raise Fork(
            f"following the install's chain back from its head, checkpoint {head['number']}, "
            f"reaches checkpoint {floor} with hash {current['hash'][:16]}…, not "
            f"{mine['hash'][:16]}… that you saw: its history was rewritten"
        )
    for checkpoint in held:
        theirs = new.get(checkpoint["number"])
        if theirs is None or theirs["hash"] != checkpoint["hash"]:
            now = f"now {theirs['hash'][:16]}…" if theirs else "no longer published"
            raise Fork(
                f"checkpoint {checkpoint['number']} was {checkpoint['hash'][:16]}… when you saw "
                f"it and is {now}: the install's history was rewritten"
            )
    added = head["number"] - floor
    if mine is None:
        return f"first look: {added} checkpoints, head checkpoint {head['number']} ({head['hash']})"
    if added == 0:
        return f"no new checkpoints; head still checkpoint {head['number']} ({head['hash']})"
    return (
        f"{added} new checkpoints extend checkpoint {floor} ({mine['hash'][:16]}…) that you saw; "
        f"head checkpoint {head['number']} ({head['hash']})"
    )


def load(path: Path, source: Source) -> list[dict[str, Any]]:
    """The checkpoints held in the local copy (none if it does not exist yet)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise WitnessError(f"{path}: larger than {MAX_BYTES // 2**20} MB; not a witness file")
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise WitnessError(f"{path}: cannot read the file ({error.strerror or error})") from error
    try:
        stored = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise WitnessError(f"{path}: not a witness file ({error})") from error
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        raise WitnessError(f'{path}: not a witness file (no "format": "{FORMAT}")')
    if stored.get("version") != FORMAT_VERSION:
        raise WitnessError(f"{path}: witness file version {stored.get('version')!r} is not "
                           f"{FORMAT_VERSION}")  # fmt: skip
    if stored.get("org") != source.org:
        raise WitnessError(f"{path}: holds {stored.get('org')!r}'s checkpoints, not "
                           f"{source.org!r}'s; give another --store file")  # fmt: skip
    body = json.dumps(stored.get("checkpoints")).encode()
    checkpoints = published(source.org, body, where=str(path))
    try:
        compare([], checkpoints)  # the local copy must itself be one unbroken chain
    except Fork as error:
        raise WitnessError(f"{path}: the copy itself does not verify ({error})") from error
    return checkpoints


def save(path: Path, source: Source, checkpoints: Sequence[Mapping[str, Any]]) -> None:
    """Write the copy atomically: a crash mid-write must not lose what was seen."""
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "org": source.org,
        "source": source.url,
        "checkpoints": [dict(checkpoint) for checkpoint in checkpoints],
    }
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as fp:
            json.dump(document, fp, indent=1, sort_keys=True)
            fp.write("\n")
            fp.flush()
            os.fsync(fp.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def default_store(source: Source) -> Path:
    host = urllib.parse.urlsplit(source.url).netloc.replace(":", "_")
    return Path(f"witness-{host}-{source.org}.json")


def run(
    url: str,
    store: Path | None,
    *,
    out: Callable[[str], None],
    err: Callable[[str], None],
    timeout: float = 30.0,
) -> int:
    try:
        source = Source.from_url(url)
        path = store or default_store(source)
        held = load(path, source)
        fetched = published(source.org, fetch(source.url, timeout=timeout), where=source.url)
    except WitnessError as error:
        err(f"witness: {error}")
        return 2
    try:
        message = compare(held, fetched)
    except Fork as fork:
        evidence = path.with_name(path.name + ".fork.json")
        save(evidence, source, fetched)
        err(f"witness: FORK in {source.org} at {source.url}: {fork}")
        err(f"witness: your copy {path} is unchanged; what the install publishes now is in "
            f"{evidence}")  # fmt: skip
        return 1
    if fetched:
        save(path, source, fetched)
    out(f"witness: {source.org}: {message}; saved in {path}")
    return 0


def main(argv: list[str]) -> int:
    """``argv[0]`` is the sub-command ("witness"), as the openassembly command passes it."""
    parser = argparse.ArgumentParser(
        prog="openassembly witness",
        description="Keep your own copy of an install's published ledger checkpoints and report "
        "a fork: a later checkpoint that does not extend what you saw.",
    )
    parser.add_argument(
        "url", help="the organisation's public record address, https://HOST/o/SLUG/"
    )
    parser.add_argument(
        "--store", type=Path, help="the local copy (default witness-HOST-SLUG.json)"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait (default 30)")
    try:
        args = parser.parse_args(argv[1:])
    except SystemExit as exit_:
        return 2 if exit_.code else 0
    return run(
        args.url, args.store, timeout=args.timeout,
        out=lambda line: print(line), err=lambda line: print(line, file=sys.stderr),
    )  # fmt: skip
