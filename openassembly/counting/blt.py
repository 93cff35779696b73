"""Read and write BLT ballot files, in the dialects of OpenSTV, droop, OpaVote and Hill's Meek.

Layout (every dialect feature is listed with an example in docs/counting.md):

- comments: ``#`` to the end of a line (OpenSTV, droop), ``/* ... */`` within a line (droop);
  blank lines anywhere; a UTF-8 byte-order mark; LF or CRLF line ends;
- ``<candidates> <seats>``;
- before the first ballot, in any order: a line of withdrawn candidates as negative numbers
  (``-3 -4``, Hill), and droop's option lines ``[withdrawn 3 4]``, ``[tie 3 2 1]`` (a tie
  order, first = the one a tie picks), ``[nick a b c]`` (short names usable instead of
  candidate numbers), ``[droop rule=meek ...]`` (options for droop, kept, not acted on) and
  ``[undeclared 4]`` (undeclared write-ins, for Minneapolis rules; kept, and a count says
  it treats them as ordinary candidates);
- one line per ballot, ``<weight> <pref> <pref> ... 0``; a ballot id in parentheses may lead
  the line (OpenSTV's ``(id) 1 prefs 0``), ``-`` marks a skipped preference, ``2=5`` ranks
  2 and 5 equally; a line ``0`` ends the ballots;
- one quoted candidate name per line; a quoted title; then optionally a quoted source and a
  quoted comment (Wichmann's extension, also read by droop); free text after those is
  ignored, as droop and OpenSTV ignore it.

Speed: identical ballot lines are counted as raw bytes before any of them is converted,
so a file of a million ballots costs one pass of ``bytes.split`` plus work per *distinct*
line. A file that fails to parse raises ``BallotFileError`` naming the line; nothing from
it is counted. Declared sizes are checked against ``MAX_CANDIDATES`` before anything is
allocated for them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from openassembly.counting.model import BallotFileError, Election, Ranking

# Far above any real election (a national list ballot has a few hundred candidates), far
# below what would let a header make the reader build a huge table before reading a ballot.
MAX_CANDIDATES = 10_000
# Weights are card votes or counts of identical ballots; 15 digits is a quadrillion.
MAX_WEIGHT_DIGITS = 15

_END = re.compile(rb"^[ \t]*0[ \t]*(?:#[^\n]*)?\r?$", re.M)
_SEVERAL = re.compile(r'^"[^"]*"(\s+"[^"]*")+$')
_BLOCK_COMMENT = re.compile(rb"/\*.*?\*/")
OPTIONS = ("withdrawn", "tie", "nick", "droop", "undeclared")
# Unicode categories no published name may hold: controls (C0, DEL, C1), surrogates, and line
# and paragraph separators (which Python's str.splitlines, and so several readers, break on).
_UNSAFE = frozenset({"Cc", "Cs", "Zl", "Zp"})


def _strip_comments(raw: bytes) -> bytes:
    """A line without its ``/* ... */`` and ``#`` comments, stripped."""
    if b"/*" in raw:
        raw = _BLOCK_COMMENT.sub(b" ", raw)
    cut = raw.find(b"#")
    if cut >= 0:
        raw = raw[:cut]
    return raw.strip()


