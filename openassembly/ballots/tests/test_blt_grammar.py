"""The published ballot file read by the grammars of droop and OpenSTV, as the result page
tells people to re-count it, pinned by golden files.

The two readers below follow each program's BLT reader as published, written here from those
sources' rules, not copied, so the tests show what each program would count from our file:

- OpenSTV 1.7's ``BltBallotLoader`` reads line by line. A line that is blank or starts with
  ``#`` is skipped; ``<candidates> <seats>``; an optional withdrawn line ``-n -m``; ballots
  ``<weight> <prefs> 0`` with an optional trailing ``# comment``, or, when the *first* ballot
  line has one, ``(ID) 1 <prefs> 0`` for every ballot; a line that starts with ``0`` ends the
  ballots; then one ``"name"`` per line matching ``"([^"]+)"`` and a ``"title"``.
- droop's ``ElectionProfile`` reads a stream of whitespace-separated tokens from the file's
  lines. Outside a quoted string a token starting ``#`` ends the line and ``/* ... */`` is a
  comment; before the ballots come ``[option ...]`` lines and withdrawn ``-n``; a ballot is a
  weight, or a ``(ID)`` that stands *in place of* the weight, then candidate numbers (``=``
  for equal ranks), then ``0``; empty ballots are dropped, and a file whose ballot ids do
  not number its non-empty ballots is refused; a weight ``0`` ends the ballots; each quoted
  name is its tokens joined by one space with the quotes stripped; then the quoted title.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openassembly.ballots import blt
from openassembly.counting import method_info, read_blt

GOLDEN = Path(__file__).parent / "golden"


class Refused(Exception):
    """The program would refuse the file."""


# --- OpenSTV ---

_BLANK = re.compile(r"^\s*(?:#.*)?$")
_SIZES = re.compile(r"^\s*(\d+)\s+(\d+)\s*(?:#.*)?$")
_WITHDRAWN = re.compile(r"^\s*(-\d+(?:\s+-\d+)*)\s*(?:#.*)?$")
_BALLOT = re.compile(r"^\s*(\d+(?:\s+[\d\-=]+)*)\s+0\s*(?:#.*)?$")
_ID_BALLOT = re.compile(r"^\s*\(([^\)]+)\)\s+(\d+(?:\s+[\d\-=]+)*)\s+0\s*(?:#.*)?$")
_END = re.compile(r"\s*0\s*(?:#.*)?")
_STRING = re.compile(r'^\s*"([^"]+)"\s*(?:#.*)?$')


def _openstv_prefs(items):
    return tuple(tuple(int(c) for c in p.split("=")) if "=" in p else int(p) for p in items
                 if p != "-")


def openstv_read(text):
    """(candidates, seats, withdrawn, ballots, names, title), every ballot as OpenSTV holds it
    (an empty ballot stays in its list)."""
    lines = iter(text.split("\n"))

    def line():
        for ln in lines:
            if not _BLANK.match(ln):
                return ln
        raise Refused("OpenSTV: unexpected end of file")

    m = _SIZES.match(line())
    if not m:
        raise Refused("OpenSTV: first line is not <candidates> <seats>")
    ncand, seats = int(m.group(1)), int(m.group(2))
    ln = line()
    withdrawn = []
    if _WITHDRAWN.match(ln):
        withdrawn = [-int(x) for x in ln.split()]
        ln = line()
    custom_ids = _ID_BALLOT.match(ln) is not None
    ballots = []
    while not _END.match(ln):
        if custom_ids:
            m = _ID_BALLOT.match(ln)
            if not m or m.group(2).split()[0] != "1":
                raise Refused(f"OpenSTV: cannot process {ln!r}")
            ballots.append(_openstv_prefs(m.group(2).split()[1:]))
        else:
            m = _BALLOT.match(ln)
            if not m:
                raise Refused(f"OpenSTV: cannot process {ln!r}")
            weight, *prefs = m.group(1).split()
            ballots.extend([_openstv_prefs(prefs)] * int(weight))
        ln = line()
    names = []
    for _ in range(ncand):
        m = _STRING.match(line())
        if not m:
            raise Refused("OpenSTV: a candidate name is not a quoted string")
        names.append(m.group(1))
    m = _STRING.match(line())
    if not m:
        raise Refused("OpenSTV: the title is not a quoted string")
    return ncand, seats, withdrawn, ballots, names, m.group(1)


# --- droop ---

def _droop_tokens(text):
    in_comment = 0
    in_quote = False
    for ln in text.splitlines():
        for tok in ln.split():
            if not in_comment and tok.startswith('"'):
                in_quote = True
            if in_quote and tok.endswith('"'):
                in_quote = False
                yield tok
                continue
            if not in_quote and tok.startswith("/*"):
                in_comment += 1
            if in_comment:
                if tok.endswith("*/"):
                    in_comment -= 1
                continue
            if not in_quote and tok.startswith("#"):
                break
            yield tok


def _droop_string(first, toks):
    if not first.startswith('"'):
        raise Refused(f"droop: expected a quoted string, found {first!r}")
    s = first
    while not s.endswith('"'):
        s += " " + next(toks)
    return s


def droop_read(text):
    """(candidates, seats, withdrawn, ballots, names, title) as droop holds them."""
    toks = _droop_tokens(text)
    try:
        ncand, seats = int(next(toks)), int(next(toks))
        withdrawn = []
        tok = next(toks)
        while True:
            if tok.startswith("["):
                while not tok.endswith("]"):
                    tok = next(toks)
            elif tok.startswith("("):
                break
            elif re.fullmatch(r"-?\d+", tok):
                if int(tok) >= 0:
                    break
                withdrawn.append(-int(tok))
            else:
                raise Refused(f"droop: bad item {tok!r} before the ballots")
            tok = next(toks)
        ballots, ids = [], set()
        while True:
            if tok.startswith("("):
                bid = tok
                while not bid.endswith(")"):
                    bid += " " + next(toks)
                if bid in ids:
                    raise Refused(f"droop: duplicate ballot ID {bid}")
                ids.add(bid)
                weight = 1
            elif re.fullmatch(r"\d+", tok):
                weight = int(tok)
            else:
                raise Refused(f"droop: bad item {tok!r}; expected a number")
            if not weight:
                break
            ranking = []
            while (tok := next(toks)) != "0":
                parts = tok.split("=")
                if not all(re.fullmatch(r"\d+", c) and 1 <= int(c) <= ncand for c in parts):
                    raise Refused(f"droop: bad candidate ID {tok}")
                ranking.append(int(parts[0]) if len(parts) == 1 else tuple(map(int, parts)))
            if ranking:
                ballots.extend([tuple(ranking)] * weight)
            tok = next(toks)
        if ids and len(ids) != len(ballots):
            raise Refused(f"droop: number of ballot IDs ({len(ids)}) does not match number "
                          f"of ballots ({len(ballots)})")
        names = [_droop_string(next(toks), toks).strip('"') for _ in range(ncand)]
        title = _droop_string(next(toks), toks).strip('"').strip(" ")
    except StopIteration:
        raise Refused("droop: unexpected end of file") from None
    return ncand, seats, withdrawn, ballots, names, title


# --- the published file ---

RECEIPTS = ["0K3N6W2RFX8A1B9C", "2HH7T0QJ4M5P6R1D", "4ZB8C3V2N1X0LKJE", "6PQRS7TUV8WXY9ZA",
            "8MNB7VCX6ZLK5JHB", "9ASDF8GHJ7KLQW6C", "BQWE9RTY8UIO7P6D", "DZXC5VBN4M3L2K1E"]
RANKED = ([1, 2, 3], [2, 1], [3], [], [1, 3], [2, 3, 1], [3, 2], [1])


def _ranked():
    return blt.build(title='Committee "2026"', labels=["Ada Abbot", "Bram Bryn", "Cy Cole"],
                     seats=2, method="scottish", equal_marks=False, seed="s33d",
                     rows=list(zip(RECEIPTS, RANKED, strict=True)), withdrawn=[3])


def _approval():
    return blt.build(title="Approve the panel", labels=["Ann", "Bo", "Cy"], seats=2,
                     method="approval", equal_marks=True, seed="",
                     rows=[(RECEIPTS[0], [3, 1]), (RECEIPTS[1], [2]), (RECEIPTS[2], [])])


def _canon(ballots):
    """Ballots in one order, equal-ranked groups as sorted tuples, for comparing readers."""
    return sorted((tuple(c if isinstance(c, int) else tuple(sorted(c)) for c in b)
                   for b in ballots), key=repr)


def _ours(text):
    election = read_blt(text)
    return _canon(tuple(c + 1 if isinstance(c, int) else tuple(x + 1 for x in c) for c in r)
                  for r, w in election.ballots for _ in range(w))


@pytest.mark.parametrize(("name", "make"), [("ranked", _ranked), ("approval", _approval)])
def test_the_published_file_is_the_golden_file(name, make):
    # Its hash goes on the ledger at the close: any change to the form must be deliberate.
    assert make() == (GOLDEN / f"{name}.blt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["ranked", "approval"])
def test_droop_openstv_and_we_count_the_golden_file_the_same(name):
    text = (GOLDEN / f"{name}.blt").read_text(encoding="utf-8")
    ours = _ours(text)
    s_ncand, s_seats, s_withdrawn, s_ballots, s_names, s_title = openstv_read(text)
    d_ncand, d_seats, d_withdrawn, d_ballots, d_names, d_title = droop_read(text)
    assert _canon(s_ballots) == _canon(d_ballots) == ours
    assert (s_ncand, s_seats, s_withdrawn) == (d_ncand, d_seats, d_withdrawn)
    assert s_names == d_names == read_blt(text).candidates
    assert s_title == d_title == read_blt(text).title


def test_the_golden_ranked_file_counts_as_the_ballots_were_cast():
    text = (GOLDEN / "ranked.blt").read_text(encoding="utf-8")
    cast = sorted(tuple(marks) for marks in RANKED if marks)
    assert sorted(droop_read(text)[3]) == sorted(openstv_read(text)[3]) == cast
    assert droop_read(text)[2] == [3]
    # Every voter finds their receipt, blank ballot included, with what they marked.
    assert blt.receipts(text) == {r: m for r, m in zip(RECEIPTS, RANKED, strict=True)}


def test_the_old_form_with_bracketed_ids_was_misread_by_droop():
    # Format 1 wrote "(RECEIPT) 1 prefs 0": droop took the 1 for candidate 1 and refused
    # files with blank ballots; the readers above show both, so they can tell the forms apart.
    old = "3 2\n(A1) 1 2 3 0\n(B2) 1 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n"
    assert sorted(openstv_read(old)[3]) == [(2, 3), (3,)]
    assert sorted(droop_read(old)[3]) == [(1, 2, 3), (1, 3)]
    with pytest.raises(Refused, match="number of ballot IDs"):
        droop_read(old.replace("(B2) 1 3 0", "(B2) 1 3 0\n(C3) 0"))


def test_the_recount_commands_take_the_file_as_published():
    commands = dict(method_info("scottish").commands(file="p.blt", seats=2))
    assert commands["droop"] == "python Droop.py scotland p.blt"
    assert "p.blt" in commands["OpenSTV"]
