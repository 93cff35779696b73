"""The published ballot file: every anonymised ballot with its receipt, in BLT format.

Ballots are listed in receipt order (receipts are random, so the order says nothing about
who voted when), each as ``(RECEIPT) 1 <preferences> 0``, OpenSTV's form of a ballot id.
Blank ballots are listed too, so that their voters can find their receipts; they hold no
preference and count for nobody. A candidate who withdrew after voting opened stays on the
paper and in the file, and is named on BLT's withdrawn line (``-2``), which every BLT
counting program honours. The text itself is written by the counting package's one BLT
writer (``openassembly.counting.blt.format_blt``).
"""

from __future__ import annotations

from collections.abc import Iterable

from openassembly.counting.blt import format_blt

FORMAT = "openassembly.ballots/1"


def build(
    *,
    title: str,
    labels: list[str],
    seats: int,
    method: str,
    equal_marks: bool,
    seed: str,
    rows: Iterable[tuple[str, list[int]]],
    withdrawn: Iterable[int] = (),
) -> str:
    """BLT text for ``rows`` of (receipt, 1-based choice positions); ``withdrawn`` holds the
    1-based positions of candidates who withdrew after voting opened. With ``equal_marks``
    (approval) a ballot's marks are one group ranked equally."""
    ballots = []
    for receipt, marks in sorted(rows):
        positions = [m - 1 for m in marks]
        ranking = (tuple(positions),) if equal_marks and len(positions) > 1 else tuple(positions)
        ballots.append((receipt, ranking, 1))
    return format_blt(
        candidates=labels,
        seats=seats,
        ballots=ballots,
        title=title,
        withdrawn=[position - 1 for position in withdrawn],
        comments=[
            f"{FORMAT}: anonymised ballots of {title.replace(chr(10), ' ')}",
            f"recount: openassembly count FILE --method {method} --seats {seats} --seed {seed}",
        ],
    )