class _Header:
    """What comes before the first ballot: sizes, withdrawals and droop's options."""

    def __init__(self) -> None:
        self.n = 0
        self.seats = 0
        self.withdrawn: set[int] = set()
        self.tie_order: tuple[int, ...] = ()
        self.nicks: tuple[str, ...] = ()
        self.options: list[str] = []
        self.undeclared: set[int] = set()
        self.index: dict[bytes, int] = {}

    def sizes(self, raw: bytes, lineno: int) -> None:
        tokens = raw.split()
        if len(tokens) != 2 or not all(t.isdigit() for t in tokens):
            raise BallotFileError(
                f"expected '<number of candidates> <number of seats>', found {_show(raw)}",
                line=lineno,
            )
        if len(tokens[1]) > 6:
            raise BallotFileError(
                f"the file declares {_show(tokens[1])} seats; at most {MAX_CANDIDATES:,} "
                "are accepted",
                line=lineno,
            )
        if len(tokens[0]) > 6 or int(tokens[0]) > MAX_CANDIDATES:
            raise BallotFileError(
                f"the file declares {_show(tokens[0])} candidates; at most {MAX_CANDIDATES:,} "
                "are accepted",
                line=lineno,
            )
        self.n, self.seats = int(tokens[0]), int(tokens[1])
        if self.n < 1:
            raise BallotFileError("the number of candidates must be at least 1", line=lineno)
        # Candidate tokens as written, to their 0-based index: a dict lookup per token is
        # the cheapest check that it is a whole number in range.
        self.index = {str(c).encode(): c - 1 for c in range(1, self.n + 1)}

    def candidate(self, tok: bytes, where: str, lineno: int) -> int:
        c = self.index.get(tok)
        if c is None:
            raise BallotFileError(
                f"{where}: {_show(tok)} is not a candidate number 1 .. {self.n}"
                + (" or nickname" if self.nicks else ""),
                line=lineno,
            )
        return c

    def option(self, name: str, args: list[bytes], lineno: int) -> None:
        if name not in OPTIONS:
            raise BallotFileError(
                f"unknown option [{name}]; this reader knows [{'], ['.join(OPTIONS)}]",
                line=lineno,
            )
        where = f"[{name}]"
        if name == "droop":
            self.options.extend(a.decode("utf-8", "replace") for a in args)
        elif name == "withdrawn":
            self.withdrawn.update(self.candidate(a, where, lineno) for a in args)
        elif name == "undeclared":
            self.undeclared.update(self.candidate(a, where, lineno) for a in args)
        elif name == "tie":
            order = [self.candidate(a, where, lineno) for a in args]
            if sorted(order) != list(range(self.n)):
                raise BallotFileError(
                    "[tie] must list each candidate exactly once", line=lineno
                )
            self.tie_order = tuple(order)
        else:
            nicks = [a.decode("utf-8", "replace") for a in args]
            if len(nicks) != self.n or len(set(nicks)) != self.n:
                raise BallotFileError(
                    f"[nick] must give {self.n} different nicknames, one per candidate",
                    line=lineno,
                )
            bad = [k for k in nicks if k.isdigit() or "=" in k or k == "-" or "(" in k]
            if bad:
                raise BallotFileError(
                    f"[nick] nickname {bad[0]!r} could be read as part of a ballot",
                    line=lineno,
                )
            self.nicks = tuple(nicks)
            for c, nick in enumerate(args):
                self.index[nick] = c

    def withdraw_line(self, raw: bytes, lineno: int) -> None:
        for tok in raw.split():
            c = self.index.get(tok[1:]) if tok.startswith(b"-") and tok[1:].isdigit() else None
            if c is None:
                raise BallotFileError(
                    f"withdrawn candidate {_show(tok)} is not -1 .. -{self.n}", line=lineno
                )
            self.withdrawn.add(c)


def _lines(data: bytes, pos: int) -> Iterable[tuple[int, bytes]]:
    while pos < len(data):
        nl = data.find(b"\n", pos)
        nl = len(data) if nl < 0 else nl
        yield nl + 1, data[pos:nl]
        pos = nl + 1


def _read_header(data: bytes) -> tuple[_Header, int, int]:
    """Parse up to the first ballot line; returns the header, its byte end and line count."""
    head = _Header()
    have_sizes = False
    pending: tuple[str, list[bytes], int] | None = None
    pos, lineno = 0, 0
    for nxt, line in _lines(data, 0):
        raw = _strip_comments(line)
        if pending is None and raw and have_sizes and not raw.startswith((b"[", b"-")):
            return head, pos, lineno
        lineno += 1
        pos = nxt
        if not raw:
            continue
        if pending is not None:
            name, args, start = pending
            tokens = raw.split()
        elif not have_sizes:
            head.sizes(raw, lineno)
            have_sizes = True
            continue
        elif raw.startswith(b"-"):
            head.withdraw_line(raw, lineno)
            continue
        else:
            tokens = raw[1:].split()
            if not tokens or tokens[0].rstrip(b"]") == b"":
                raise BallotFileError("an option line must name its option, as [tie 3 2 1]",
                                      line=lineno)
            first = tokens.pop(0)
            name, args, start = first.rstrip(b"]").decode("utf-8", "replace"), [], lineno
            if first.endswith(b"]"):
                head.option(name, args, start)
                continue
        closed = False
        for tok in tokens:
            if tok.endswith(b"]"):
                closed = True
                tok = tok[:-1]
            if tok:
                args.append(tok)
            if closed:
                break
        if closed:
            head.option(name, args, start)
            pending = None
        else:
            pending = (name, args, start)
    if pending is not None:
        raise BallotFileError(f"option [{pending[0]} is not closed by ]", line=pending[2])
    if not have_sizes:
        raise BallotFileError("the file has no '<candidates> <seats>' line")
    return head, pos, lineno


