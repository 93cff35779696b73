"""``openassembly count`` and ``openassembly compare``: count a ballot file from the shell.

    openassembly count FILE [--method M] [--seats N] [--seed S] [--format text|json|svg]
    openassembly compare FILE --seats N [--seed S]

Exit status 0 on success, 2 on bad input (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from openassembly.counting import METHODS, count
from openassembly.counting.formats import load_file
from openassembly.counting.model import BallotFileError, CountError, Election
from openassembly.counting.render import render_matrix, render_svg, render_text

COMPARE = ["block", "fptp", "approval", "irv", "ers97", "scottish", "meek", "schulze",
           "ranked-pairs", "minimax"]
BIG_FILE = 20_000_000  # bytes; above this a progress bar is shown on a terminal


class _Fail(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Fail(message)


def _load(path: str, seats: int | None) -> Election:
    p = Path(path)
    if not p.is_file():
        raise _Fail(f"{path}: no such file")
    if p.stat().st_size > BIG_FILE and sys.stderr.isatty():
        from tqdm import tqdm

        with tqdm(total=2, desc=f"reading {p.name}", unit="step", file=sys.stderr) as bar:
            election = load_file(p, seats=seats)
            bar.update(2)
        return election
    return load_file(p, seats=seats)


def _count_cmd(argv: list[str]) -> int:
    ap = _Parser(prog="openassembly count", description="Count a ballot file.")
    ap.add_argument("file")
    ap.add_argument("--method", default="ers97", choices=list(METHODS))
    ap.add_argument("--seats", type=int, default=None)
    ap.add_argument("--seed", default="")
    ap.add_argument("--format", default="text", choices=["text", "json", "svg"])
    args = ap.parse_args(argv)
    election = _load(args.file, args.seats)
    seats = election.seats if args.seats is None else args.seats
    if args.method == "irv" and args.seats is None:
        seats = 1
    result = count(election, method=args.method, seats=seats, seed=args.seed)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), indent=1, ensure_ascii=False) + "\n")
    elif args.format == "svg":
        sys.stdout.write(render_svg(result))
    else:
        sys.stdout.write(render_text(result))
    return 0


def _compare_cmd(argv: list[str]) -> int:
    ap = _Parser(prog="openassembly compare",
                 description="Who is elected under each method, side by side.")
    ap.add_argument("file")
    ap.add_argument("--seats", type=int, required=True)
    ap.add_argument("--seed", default="")
    args = ap.parse_args(argv)
    election = _load(args.file, args.seats)
    rows: list[tuple[str, list[str]]] = []
    matrix: dict[str, dict[str, int]] = {}
    for method in COMPARE:
        seats = 1 if method == "irv" else args.seats
        try:
            result = count(election, method=method, seats=seats, seed=args.seed)
            elected, matrix = result.elected, result.pairwise or matrix
        except CountError as err:
            elected = [f"(not counted: {err})"]
        rows.append((method if seats == args.seats else f"{method} (1 seat)", elected))
    names = list(election.candidates)
    width = max(len(n) for n in [*names, "candidate"])
    heads = [m for m, _ in rows]
    print(f"{election.title or args.file} - {args.seats} seats")
    print(f"{'candidate':<{width}}  " + "  ".join(heads))
    for name in names:
        cells = []
        for head, elected in rows:
            mark = str(elected.index(name) + 1) if name in elected else "."
            cells.append(mark.center(len(head)))
        print(f"{name:<{width}}  " + "  ".join(cells))
    print("(numbers give the order of election; '.' = not elected)")
    if matrix:
        print(render_matrix(matrix))
    return 0


def main(argv: list[str]) -> int:
    """argv[0] is the sub-command name: 'count' or 'compare'."""
    if not argv:
        print("openassembly: expected 'count' or 'compare'", file=sys.stderr)
        return 2
    try:
        if argv[0] == "compare":
            return _compare_cmd(argv[1:])
        return _count_cmd(argv[1:])
    except _Fail as err:
        print(f"openassembly {argv[0]}: {err}", file=sys.stderr)
    except BallotFileError as err:
        print(f"openassembly {argv[0]}: {argv[1] if len(argv) > 1 else ''}: {err}",
              file=sys.stderr)
    except (CountError, OSError) as err:
        print(f"openassembly {argv[0]}: {err}", file=sys.stderr)
    return 2
