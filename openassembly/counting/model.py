"""Data model of the counting engine: the election counted and the result it declares.

Ballots are held grouped: one ``(ranking, weight)`` pair per distinct ranking, so a count's
work grows with the number of distinct rankings, not with the number of voters. A ranking is
a tuple of candidate indexes (0-based), most preferred first; an element that is itself a
tuple of indexes is a group ranked equally (only Schulze and approval accept those).
A weight is a positive integer: the number of identical ballots, or a card vote.

Vote figures inside a ``Result`` are integers scaled by ``10 ** result.places`` so that no
count ever touches a float; ``Result.to_dict`` renders them as exact decimal strings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

RESULT_FORMAT = "openassembly.count/1"

Ranking = tuple[Any, ...]


class CountError(ValueError):
    """The election cannot be counted as asked (bad method, seats, or ballots it forbids)."""


class BallotFileError(ValueError):
    """A ballot file failed to parse; ``line`` is 1-based, or 0 when it names no line."""

    def __init__(self, message: str, *, line: int = 0) -> None:
        self.line = line
        self.reason = message
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class Election:
    """Candidates, grouped ballots and the election's own facts (seats, withdrawals, title)."""

    candidates: list[str]
    ballots: list[tuple[Ranking, int]]
    seats: int = 1
    withdrawn: frozenset[int] = frozenset()
    title: str = ""
    # SHA-256 (hex) of the ballot file this came from; lots are seeded from it.
    source_digest: str = ""
    # A tie-breaking order given in the file (droop's ``[tie ...]``), 0-based, first = the
    # one a tie picks; when given, ties a rule breaks by lot follow it instead of the draw.
    tie_order: tuple[int, ...] = ()
    nicknames: tuple[str, ...] = ()  # droop's ``[nick ...]``
    options: tuple[str, ...] = ()  # droop's ``[droop ...]`` options, kept but not acted on
    # droop's ``[undeclared ...]``: write-ins that Minneapolis rules treat specially; no
    # rule here does, and a count's notes say so.
    undeclared: frozenset[int] = frozenset()
    source: str = ""  # Wichmann's quoted source and comment lines after the title
    comment: str = ""

    @classmethod
    def from_rankings(
        cls,
        candidates: list[str],
        rankings: Iterable[tuple[Ranking, int] | Ranking],
        *,
        seats: int = 1,
        withdrawn: Iterable[int] = (),
        title: str = "",
        tie_order: Iterable[int] = (),
    ) -> Election:
        """Build an election from rankings (bare, or ``(ranking, weight)`` pairs), grouping
        identical rankings and checking each one names only known candidates once."""
        grouped: dict[Ranking, int] = {}
        n = len(candidates)
        for item in rankings:
            if len(item) == 2 and isinstance(item[0], tuple) and isinstance(item[1], int):
                ranking, weight = item  # type: ignore[misc]
            else:
                ranking, weight = tuple(item), 1
            ranking = _normalise(tuple(ranking), n)
            if weight < 0:
                raise CountError(f"ballot {ranking!r} has a negative weight {weight}")
            if weight and ranking:
                grouped[ranking] = grouped.get(ranking, 0) + weight
        if tie_order and sorted(tie_order) != list(range(n)):
            raise CountError("a tie order must list each candidate exactly once")
        return cls(
            candidates=list(candidates),
            ballots=list(grouped.items()),
            seats=seats,
            withdrawn=frozenset(withdrawn),
            title=title,
            tie_order=tuple(tie_order),
        )

    @property
    def total_weight(self) -> int:
        return sum(w for _, w in self.ballots)

    @property
    def has_equal_rankings(self) -> bool:
        return any(type(x) is tuple for r, _ in self.ballots for x in r)

    def digest(self) -> str:
        """SHA-256 of the ballot file, or of its canonical BLT text when built in memory."""
        if self.source_digest:
            return self.source_digest
        from openassembly.counting.blt import write_blt

        return hashlib.sha256(write_blt(self).encode("utf-8")).hexdigest()


