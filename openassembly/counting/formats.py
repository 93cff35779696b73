"""CSV and JSON ballot formats, and loading any supported file by its extension.

CSV (one ballot per row, candidates by name, most preferred first)::

    candidates,Alice,Bob,Carol        <- optional: lists every candidate, in ballot order
    weight,1,2,3                      <- optional header; without it rows have no weight
    3,Alice,Carol,
    1,Bob=Carol,,                     <- "=" ranks candidates equally

JSON::

    {"format": "openassembly.ballots/1", "title": "...", "seats": 2,
     "candidates": ["Alice", "Bob"], "withdrawn": ["Bob"],
     "ballots": [{"ranking": ["Alice", ["Bob", "Carol"]], "weight": 3}]}
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from openassembly.counting.blt import read_blt
from openassembly.counting.model import BallotFileError, Election

JSON_FORMAT = "openassembly.ballots/1"


def read_csv(text: str, *, seats: int = 1, title: str = "") -> Election:
    reader = csv.reader(io.StringIO(text))
    candidates: list[str] = []
    declared = False
    weighted = False
    rows: list[tuple[int, list[str], int]] = []
    for row in reader:
        line = reader.line_num
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        head = cells[0].lower()
        if head == "candidates" and not rows and not declared:
            candidates = [c for c in cells[1:] if c]
            if len(set(candidates)) != len(candidates):
                raise BallotFileError("a candidate is listed twice", line=line)
            declared = True
            continue
        if head == "weight" and not rows:
            weighted = True
            continue
        weight = 1
        if weighted:
            try:
                weight = int(cells[0])
            except ValueError:
                raise BallotFileError(
                    f"expected a whole-number weight in the first column, found {cells[0]!r}",
                    line=line,
                ) from None
            if weight < 0:
                raise BallotFileError("a weight cannot be negative", line=line)
            cells = cells[1:]
        rows.append((line, cells, weight))
    index = {name: i for i, name in enumerate(candidates)}
    ballots: list[tuple[tuple[Any, ...], int]] = []
    for line, cells, weight in rows:
        ranking: list[Any] = []
        seen: set[int] = set()
        for cell in cells:
            if not cell:
                continue
            group: list[int] = []
            for name in (p.strip() for p in cell.split("=")):
                if name not in index:
                    if declared:
                        raise BallotFileError(f"unknown candidate {name!r}", line=line)
                    index[name] = len(candidates)
                    candidates.append(name)
                c = index[name]
                if c in seen:
                    raise BallotFileError(f"{name!r} is ranked twice", line=line)
                seen.add(c)
                group.append(c)
            ranking.append(group[0] if len(group) == 1 else tuple(sorted(group)))
        if ranking and weight:
            ballots.append((tuple(ranking), weight))
    if not candidates:
        raise BallotFileError("the file names no candidates")
    return Election.from_rankings(candidates, ballots, seats=seats, title=title)


def write_csv(election: Election) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    names = election.candidates
    for name in names:
        # read_csv strips each cell and splits a cell on "=" for equal ranks, so a name it
        # would read back differently is refused rather than written.
        if not name or name != name.strip() or "=" in name:
            raise BallotFileError(
                f"candidate name {name!r} cannot be written to a CSV ballot file (no '=', no "
                "blank at either end); use the BLT or JSON format")
    w.writerow(["candidates", *names])
    longest = max((len(r) for r, _ in election.ballots), default=0)
    w.writerow(["weight", *range(1, longest + 1)])
    for ranking, weight in election.ballots:
        cells = [
            "=".join(names[c] for c in x) if isinstance(x, tuple) else names[x] for x in ranking
        ]
        w.writerow([weight, *cells])
    return out.getvalue()


def read_json(text: str) -> Election:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise BallotFileError(f"not valid JSON: {err.msg}", line=err.lineno) from None
    if not isinstance(doc, dict):
        raise BallotFileError("the JSON document must be an object")
    candidates = doc.get("candidates")
    if not isinstance(candidates, list) or not all(isinstance(c, str) for c in candidates):
        raise BallotFileError("key 'candidates' must be a list of names")
    if len(set(candidates)) != len(candidates):
        raise BallotFileError("key 'candidates' lists a name twice")
    index = {name: i for i, name in enumerate(candidates)}
    seats = doc.get("seats", 1)
    if not isinstance(seats, int) or seats < 0:
        raise BallotFileError("key 'seats' must be a whole number")
    withdrawn = []
    for i, name in enumerate(doc.get("withdrawn", [])):
        if name not in index:
            raise BallotFileError(f"withdrawn[{i}]: unknown candidate {name!r}")
        withdrawn.append(index[name])
    ballots_doc = doc.get("ballots")
    if not isinstance(ballots_doc, list):
        raise BallotFileError("key 'ballots' must be a list")
    ballots: list[tuple[tuple[Any, ...], int]] = []
    for i, b in enumerate(ballots_doc):
        where = f"ballots[{i}]"
        if isinstance(b, list):
            b = {"ranking": b}
        if not isinstance(b, dict) or not isinstance(b.get("ranking"), list):
            raise BallotFileError(f"{where}: expected an object with a 'ranking' list")
        weight = b.get("weight", 1)
        if not isinstance(weight, int) or isinstance(weight, bool) or weight < 0:
            raise BallotFileError(f"{where}.weight: expected a whole number >= 0")
        ranking: list[Any] = []
        seen: set[int] = set()
        for j, item in enumerate(b["ranking"]):
            group_names = item if isinstance(item, list) else [item]
            group: list[int] = []
            for name in group_names:
                if name not in index:
                    raise BallotFileError(f"{where}.ranking[{j}]: unknown candidate {name!r}")
                if index[name] in seen:
                    raise BallotFileError(f"{where}.ranking[{j}]: {name!r} is ranked twice")
                seen.add(index[name])
                group.append(index[name])
            if group:
                ranking.append(group[0] if len(group) == 1 else tuple(sorted(group)))
        if ranking and weight:
            ballots.append((tuple(ranking), weight))
    return Election.from_rankings(
        candidates, ballots, seats=seats, withdrawn=withdrawn, title=str(doc.get("title", ""))
    )


def write_json(election: Election) -> str:
    names = election.candidates
    ballots = [
        {
            "ranking": [
                [names[c] for c in x] if isinstance(x, tuple) else names[x] for x in ranking
            ],
            "weight": weight,
        }
        for ranking, weight in election.ballots
    ]
    doc = {
        "format": JSON_FORMAT,
        "title": election.title,
        "seats": election.seats,
        "candidates": names,
        "withdrawn": [names[c] for c in sorted(election.withdrawn)],
        "ballots": ballots,
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def load_file(path: str | Path, *, seats: int | None = None) -> Election:
    """Read a .blt, .csv or .json ballot file; the election keeps the file's SHA-256."""
    p = Path(path)
    data = p.read_bytes()
    suffix = p.suffix.lower()
    if suffix == ".blt":
        election = read_blt(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise BallotFileError("the file is not valid UTF-8", line=line) from None
        if suffix == ".csv":
            election = read_csv(text, seats=seats or 1, title=p.stem)
        elif suffix == ".json":
            election = read_json(text)
        else:
            raise BallotFileError(f"unknown ballot file type {suffix!r} (use .blt, .csv or .json)")
        election.source_digest = hashlib.sha256(data).hexdigest()
    if seats is not None:
        election.seats = seats
    return election
