"""Drawing lots and sortition, reproducibly, from public inputs.

Every tie a rule breaks "by lot", and every sortition draw, uses the procedure in
``LOT_PROCEDURE``: anyone holding the published ballot file (or pool list) and the seed
announced before the count can re-run it with nothing but a SHA-256 implementation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from openassembly.counting.model import CountError, Lot

LOT_PROCEDURE = """\
Lots are drawn as follows (procedure openassembly-lot-v1).
1. K is the SHA-256 of the ballot file (for sortition: of the pool list, one name per line,
   UTF-8, each line ending in a newline), written as 64 lower-case hex digits.
2. S is the seed announced before the count (possibly empty).
3. Draws are numbered 1, 2, 3, ... in the order the count needs them.
4. For draw number N among tied names, each name X gets the key
   SHA-256( "openassembly-lot-v1" LF K LF S LF N LF X ), over UTF-8 bytes, as hex.
5. The names are ordered by key, smallest first; the first in that order is the one the
   draw picks (to be excluded, elected, or transferred first, as the rule asks), and a
   sortition of n people selects the first n.
"""


def _key(digest: str, seed: str, number: int, name: str) -> str:
    material = f"openassembly-lot-v1\n{digest}\n{seed}\n{number}\n{name}".encode()
    return hashlib.sha256(material).hexdigest()


TIE_ORDER = "ballot-file tie order"


class Lots:
    """The lot drawer of one count; keeps the record of every draw it made.

    When the ballot file gives a tie order (droop's ``[tie ...]``), a tie the rule breaks by
    lot is broken by that order instead of the seeded draw (first in the order = picked),
    as droop and the PR Foundation's reference rules do; each such draw says so.
    """

    def __init__(self, digest: str, seed: str = "", tie_order: list[str] | None = None) -> None:
        self.digest = digest
        self.seed = seed
        self.tie_order = {name: i for i, name in enumerate(tie_order or [])}
        self.draws: list[Lot] = []

    def order(self, names: list[str], *, purpose: str, stage: int) -> list[str]:
        """Order tied names by lot (first = picked) and record the draw."""
        number = len(self.draws) + 1
        if self.tie_order:
            ordered = sorted(names, key=self.tie_order.__getitem__)
            by = TIE_ORDER
        else:
            ordered = sorted(names, key=lambda x: _key(self.digest, self.seed, number, x))
            by = "openassembly-lot-v1"
        self.draws.append(Lot(number, stage, purpose, sorted(names), ordered, by))
        return ordered


@dataclass
class Draw:
    """A sortition draw with everything a member needs to re-run it."""

    selected: list[str]
    pool_size: int
    seed: str
    pool_sha256: str
    procedure: str = LOT_PROCEDURE
    order: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "selected": self.selected,
            "pool_size": self.pool_size,
            "seed": self.seed,
            "pool_sha256": self.pool_sha256,
            "procedure": self.procedure,
        }


def pool_text(pool: list[str]) -> str:
    """The pool list as published: one name per line, each line ending in a newline. A name
    that would read back as more than one line (any character ``str.splitlines`` breaks on,
    which is how the page tells members to read the file) is refused, not written."""
    for name in pool:
        if len(f"{name}\n".splitlines()) != 1 or not name:
            raise CountError(f"pool name {name!r} cannot be written on one line of the pool list")
    return "".join(f"{p}\n" for p in pool)


def pool_digest(pool: list[str]) -> str:
    return hashlib.sha256(pool_text(pool).encode("utf-8")).hexdigest()


def draw_sortition(pool: list[str], n: int, *, seed: str) -> Draw:
    """Draw ``n`` people from ``pool`` by the published procedure (draw number 1)."""
    if n < 0 or n > len(pool):
        raise CountError(f"cannot draw {n} from a pool of {len(pool)}")
    if len(set(pool)) != len(pool):
        dup = sorted({p for p in pool if pool.count(p) > 1})
        raise CountError(f"pool names must be unique; repeated: {', '.join(dup[:5])}")
    digest = pool_digest(pool)
    ordered = sorted(pool, key=lambda x: _key(digest, seed, 1, x))
    return Draw(ordered[:n], len(pool), seed, digest, LOT_PROCEDURE, ordered)