def read_blt(text: str | bytes) -> Election:
    """Parse BLT text (str or bytes) into an ``Election`` with ballots grouped."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head, pos, lineno_ballots = _read_header(data)
    end = _END.search(data, pos)
    if end is None:
        raise BallotFileError("the ballots are not closed by a line holding just 0")
    section = data[pos : end.start()]
    counts = Counter(section.split(b"\n"))
    grouped: dict[tuple[Any, ...], int] = {}
    for raw_line, times in counts.items():
        line = raw_line.strip()
        if not line or line.startswith(b"#"):
            continue
        try:
            ranking, weight = _ballot(line, head)
        except BallotFileError as err:
            offset = section.split(b"\n").index(raw_line)
            raise BallotFileError(err.reason, line=lineno_ballots + 1 + offset) from None
        if weight and ranking:
            grouped[ranking] = grouped.get(ranking, 0) + weight * times
    end_line = lineno_ballots + section.count(b"\n") + 1
    names, title, source, comment = _names(data[end.end() :], head.n, end_line)
    return Election(
        candidates=names,
        ballots=list(grouped.items()),
        seats=head.seats,
        withdrawn=frozenset(head.withdrawn),
        title=title,
        source_digest=digest,
        tie_order=head.tie_order,
        nicknames=head.nicks,
        options=tuple(head.options),
        undeclared=frozenset(head.undeclared),
        source=source,
        comment=comment,
    )


def _show(raw: bytes) -> str:
    return repr(raw.decode("utf-8", "replace")[:60])


def _ballot(line: bytes, head: _Header) -> tuple[tuple[Any, ...], int]:
    # Fast path for the plain "<weight> <pref> ... 0" line; anything unusual, or wrong,
    # goes through the careful path below, which names what is wrong.
    tokens = line.split()
    if (len(tokens) >= 2 and tokens[-1] == b"0" and tokens[0].isdigit()
            and len(tokens[0]) <= MAX_WEIGHT_DIGITS):
        index = head.index
        try:
            prefs = tuple([index[t] for t in tokens[1:-1]])
        except KeyError:
            prefs = None
        if prefs is not None and len(set(prefs)) == len(prefs):
            return prefs, int(tokens[0])
    return _ballot_checked(_strip_comments(line), head)


def _ballot_checked(line: bytes, head: _Header) -> tuple[tuple[Any, ...], int]:
    parts = line.split()
    if not parts:
        return (), 0
    if parts[0].startswith(b"("):
        while parts and not parts[0].endswith(b")"):
            parts = parts[1:]
        parts = parts[1:]
        if not parts:
            raise BallotFileError("a ballot id must be followed by a weight")
    if not parts[0].isdigit() or len(parts[0]) > MAX_WEIGHT_DIGITS:
        if parts[0].lstrip(b"-").isdigit() and parts[0].startswith(b"-"):
            raise BallotFileError(f"a ballot weight cannot be negative ({_show(parts[0])})")
        raise BallotFileError(
            f"expected a whole-number ballot weight of at most {MAX_WEIGHT_DIGITS} digits, "
            f"found {_show(parts[0])}"
        )
    weight = int(parts[0])
    if len(parts) < 2 or parts[-1] != b"0":
        raise BallotFileError("a ballot line must end with 0")
    seen: set[int] = set()
    ranking: list[Any] = []
    for tok in parts[1:-1]:
        if tok == b"-":
            continue
        group: list[int] = []
        for sub in tok.split(b"="):
            c = head.index.get(sub)
            if c is None:
                if sub.isdigit():
                    raise BallotFileError(
                        f"candidate number {int(sub)} is not between 1 and {head.n}")
                raise BallotFileError(
                    f"expected a candidate number 1 .. {head.n}, found {_show(tok)}")
            if c in seen:
                raise BallotFileError(f"candidate {c + 1} is ranked twice on one ballot")
            seen.add(c)
            group.append(c)
        ranking.append(group[0] if len(group) == 1 else tuple(sorted(group)))
    return tuple(ranking), weight


def _quoted(s: str) -> str | None:
    """The text of a quoted string, allowing a trailing ``#`` comment; None if not one."""
    if not s.startswith('"'):
        return None
    end = s.rfind('"')
    rest = s[end + 1 :].strip()
    if end == 0 or (rest and not rest.startswith("#")):
        return None
    return s[1:end].replace('""', '"').strip()


