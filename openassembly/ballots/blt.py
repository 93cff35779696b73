"""The published ballot file: every anonymised ballot with its receipt, in BLT format.

Ballots are listed in receipt order (receipts are random, so the order says nothing about
who voted when), each as ``1 <preferences> 0  # RECEIPT``: weight 1, and the receipt in a
comment, which every BLT reader skips. So droop, OpenSTV and our own reader count the file
the same way (a bracketed ballot id, ``(RECEIPT) 1 prefs 0``, which format 1 wrote, is read
by droop as the id in place of the weight, so droop counted each ballot for candidate 1).
Blank ballots are listed as a comment only, ``# RECEIPT blank``, so that their voters find
their receipts and no reader counts them for anyone. A candidate who withdrew after voting
opened stays on the paper and in the file, and is named on BLT's withdrawn line (``-2``),
which every BLT counting program honours. Candidate names must be ones every reader holds
unchanged (``counting.blt.portable_name``); the text is written by the counting package's
writer for published files (``openassembly.counting.blt.format_published``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openassembly.counting.blt import format_published

FORMAT = "openassembly.ballots/2"

_RECEIPT_LINE = re.compile(r"^(?:1 ([0-9= ]+) 0  |)# (\S+)(?: blank)?$")


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
        ballots.append((receipt, ranking))
    return format_published(
        candidates=labels,
        seats=seats,
        ballots=ballots,
        title=title,
        withdrawn=[position - 1 for position in withdrawn],
        comments=[
            f"{FORMAT}: anonymised ballots of {title}",
            f"recount: openassembly count FILE --method {method} --seats {seats}"
            + (f" --seed {seed}" if seed else ""),
            "each ballot: 1 <preferences> 0, its receipt after the #; a blank ballot: "
            "# RECEIPT blank",
        ],
    )


def receipts(text: str) -> dict[str, list[int]]:
    """Every receipt in a published file with its 1-based preferences (empty when blank), as a
    voter holding the file finds their ballot."""
    found: dict[str, list[int]] = {}
    for line in text.splitlines():
        match = _RECEIPT_LINE.match(line)
        if match:
            prefs, receipt = match.groups()
            found[receipt] = [int(c) for c in re.split(r"[ =]", prefs)] if prefs else []
    return found
