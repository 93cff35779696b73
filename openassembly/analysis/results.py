"""Constituency results: reading, validating and holding them.

Two file formats are read:

* ``hocl``: the House of Commons Library constituency summary (one row per seat, one
  column per party, with ``first_party``, ``second_party``, ``valid_votes`` and
  ``majority``). The vote columns are every column after ``majority``.
* ``long``: one row per candidate, columns ``constituency, area, party, votes`` and an
  optional ``valid_votes`` (the seat's total, repeated on each of its rows). ``area`` is
  both the nation and the region of the seat, so ``--nations`` and ``--regions`` filters
  both match it.

Nothing is returned from a file with any problem: validation collects every problem,
then raises one ``ResultsError`` that names the first (with its line number).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

from openassembly.analysis.errors import ResultsError

Format = Literal["auto", "hocl", "long"]

# The Library names vote columns in lower case; its first_party/second_party columns
# use these codes, so a winner can be matched to its column.
HOCL_PARTY_CODES = {
    "con": "Con",
    "lab": "Lab",
    "ld": "LD",
    "ukip": "UKIP",
    "green": "Green",
    "snp": "SNP",
    "pc": "PC",
    "dup": "DUP",
    "sf": "SF",
    "sdlp": "SDLP",
    "uup": "UUP",
    "alliance": "Alliance",
    "brexit": "Brexit",
    "other": "Other",
}
# "Other" pools every remaining candidate, so it is never one party: it can be neither
# an alliance member nor a winner found by comparing columns.
POOLED_OTHERS = "Other"
# Later Library files carry text columns after the votes; they are not votes.
HOCL_NON_VOTE_COLUMNS = {"other_winner"}
HOCL_REQUIRED = (
    "ons_id",
    "constituency_name",
    "region_name",
    "country_name",
    "first_party",
    "second_party",
    "valid_votes",
    "majority",
)
LONG_REQUIRED = ("constituency", "area", "party", "votes")

DATASETS = {"ge2015": "ge2015.csv"}


@dataclass(frozen=True)
class Constituency:
    """One seat's result. ``votes`` holds every party column, zeros included."""

    name: str
    code: str
    nation: str
    region: str
    votes: dict[str, int]
    winner: str
    winner_votes: int
    runner_up: str
    majority: int
    valid_votes: int
    line: int

    def votes_for(self, party: str) -> int:
        return self.votes.get(party, 0)


@dataclass(frozen=True)
class ResultSet:
    """A validated results file. ``sha256`` is of the file's bytes as read."""

    name: str
    format: str
    sha256: str
    constituencies: tuple[Constituency, ...]
    parties: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.constituencies)

    @property
    def nations(self) -> tuple[str, ...]:
        return tuple(sorted({c.nation for c in self.constituencies}))

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(sorted({c.region for c in self.constituencies}))

    @property
    def alliance_parties(self) -> tuple[str, ...]:
        """Parties that can be in an alliance (the pooled "Other" column cannot)."""
        return tuple(p for p in self.parties if p != POOLED_OTHERS)

    def find(self, key: str) -> Constituency | None:
        """A seat by name (any case) or by its code."""
        wanted = key.strip().casefold()
        for c in self.constituencies:
            if c.name.casefold() == wanted or (c.code and c.code.casefold() == wanted):
                return c
        return None

    def party_totals(self) -> dict[str, int]:
        totals = dict.fromkeys(self.parties, 0)
        for c in self.constituencies:
            for party, n in c.votes.items():
                totals[party] += n
        return totals


def dataset_path(name: str) -> Path:
    """The shipped copy of a named data set (see ``data/README.md``)."""
    if name not in DATASETS:
        raise ResultsError(f"unknown data set {name!r} (known: {', '.join(sorted(DATASETS))})")
    return Path(str(resources.files("openassembly.analysis").joinpath("data", DATASETS[name])))


def load_dataset(name: str) -> ResultSet:
    return load_results(dataset_path(name), name=name)


def load_results(
    source: str | os.PathLike[str] | bytes,
    *,
    format: Format = "auto",
    name: str | None = None,
) -> ResultSet:
    """Read a results file from a path, or from its bytes (an upload)."""
    if isinstance(source, bytes):
        return parse_results(source, format=format, name=name or "upload")
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ResultsError(f"cannot read results file {str(path)!r}: {exc.strerror}") from None
    return parse_results(data, format=format, name=name or path.name)


