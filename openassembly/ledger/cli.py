"""``python -m openassembly.ledger verify FILE``: re-verify a downloaded ledger export.

Exit status: 0 verified, 1 broken (the first broken link is printed), 2 bad input.
"""

from __future__ import annotations

import sys

from openassembly.ledger.export import ExportError, verify_export

USAGE = "usage: python -m openassembly.ledger verify FILE"


def main(argv: list[str]) -> int:
    """``argv[0]`` is the sub-command ("verify"), as the openassembly command passes it."""
    if len(argv) != 2 or argv[0] != "verify":
        print(USAGE, file=sys.stderr)
        return 2
    path = argv[1]
    try:
        report = verify_export(path)
    except ExportError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{path}: cannot read the file ({exc.strerror or exc})", file=sys.stderr)
        return 2
    print(report.summary())
    return 0 if report.ok else 1