def _names(tail: bytes, n: int, first_line: int) -> tuple[list[str], str, str, str]:
    try:
        text = tail.decode("utf-8")
    except UnicodeDecodeError as err:
        line = first_line + tail[: err.start].count(b"\n")
        raise BallotFileError(
            "candidate names are not valid UTF-8 (save the file as UTF-8)", line=line
        ) from None
    names: list[str] = []
    after: list[str] = []  # title, then source and comment
    for i, raw in enumerate(text.split("\n")):
        lineno = first_line + i
        s = raw.strip()
        if not s or s.startswith("#"):
            continue
        value = _quoted(s)
        if value is None and after:
            # droop and OpenSTV both stop reading at free text after the title (droop's
            # test files carry notes there); nothing after it is counted or kept.
            break
        if len(after) == 3:
            raise BallotFileError(
                f"unexpected text after the title, source and comment: {s[:60]!r}",
                line=lineno)
        if value is None:
            what = (f"candidate name {len(names) + 1} of {n}" if len(names) < n
                    else ("the title", "the source", "the comment")[len(after)])
            raise BallotFileError(f"expected {what} in double quotes, found {s[:60]!r}",
                                  line=lineno)
        if _SEVERAL.match(s) and len(names) < n:
            raise BallotFileError(
                "several quoted names on one line; write one candidate name per line",
                line=lineno,
            )
        if len(names) < n:
            if not value:
                raise BallotFileError(f"candidate name {len(names) + 1} is empty", line=lineno)
            if value in names:
                raise BallotFileError(f"candidate name {value!r} appears twice", line=lineno)
            names.append(value)
        else:
            after.append(value)
    if len(names) < n:
        raise BallotFileError(
            f"expected {n} candidate names after the ballots, found {len(names)}"
        )
    after += [""] * (3 - len(after))
    return names, after[0], after[1], after[2]


def _quote(s: str) -> str:
    # Our own dialect doubles a double quote; nothing can hold a line break or a control
    # character inside a quoted string that is read a line at a time, so those are refused.
    bad = next((ch for ch in s if unicodedata.category(ch) in _UNSAFE), None)
    if bad is not None:
        raise BallotFileError(f"{s!r} contains the control character U+{ord(bad):04X}, "
                              "which a BLT file cannot hold in a quoted string")
    return '"' + s.replace('"', '""') + '"'


def portable_name(name: str, what: str = "candidate name") -> str:
    """``name`` if droop and OpenSTV both read it back, unchanged, from a quoted BLT string;
    else BallotFileError saying why.

    OpenSTV reads a quoted string with ``"([^"]+)"`` on one line: no double quote, not empty.
    droop splits the file on whitespace and joins a quoted string's pieces with one space, so
    only single spaces between words survive (no tab, no run of spaces, no space at either
    end, no other blank such as a no-break space). Control characters are refused too: they
    are invisible to a person checking the file, and some end a line in one reader only.
    """
    if not name:
        raise BallotFileError(f"the {what} is empty; BLT readers need at least one character")
    if '"' in name:
        raise BallotFileError(
            f"the {what} {name!r} contains a double quote, which OpenSTV and droop cannot read "
            "inside a quoted BLT string")
    if " ".join(name.split()) != name:
        raise BallotFileError(
            f"the {what} {name!r} has blanks other than single spaces between words, which "
            "droop would read as one space")
    bad = next((ch for ch in name if unicodedata.category(ch) in _UNSAFE), None)
    if bad is not None:
        raise BallotFileError(
            f"the {what} {name!r} contains the control character U+{ord(bad):04X}")
    return name


def portable_title(title: str) -> str:
    """A title every BLT reader reads: the title itself when it can be held; else with double
    quotes made single and blanks made single spaces (the title is a label, never counted, and
    the exact title is in the file's first comment)."""
    text = " ".join(one_line(title).replace('"', "'").split())
    return text or "Ballots"


def one_line(text: str) -> str:
    """``text`` fit for a ``#`` comment: no line break of any reader's kind, no control
    character; runs of blanks become one space."""
    return " ".join("".join(" " if unicodedata.category(ch) in _UNSAFE else ch for ch in text)
                    .split())