def parse_results(data: bytes | str, *, format: Format = "auto", name: str = "upload") -> ResultSet:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ResultsError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ResultsError(f"{name}: the file is empty") from None
    except csv.Error as exc:
        raise ResultsError(f"{name}: line 1: {exc}") from None
    fmt = _detect(header, name) if format == "auto" else format
    if fmt == "hocl":
        seats, parties = _read_hocl(reader, header, name)
    elif fmt == "long":
        seats, parties = _read_long(reader, header, name)
    else:
        raise ResultsError(f"unknown results format {format!r} (use auto, hocl or long)")
    if not seats:
        raise ResultsError(f"{name}: no constituencies in the file")
    return ResultSet(
        name=name, format=fmt, sha256=digest, constituencies=tuple(seats), parties=parties
    )


def _detect(header: list[str], name: str) -> str:
    cols = {h.casefold() for h in header}
    if {"constituency_name", "first_party", "valid_votes"} <= cols:
        return "hocl"
    if set(LONG_REQUIRED) <= cols:
        return "long"
    raise ResultsError(
        f"{name}: line 1: header is neither the Commons Library summary format nor the "
        f"long format (constituency, area, party, votes): {', '.join(header[:6])}"
    )


class _Problems:
    """Collects every problem so the error can say how many there are."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[str] = []

    def add(self, line: int, message: str) -> None:
        self.items.append(f"{self.name}: line {line}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            more = len(self.items) - 1
            suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
            raise ResultsError(self.items[0] + suffix, problems=self.items)


def _count(value: str, column: str, line: int, problems: _Problems) -> int | None:
    text = value.strip().replace(",", "") if value else ""
    if text == "":
        text = "0" if column not in {"valid_votes", "votes", "majority"} else ""
    if not (text.isascii() and text.isdigit()):
        problems.add(line, f"{column} is {value!r}, not a whole number of votes")
        return None
    return int(text)


def _rows(reader, problems: _Problems, width: int):
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != width:
                problems.add(reader.line_num, f"{len(row)} fields where the header has {width}")
                continue
            yield reader.line_num, row
    except csv.Error as exc:
        problems.add(reader.line_num, str(exc))


def _read_hocl(reader, header: list[str], name: str):
    problems = _Problems(name)
    lower = [h.casefold() for h in header]
    missing = [c for c in HOCL_REQUIRED if c not in lower]
    if missing:
        raise ResultsError(f"{name}: line 1: missing column(s) {', '.join(missing)}")
    start = lower.index("majority") + 1
    vote_cols = [i for i in range(start, len(lower)) if lower[i] not in HOCL_NON_VOTE_COLUMNS]
    if not vote_cols:
        raise ResultsError(f"{name}: line 1: no vote columns after 'majority'")
    parties = tuple(HOCL_PARTY_CODES.get(lower[i], header[i]) for i in vote_cols)
    col = {c: lower.index(c) for c in HOCL_REQUIRED}
    seats: list[Constituency] = []
    seen: dict[str, int] = {}
    for line, row in _rows(reader, problems, len(header)):
        seat_name = row[col["constituency_name"]].strip()
        if not seat_name:
            problems.add(line, "constituency_name is empty")
            continue
        if seat_name.casefold() in seen:
            problems.add(line, f"{seat_name} already appears on line {seen[seat_name.casefold()]}")
            continue
        seen[seat_name.casefold()] = line
        votes = {}
        for party, i in zip(parties, vote_cols, strict=True):
            votes[party] = _count(row[i], header[i], line, problems)
        valid = _count(row[col["valid_votes"]], "valid_votes", line, problems)
        majority = _count(row[col["majority"]], "majority", line, problems)
        if None in votes.values() or valid is None or majority is None:
            continue
        total = sum(votes.values())
        if total != valid:
            problems.add(
                line,
                f"{seat_name}: party votes add up to {total:,} but valid_votes is {valid:,} "
                f"(difference {total - valid:+,})",
            )
            continue
        first = row[col["first_party"]].strip()
        second = row[col["second_party"]].strip()
        winner_votes = _hocl_winner_votes(seat_name, votes, first, second, majority)
        if isinstance(winner_votes, str):
            problems.add(line, winner_votes)
            continue
        seats.append(
            Constituency(
                name=seat_name,
                code=row[col["ons_id"]].strip(),
                nation=row[col["country_name"]].strip(),
                region=row[col["region_name"]].strip(),
                votes=votes,
                winner=first,
                winner_votes=winner_votes,
                runner_up=second,
                majority=majority,
                valid_votes=valid,
                line=line,
            )
        )
    problems.raise_if_any()
    return seats, parties


def _hocl_winner_votes(
    seat: str, votes: dict[str, int], first: str, second: str, majority: int
) -> int | str:
    """The winner's votes, or a problem message.

    A winner outside the named parties (the Speaker, an independent) is inside the pooled
    "Other" column with other candidates, so their votes come from the runner-up's votes
    plus the published majority.
    """
    named = {p: v for p, v in votes.items() if p != POOLED_OTHERS}
    if first in named:
        top = max(named.values())
        if named[first] != top:
            return f"{seat}: first_party is {first} with {named[first]:,} votes but another party has {top:,}"  # noqa: E501
        if second in named and named[first] - named[second] != majority:
            return (
                f"{seat}: majority is {majority:,} but {first} minus {second} is "
                f"{named[first] - named[second]:,}"
            )
        return named[first]
    if second in named:
        winner_votes = named[second] + majority
        if winner_votes > votes.get(POOLED_OTHERS, 0) or winner_votes < max(named.values()):
            return f"{seat}: {first}'s votes ({winner_votes:,}, runner-up plus majority) do not fit the other columns"  # noqa: E501
        return winner_votes
    return f"{seat}: neither first_party {first!r} nor second_party {second!r} has a vote column"


@dataclass
class _LongSeat:
    """One seat's rows gathered from a long-format file while reading it."""

    name: str
    area: str
    line: int
    votes: dict[str, int] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    valid: int | None = None


