"""``python -m openassembly.ledger verify FILE [--checkpoint HASH]...``: re-verify a downloaded
ledger export, optionally against checkpoint hashes seen published (HASH or NUMBER:HASH).

Exit status: 0 verified, 1 broken (the first broken link is printed), 2 bad input.
"""

from __future__ import annotations

import sys

from openassembly.ledger.export import ExportError, verify_export
from openassembly.ledger.verify import Anchor

USAGE = "usage: python -m openassembly.ledger verify FILE [--checkpoint HASH]..."


def main(argv: list[str]) -> int:
    """``argv[0]`` is the sub-command ("verify"), as the openassembly command passes it."""
    rest = argv[2:]
    if len(argv) < 2 or argv[0] != "verify" or len(rest) % 2 or set(rest[::2]) - {"--checkpoint"}:
        print(USAGE, file=sys.stderr)
        return 2
    path = argv[1]
    try:
        anchors = [Anchor.parse(text) for text in rest[1::2]]
    except ValueError as exc:
        print(f"{exc}", file=sys.stderr)
        return 2
    try:
        report = verify_export(path, anchors=anchors)
    except ExportError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{path}: cannot read the file ({exc.strerror or exc})", file=sys.stderr)
        return 2
    print(report.summary())
    return 0 if report.ok else 1
