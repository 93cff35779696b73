"""``openassembly apportion``: share places among parties or groups from a CSV of votes.

    openassembly apportion FILE --seats N [--method M] [--threshold 5%] [--seed S]
                           [--format text|json]

FILE has one ``name,votes`` line per party or group (a first line ``name,votes`` or any
heading whose second cell is not a number is taken as a heading). Exit status 0 on
success, 2 on bad input (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
from fractions import Fraction
from pathlib import Path

from openassembly.counting.apportionment import (
    APPORTIONMENT_INFO,
    Apportionment,
    apportion,
    decimal,
)
from openassembly.counting.model import BallotFileError, CountError

MAX_FILE = 10_000_000  # bytes; a list of parties or local groups is never near this


class _Fail(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Fail(message)


def read_votes_csv(text: str) -> list[tuple[str, int]]:
    """Parse ``name,votes`` lines; a ``BallotFileError`` names the line of any fault."""
    rows: list[tuple[str, int]] = []
    seen: dict[str, int] = {}
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), strict=True)
    try:
        for cells in reader:
            line = reader.line_num
            if not cells or all(not c.strip() for c in cells):
                continue
            if len(cells) != 2:
                raise BallotFileError(
                    f"expected two cells, a name and its votes, found {len(cells)}", line=line)
            name, raw = cells[0].strip(), cells[1].strip()
            if not rows and not seen and not any(ch.isdigit() for ch in raw):
                # A heading such as "name,votes": only a first line whose second cell has
                # no digit at all, so a mistyped first count ("12x") is an error, not lost.
                seen[""] = line
                continue
            if not name:
                raise BallotFileError("the name is empty", line=line)
            if not raw.isdigit():
                raise BallotFileError(
                    f"votes must be a whole number, 0 or more, not {raw!r}", line=line)
            if name in seen:
                raise BallotFileError(f"{name!r} is listed twice (first on line {seen[name]})",
                                      line=line)
            seen[name] = line
            rows.append((name, int(raw)))
    except csv.Error as err:
        raise BallotFileError(f"not valid CSV: {err}", line=reader.line_num) from None
    if not rows:
        raise BallotFileError("no parties or groups listed: expected lines of name,votes")
    return rows


def parse_threshold(text: str) -> Fraction:
    """"5%", "2.5%", "1/20" or "0.05" as a share of the votes; "5" alone is refused."""
    raw = text.strip()
    try:
        if raw.endswith("%"):
            share = Fraction(raw[:-1].strip()) / 100
        else:
            share = Fraction(raw)
            if share >= 1:
                raise _Fail(f"threshold {raw!r} is not a share of the votes: "
                            f"write {raw}% for a percentage, or a fraction such as 1/20")
    except (ValueError, ZeroDivisionError):
        raise _Fail(f"threshold {raw!r} is not a number: write e.g. 5% or 1/20") from None
    if not 0 <= share < 1:
        raise _Fail(f"threshold {raw!r} must be from 0% up to (not including) 100%")
    return share


def render_apportionment(r: Apportionment) -> str:
    """A plain-text table: the quotient table (divisor methods) or quota and remainders."""
    out = [r.title, f"{r.seats} place{'s' if r.seats != 1 else ''}; "
           f"total votes {sum(r.votes)}"
           + (f"; threshold {decimal(r.threshold * 100)}%" if r.threshold else "")]
    width = max(len(p) for p in [*r.parties, "party"])
    if r.divisor_method:
        heads = [f"/{decimal(d, 1) if d.denominator != 1 else d}" for d in r.divisors]
        cells = [[decimal(q) if ok else "-" for q in qs]
                 for qs, ok in zip(r.quotients, r.qualified, strict=True)]
        taken = {(a.party, a.divisor): a.place for a in r.awards}
        for i, name in enumerate(r.parties):
            for k, d in enumerate(r.divisors):
                if (name, d) in taken:
                    cells[i][k] += f" ({taken[(name, d)]})"
    else:
        out[-1] += f"; quota {decimal(r.quota or Fraction(0), 4)}"
        heads = ["quotas", "whole", "remainder", "extra"]
        extra = {a.party: a.place for a in r.awards[sum(r.whole):]}
        cells = [[decimal(r.votes[i] / r.quota, 4) if r.qualified[i] and r.quota else "-",
                  str(r.whole[i]), decimal(r.remainders[i], 4) if r.qualified[i] else "-",
                  f"1 ({extra[name]})" if name in extra else ""]
                 for i, name in enumerate(r.parties)]
    col = [max(len(h), *(len(c[k]) for c in cells)) for k, h in enumerate(heads)]
    out.append(f"{'party':<{width}}  {'votes':>10}  "
               + "  ".join(h.rjust(col[k]) for k, h in enumerate(heads)) + "  places")
    for i, name in enumerate(r.parties):
        mark = "" if r.qualified[i] or not r.votes[i] else "  (below the threshold)"
        out.append(f"{name:<{width}}  {r.votes[i]:>10}  "
                   + "  ".join(c.rjust(col[k]) for k, c in enumerate(cells[i]))
                   + f"  {r.places[i]:>6}{mark}")
    if r.divisor_method:
        out.append("(n) after a quotient: it took the n-th place")
    else:
        out.append("(n) after an extra place: it was the n-th place given")
    for tie in r.ties:
        out.append("tie for the last place(s) between " + ", ".join(tie))
    for lot in r.lots:
        out.append(f"lot {lot.number} ({lot.purpose}): order drawn {', '.join(lot.order)}")
    if r.lots:
        out.append(f"lots seeded by the input's SHA-256 {r.digest} and seed {r.seed!r}")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    """argv[0] is 'apportion'."""
    try:
        return _run(argv[1:])
    except _Fail as err:
        print(f"openassembly apportion: {err}", file=sys.stderr)
    except BallotFileError as err:
        print(f"openassembly apportion: {argv[1] if len(argv) > 1 else ''}: {err}",
              file=sys.stderr)
    except (CountError, OSError) as err:
        print(f"openassembly apportion: {err}", file=sys.stderr)
    return 2


def _run(argv: list[str]) -> int:
    ap = _Parser(prog="openassembly apportion",
                 description="Share places in proportion to votes or membership.")
    ap.add_argument("file")
    ap.add_argument("--seats", type=int, required=True)
    ap.add_argument("--method", default="dhondt", choices=list(APPORTIONMENT_INFO))
    ap.add_argument("--threshold", default="0")
    ap.add_argument("--seed", default="")
    ap.add_argument("--format", default="text", choices=["text", "json"])
    args = ap.parse_args(argv)
    threshold = parse_threshold(args.threshold)
    path = Path(args.file)
    if not path.is_file():
        raise _Fail(f"{args.file}: no such file")
    if path.stat().st_size > MAX_FILE:
        raise _Fail(f"{args.file}: over {MAX_FILE // 1_000_000} MB; not a list of votes")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BallotFileError("not UTF-8 text") from None
    votes = read_votes_csv(text)
    result = apportion(votes, seats=args.seats, method=args.method, threshold=threshold,
                       seed=args.seed, digest=hashlib.sha256(data).hexdigest())
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), indent=1, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_apportionment(result))
    return 0
