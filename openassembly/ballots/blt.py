"""The published ballot file: every anonymised ballot with its receipt, in BLT format.

Ballots are listed in receipt order (receipts are random, so the order says nothing about
who voted when), each as ``(RECEIPT) 1 <preferences> 0``; the ``(id)`` prefix is standard BLT
and counting programs ignore it. Blank ballots are listed too, so that their voters can find
their receipts; they hold no preference and count for nobody. A candidate who withdrew after
voting opened stays on the paper and in the file, and is named on BLT's withdrawn line
(``-2``), which every BLT counting program honours.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMAT = "openassembly.ballots/1"


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


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
    1-based positions of candidates who withdrew after voting opened."""
    out = [
        f"# {FORMAT}: anonymised ballots of {title.replace(chr(10), ' ')}",
        f"# recount: openassembly count FILE --method {method} --seats {seats} --seed {seed}",
        f"{len(labels)} {seats}",
    ]
    gone = sorted(set(withdrawn))
    if gone:
        out.append(" ".join(f"-{position}" for position in gone))
    for receipt, marks in sorted(rows):
        joiner = "=" if equal_marks else " "
        prefs = joiner.join(str(m) for m in marks)
        out.append(f"({receipt}) 1 {prefs} 0" if prefs else f"({receipt}) 1 0")
    out.append("0")
    out.extend(_quote(label) for label in labels)
    out.append(_quote(title))
    return "\n".join(out) + "\n"
