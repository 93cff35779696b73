"""The published ballot file read by the grammars of droop and OpenSTV, as the result page
tells people to re-count it.

The two readers below follow each program's BLT reader as published (OpenSTV 1.7's
``BltBallotLoader``: line by line, ``#`` comments, ``(ID) 1 prefs 0`` ballots; droop's
``ElectionProfile``: a token stream, ``#`` comments to end of line, and a ballot ID standing
in for the weight, ``(ID) prefs 0``). They are written here from those sources' rules, not
copied, so the test shows what each program would count from our file.
"""

import re

from openassembly.ballots import blt
from openassembly.ballots.receipts import new_receipt
from openassembly.counting import method_info, read_blt

_COMMENT_OR_BLANK = re.compile(r"^\s*(?:#.*)?$")
_ID_BALLOT = re.compile(r"^\s*\(([^)]+)\)\s+(\d+(?:\s+[\d\-=]+)*)\s+0\s*(?:#.*)?$")
_STRING = re.compile(r'^\s*"([^"]+)"\s*(?:#.*)?$')


def openstv_read(text):
    lines = [ln for ln in text.splitlines() if not _COMMENT_OR_BLANK.match(ln)]
    ncand, seats = map(int, lines.pop(0).split())
    withdrawn = []
    if re.match(r"^\s*-\d+(\s+-\d+)*\s*$", lines[0]):
        withdrawn = [-int(x) for x in lines.pop(0).split()]
    ballots = []
    while not re.match(r"\s*0", lines[0]):
        m = _ID_BALLOT.match(lines.pop(0))
        assert m, "OpenSTV refuses this ballot line"
        weight, *prefs = m.group(2).split()
        assert weight == "1"
        ballots.append(tuple(tuple(int(c) for c in p.split("=")) if "=" in p else int(p)
                             for p in prefs))
    lines.pop(0)
    names = []
    for _ in range(ncand):
        m = _STRING.match(lines.pop(0))
        assert m, "OpenSTV refuses this name"
        names.append(m.group(1))
    assert _STRING.match(lines.pop(0))
    return ncand, seats, withdrawn, [b for b in ballots if b], names


def _tokens(text):
    for line in text.splitlines():
        for tok in line.split():
            if tok.startswith("#"):
                break
            yield tok


def droop_read(text):
    toks = _tokens(text)
    ncand, seats = int(next(toks)), int(next(toks))
    withdrawn = []
    tok = next(toks)
    while re.fullmatch(r"-\d+", tok):
        withdrawn.append(-int(tok))
        tok = next(toks)
    ballots = []
    while True:
        if tok.startswith("("):
            while not tok.endswith(")"):
                tok = next(toks)
            weight = 1
        else:
            weight = int(tok)
        if not weight:
            break
        ranking = []
        while (tok := next(toks)) != "0":
            parts = [int(c) for c in tok.split("=")]
            assert all(1 <= c <= ncand for c in parts), "droop: not a valid candidate ID"
            ranking.append(parts[0] if len(parts) == 1 else tuple(parts))
        if ranking:
            ballots.extend([tuple(ranking)] * weight)
        tok = next(toks)
    return ncand, seats, withdrawn, ballots


def _published():
    rows = [(new_receipt(), marks) for marks in
            ([1, 2, 3], [2, 1], [3], [], [1, 3], [2, 3, 1], [3, 2], [1])]
    text = blt.build(title="Committee 2026", labels=["Ada Abbot", "Bram Bryn", "Cy Cole"],
                     seats=2, method="scottish", equal_marks=False, seed="s33d",
                     rows=rows, withdrawn=[3])
    ours = read_blt(text)
    expected = sorted(tuple(c + 1 for c in r) for r, w in ours.ballots for _ in range(w))
    return text, expected


def test_openstv_reads_the_published_file_as_we_do():
    text, expected = _published()
    ncand, seats, withdrawn, ballots, names = openstv_read(text)
    assert (ncand, seats, withdrawn) == (3, 2, [3])
    assert names == ["Ada Abbot", "Bram Bryn", "Cy Cole"]
    assert sorted(ballots) == expected


def test_droop_misreads_ballot_ids_so_the_command_strips_them_first():
    text, expected = _published()
    misread = droop_read(text)[3]
    # droop takes the "1" after each ID for candidate 1: a blank ballot becomes a vote.
    assert sorted(misread) != expected and all(b[0] == 1 for b in misread)
    command = dict(method_info("scottish").commands(file="p.blt", seats=2,
                                                    ballot_ids=True))["droop"]
    pattern = re.search(r"sed -E 's/(.*?)//'", command).group(1)
    assert pattern == r"^\([^)]*\) "
    stripped = "\n".join(re.sub(pattern, "", ln) for ln in text.splitlines())
    ncand, seats, withdrawn, ballots = droop_read(stripped)
    assert (ncand, seats, withdrawn) == (3, 2, [3])
    assert sorted(ballots) == expected