def ballot_label(name: str) -> str:
    """A name as the ballot paper and the published file both show it: one line, single
    spaces, and straight double quotes turned into typographic ones (“ ”), since no BLT reader
    but ours reads a straight double quote inside a quoted name. What the paper shows is what
    the file holds, so a voter sees the same name in both."""
    out, opening = [], True
    for ch in one_line(name):
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def format_published(
    *,
    candidates: Sequence[str],
    seats: int,
    ballots: Iterable[tuple[str, Ranking]],
    title: str,
    withdrawn: Iterable[int] = (),
    comments: Sequence[str] = (),
) -> str:
    """BLT text that droop, OpenSTV and our reader all count the same way, for a file of
    ballots each labelled (a receipt).

    Each ballot is ``1 <prefs> 0  # LABEL``: weight 1, the label in a comment, which both
    droop and OpenSTV skip (a bracketed ballot id, OpenSTV's ``(ID) 1 prefs 0``, is read by
    droop as the id *instead of* the weight, so droop took the 1 for candidate 1). A blank
    ballot is only a comment, ``# LABEL blank``: it counts for nobody in any reader, and droop
    refuses a file where ballot ids outnumber its non-blank ballots. Candidate names must be
    ones both readers hold (``portable_name``); the title is made safe (``portable_title``).
    """
    out = [f"# {one_line(line)}" for line in comments]
    out.append(f"{len(candidates)} {seats}")
    gone = sorted(set(withdrawn))
    if gone:
        out.append(" ".join(f"-{c + 1}" for c in gone))
    for label, ranking in ballots:
        label = one_line(label)
        if not label or "#" in label:
            raise BallotFileError(f"ballot label {label!r} cannot be written in a comment")
        prefs = _prefs(ranking)
        out.append(f"1 {prefs} 0  # {label}" if prefs else f"# {label} blank")
    out.append("0")
    out.extend(f'"{portable_name(name)}"' for name in candidates)
    out.append(f'"{portable_title(title)}"')
    return "\n".join(out) + "\n"


def _prefs(ranking: Ranking) -> str:
    return " ".join(
        "=".join(str(c + 1) for c in x) if isinstance(x, tuple) else str(x + 1)
        for x in ranking
    )


def format_blt(
    *,
    candidates: Sequence[str],
    seats: int,
    ballots: Iterable[tuple[str | None, Ranking, int]],
    title: str = "",
    withdrawn: Iterable[int] = (),
    tie_order: Sequence[int] = (),
    nicknames: Sequence[str] = (),
    options: Sequence[str] = (),
    undeclared: Iterable[int] = (),
    source: str = "",
    comment: str = "",
    comments: Sequence[str] = (),
) -> str:
    """BLT text from parts: the one BLT writer (``write_blt`` and the published ballot file
    both use it). ``ballots`` holds ``(id or None, ranking, weight)``; an id is written in
    OpenSTV's form ``(id) weight prefs 0``. Equal groups keep the order they are given in.
    ``comments`` become ``#`` lines before the header; withdrawn candidates are written as
    Hill's ``-n`` line, which every BLT reader knows; a tie order, nicknames and droop
    options as droop's option lines; a source and a comment as quoted lines after the title.
    """
    out = [f"# {one_line(line)}" for line in comments]
    out.append(f"{len(candidates)} {seats}")
    gone = sorted(set(withdrawn))
    if gone:
        out.append(" ".join(f"-{c + 1}" for c in gone))
    if nicknames:
        out.append(f"[nick {' '.join(nicknames)}]")
    if tie_order:
        out.append(f"[tie {' '.join(str(c + 1) for c in tie_order)}]")
    if options:
        out.append(f"[droop {' '.join(options)}]")
    marked = sorted(set(undeclared))
    if marked:
        out.append(f"[undeclared {' '.join(str(c + 1) for c in marked)}]")
    for ballot_id, ranking, weight in ballots:
        prefs = _prefs(ranking)
        line = f"{weight} {prefs} 0" if prefs else f"{weight} 0"
        out.append(line if ballot_id is None else f"({ballot_id}) {line}")
    out.append("0")
    out.extend(_quote(name) for name in candidates)
    out.append(_quote(title))
    if source or comment:
        out.append(_quote(source))
    if comment:
        out.append(_quote(comment))
    return "\n".join(out) + "\n"


def write_blt(election: Election, *, comments: Sequence[str] = ()) -> str:
    """Write an election as BLT text; ``read_blt(write_blt(e))`` gives the same election,
    tie order, nicknames, droop options, source and comment included."""
    return format_blt(
        candidates=election.candidates,
        seats=election.seats,
        ballots=((None, ranking, weight) for ranking, weight in election.ballots),
        title=election.title,
        withdrawn=election.withdrawn,
        tie_order=election.tie_order,
        nicknames=election.nicknames,
        options=election.options,
        undeclared=election.undeclared,
        source=election.source,
        comment=election.comment,
        comments=comments,
    )