def _normalise(ranking: Ranking, n: int) -> Ranking:
    seen: set[int] = set()
    out: list[Any] = []
    for item in ranking:
        group = tuple(sorted(item)) if isinstance(item, tuple | list | set | frozenset) else (item,)
        for c in group:
            if not isinstance(c, int) or not 0 <= c < n:
                raise CountError(f"ranking {ranking!r} names unknown candidate {c!r}")
            if c in seen:
                raise CountError(f"ranking {ranking!r} names candidate {c} twice")
            seen.add(c)
        if group:
            out.append(group[0] if len(group) == 1 else group)
    return tuple(out)


def fmt(value: int, places: int) -> str:
    """Render a scaled integer as an exact decimal string."""
    if places == 0:
        return str(value)
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), 10**places)
    return f"{sign}{whole}.{frac:0{places}d}"


@dataclass
class Lot:
    """One drawing of lots: who was tied, for what, and the order the draw gave."""

    number: int
    stage: int
    purpose: str
    tied: list[str]
    order: list[str]
    # "openassembly-lot-v1" (the seeded draw) or "ballot-file tie order" (droop's [tie]).
    by: str = "openassembly-lot-v1"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "stage": self.stage,
            "purpose": self.purpose,
            "tied": self.tied,
            "order": self.order,
            "by": self.by,
        }


@dataclass
class Stage:
    """One stage of a count: the votes after it, the changes it made, and why it happened."""

    number: int
    label: str
    action: str  # first | surplus | exclusion | iteration | elect | round | tally
    subject: list[str]
    reason: str
    votes: dict[str, int]
    transfers: dict[str, int]
    exhausted: int
    rounding: int
    quota: int | None = None
    elected: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    lots: list[int] = field(default_factory=list)

    def to_dict(self, places: int) -> dict[str, Any]:
        return {
            "number": self.number,
            "label": self.label,
            "action": self.action,
            "subject": self.subject,
            "reason": self.reason,
            "quota": None if self.quota is None else fmt(self.quota, places),
            "votes": {k: fmt(v, places) for k, v in self.votes.items()},
            "transfers": {k: fmt(v, places) for k, v in self.transfers.items()},
            "exhausted": fmt(self.exhausted, places),
            "rounding": fmt(self.rounding, places),
            "elected": self.elected,
            "excluded": self.excluded,
            "lots": self.lots,
        }


@dataclass
class Result:
    """What a count declares, with every stage that led there."""

    method: str
    rule: str
    title: str
    candidates: list[str]
    seats: int
    places: int
    total: int  # total valid vote, scaled
    elected: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    quota: int | None = None
    stages: list[Stage] = field(default_factory=list)
    lots: list[Lot] = field(default_factory=list)
    ranking: list[list[str]] = field(default_factory=list)  # tiers, best first (Schulze)
    ties: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    digest: str = ""
    seed: str = ""
    invalid: int = 0
    # Condorcet methods: pairwise[a][b] is the weight of ballots preferring a to b.
    pairwise: dict[str, dict[str, int]] = field(default_factory=dict)

    def value(self, scaled: int) -> str:
        return fmt(scaled, self.places)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": RESULT_FORMAT,
            "method": self.method,
            "rule": self.rule,
            "title": self.title,
            "candidates": self.candidates,
            "withdrawn": self.withdrawn,
            "seats": self.seats,
            "decimal_places": self.places,
            "total_valid_vote": fmt(self.total, self.places),
            "invalid_ballots": self.invalid,
            "quota": None if self.quota is None else fmt(self.quota, self.places),
            "elected": self.elected,
            "excluded": self.excluded,
            "ranking": self.ranking,
            "ties": self.ties,
            "stages": [s.to_dict(self.places) for s in self.stages],
            "lots": {
                "ballot_file_sha256": self.digest,
                "announced_seed": self.seed,
                "draws": [lot.to_dict() for lot in self.lots],
            },
            "notes": self.notes,
            **({"pairwise": self.pairwise} if self.pairwise else {}),
        }