def _read_long(reader, header: list[str], name: str):
    problems = _Problems(name)
    lower = [h.casefold() for h in header]
    missing = [c for c in LONG_REQUIRED if c not in lower]
    if missing:
        raise ResultsError(f"{name}: line 1: missing column(s) {', '.join(missing)}")
    col = {c: lower.index(c) for c in LONG_REQUIRED}
    valid_col = lower.index("valid_votes") if "valid_votes" in lower else None
    groups: dict[str, _LongSeat] = {}  # keyed by case-folded seat name
    parties: dict[str, None] = {}  # insertion-ordered set
    for line, row in _rows(reader, problems, len(header)):
        seat_name, area = row[col["constituency"]].strip(), row[col["area"]].strip()
        party = row[col["party"]].strip()
        if not seat_name or not party:
            problems.add(line, "constituency and party must not be empty")
            continue
        votes = _count(row[col["votes"]], "votes", line, problems)
        valid = None
        if valid_col is not None and row[valid_col].strip():
            valid = _count(row[valid_col], "valid_votes", line, problems)
        if votes is None:
            continue
        group = groups.setdefault(seat_name.casefold(), _LongSeat(seat_name, area, line))
        if group.area != area:
            problems.add(line, f"{seat_name} is in area {group.area!r} on line {group.line}")
            continue
        if party in group.votes:
            problems.add(
                line, f"{seat_name}: {party} already has a row on line {group.lines[party]}"
            )
            continue
        if valid is not None:
            if group.valid is not None and group.valid != valid:
                problems.add(
                    line, f"{seat_name}: valid_votes {valid:,} differs from {group.valid:,}"
                )
                continue
            group.valid = valid
        group.votes[party] = votes
        group.lines[party] = line
        parties[party] = None
    seats = []
    for group in groups.values():
        seat_name, area, line, votes, valid = (
            group.name,
            group.area,
            group.line,
            group.votes,
            group.valid,
        )
        total = sum(votes.values())
        if valid is not None and total != valid:
            problems.add(
                line,
                f"{seat_name}: party votes add up to {total:,} but valid_votes is {valid:,} "
                f"(difference {total - valid:+,})",
            )
            continue
        ranked = sorted(votes.items(), key=lambda pv: -pv[1])
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            problems.add(
                line,
                f"{seat_name}: {ranked[0][0]} and {ranked[1][0]} tie for first with "
                f"{ranked[0][1]:,} votes; the file cannot say who won",
            )
            continue
        runner = ranked[1] if len(ranked) > 1 else ("", 0)
        seats.append(
            Constituency(
                name=seat_name,
                code="",
                nation=area,
                region=area,
                votes=votes,
                winner=ranked[0][0],
                winner_votes=ranked[0][1],
                runner_up=runner[0],
                majority=ranked[0][1] - runner[1],
                valid_votes=total,
                line=line,
            )
        )
    problems.raise_if_any()
    return seats, tuple(parties)
