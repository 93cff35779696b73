"""Read and write BLT ballot files (the format of OpenSTV, OpaVote, eSTV and Hill's Meek).

Layout: an optional ``#`` comment block; ``<candidates> <seats>``; an optional line of
withdrawn candidates as negative numbers (``-3 -4``); one line per ballot,
``<weight> <pref> <pref> ... 0`` (a ballot id in parentheses may lead the line, ``-``
marks a skipped preference, ``2=5`` ranks 2 and 5 equally); a line ``0``; one quoted
candidate name per line; a quoted title.

Speed: identical ballot lines are counted as raw bytes before any of them is converted,
so a file of a million ballots costs one pass of ``bytes.split`` plus work per *distinct*
line. A file that fails to parse raises ``BallotFileError`` naming the line; nothing from
it is counted.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from typing import Any

from openassembly.counting.model import BallotFileError, Election

_END = re.compile(rb"^[ \t]*0[ \t]*\r?$", re.M)
_SEVERAL = re.compile(r'^"[^"]*"(\s+"[^"]*")+$')


def read_blt(text: str | bytes) -> Election:
    """Parse BLT text (str or bytes) into an ``Election`` with ballots grouped."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    pos, lineno = 0, 0
    header: list[bytes] | None = None
    withdrawn: set[int] = set()
    n = seats = 0
    # Header: skip comments and blank lines, read "<candidates> <seats>", then withdrawals.
    while pos < len(data):
        nl = data.find(b"\n", pos)
        nl = len(data) if nl < 0 else nl
        raw = data[pos:nl].strip()
        lineno += 1
        nxt = nl + 1
        if not raw or raw.startswith(b"#"):
            pos = nxt
            continue
        if header is None:
            header = raw.split()
            if len(header) != 2 or not all(t.isdigit() for t in header):
                raise BallotFileError(
                    f"expected '<number of candidates> <number of seats>', found {_show(raw)}",
                    line=lineno,
                )
            n, seats = int(header[0]), int(header[1])
            if n < 1:
                raise BallotFileError("the number of candidates must be at least 1", line=lineno)
            pos = nxt
            continue
        if raw.startswith(b"-"):
            for tok in raw.split():
                try:
                    c = -int(tok)
                except ValueError:
                    c = 0
                if not 1 <= c <= n:
                    raise BallotFileError(
                        f"withdrawn candidate {_show(tok)} is not -1 .. -{n}", line=lineno
                    )
                withdrawn.add(c - 1)
            pos = nxt
            lineno_ballots = lineno
        else:
            lineno_ballots = lineno - 1
        break
    else:
        lineno_ballots = lineno
    if header is None:
        raise BallotFileError("the file has no '<candidates> <seats>' line")

    end = _END.search(data, pos)
    if end is None:
        raise BallotFileError("the ballots are not closed by a line holding just 0")
    section = data[pos : end.start()]
    counts = Counter(section.split(b"\n"))
    grouped: dict[tuple[Any, ...], int] = {}
    # Candidate tokens as written, to their 0-based index: a dict lookup per token is the
    # cheapest check that it is a whole number in range.
    index = {str(c).encode(): c - 1 for c in range(1, n + 1)}
    for raw_line, times in counts.items():
        line = raw_line.strip()
        if not line or line.startswith(b"#"):
            continue
        try:
            ranking, weight = _ballot(line, n, index)
        except BallotFileError as err:
            offset = section.split(b"\n").index(raw_line)
            raise BallotFileError(err.reason, line=lineno_ballots + 1 + offset) from None
        if weight and ranking:
            grouped[ranking] = grouped.get(ranking, 0) + weight * times
    end_line = lineno_ballots + section.count(b"\n") + 1
    names, title = _names(data[end.end() :], n, end_line)
    return Election(
        candidates=names,
        ballots=list(grouped.items()),
        seats=seats,
        withdrawn=frozenset(withdrawn),
        title=title,
        source_digest=digest,
    )


def _show(raw: bytes) -> str:
    return repr(raw.decode("utf-8", "replace")[:60])


def _ballot(line: bytes, n: int, index: dict[bytes, int]) -> tuple[tuple[Any, ...], int]:
    # Fast path for the plain "<weight> <pref> ... 0" line; anything unusual, or wrong,
    # goes through the careful path below, which names what is wrong.
    tokens = line.split()
    if len(tokens) >= 2 and tokens[-1] == b"0" and tokens[0].isdigit():
        try:
            prefs = tuple([index[t] for t in tokens[1:-1]])
        except KeyError:
            prefs = None
        if prefs is not None and len(set(prefs)) == len(prefs):
            return prefs, int(tokens[0])
    return _ballot_checked(line, n)


def _ballot_checked(line: bytes, n: int) -> tuple[tuple[Any, ...], int]:
    parts = line.split()
    if parts[0].startswith(b"("):
        parts = parts[1:]
        if not parts:
            raise BallotFileError("a ballot id must be followed by a weight")
    try:
        weight = int(parts[0])
    except ValueError:
        raise BallotFileError(
            f"expected a whole-number ballot weight, found {_show(parts[0])}"
        ) from None
    if weight < 0:
        raise BallotFileError(f"a ballot weight cannot be negative ({weight})")
    if len(parts) < 2 or parts[-1] != b"0":
        raise BallotFileError("a ballot line must end with 0")
    seen: set[int] = set()
    ranking: list[Any] = []
    for tok in parts[1:-1]:
        if tok == b"-":
            continue
        group: list[int] = []
        for sub in tok.split(b"="):
            try:
                c = int(sub)
            except ValueError:
                raise BallotFileError(
                    f"expected a candidate number 1 .. {n}, found {_show(tok)}"
                ) from None
            if not 1 <= c <= n:
                raise BallotFileError(f"candidate number {c} is not between 1 and {n}")
            if c in seen:
                raise BallotFileError(f"candidate {c} is ranked twice on one ballot")
            seen.add(c)
            group.append(c - 1)
        ranking.append(group[0] if len(group) == 1 else tuple(sorted(group)))
    return tuple(ranking), weight


def _names(tail: bytes, n: int, first_line: int) -> tuple[list[str], str]:
    try:
        text = tail.decode("utf-8")
    except UnicodeDecodeError as err:
        line = first_line + tail[: err.start].count(b"\n")
        raise BallotFileError("candidate names are not valid UTF-8", line=line) from None
    names: list[str] = []
    title = ""
    have_title = False
    for i, raw in enumerate(text.split("\n")):
        lineno = first_line + i
        s = raw.strip()
        if not s or s.startswith("#"):
            continue
        if have_title:
            raise BallotFileError(f"unexpected text after the title: {s[:60]!r}", line=lineno)
        if len(s) < 2 or not (s.startswith('"') and s.endswith('"')):
            what = f"candidate name {len(names) + 1} of {n}" if len(names) < n else "the title"
            raise BallotFileError(f"expected {what} in double quotes, found {s[:60]!r}",
                                  line=lineno)
        if _SEVERAL.match(s) and len(names) < n:
            raise BallotFileError(
                "several quoted names on one line; write one candidate name per line",
                line=lineno,
            )
        value = s[1:-1].replace('""', '"').strip()
        if len(names) < n:
            if not value:
                raise BallotFileError(f"candidate name {len(names) + 1} is empty", line=lineno)
            if value in names:
                raise BallotFileError(f"candidate name {value!r} appears twice", line=lineno)
            names.append(value)
        else:
            title, have_title = value, True
    if len(names) < n:
        raise BallotFileError(
            f"expected {n} candidate names after the ballots, found {len(names)}"
        )
    return names, title


def _quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def write_blt(election: Election) -> str:
    """Write an election as BLT text; ``read_blt(write_blt(e))`` gives the same election."""
    out = [f"{len(election.candidates)} {election.seats}"]
    if election.withdrawn:
        out.append(" ".join(f"-{c + 1}" for c in sorted(election.withdrawn)))
    for ranking, weight in election.ballots:
        prefs = " ".join(
            "=".join(str(c + 1) for c in x) if isinstance(x, tuple) else str(x + 1)
            for x in ranking
        )
        out.append(f"{weight} {prefs} 0" if prefs else f"{weight} 0")
    out.append("0")
    out.extend(_quote(name) for name in election.candidates)
    out.append(_quote(election.title))
    return "\n".join(out) + "\n"
