"""Sharing places in proportion: highest averages (divisor) and largest remainder methods.

Used to share a conference's delegates among local groups by membership, or seats among
lists by votes. Every figure is exact: quotients, quotas and remainders are Fractions.

Rule sources (see also ``APPORTIONMENT_INFO``):

- D'Hondt (divisors 1, 2, 3, ...): V. D'Hondt, Systeme pratique et raisonne de
  representation proportionnelle (Brussels, 1882); M. L. Balinski and H. P. Young, Fair
  Representation (2nd ed., Brookings, 2001), Appendix A ("Jefferson's method").
- Sainte-Lague (divisors 1, 3, 5, ...): A. Sainte-Lague, "La representation proportionnelle
  et la methode des moindres carres", Annales scientifiques de l'Ecole Normale Superieure
  27 (1910) 529-542; Balinski and Young ("Webster's method").
- Modified Sainte-Lague (first divisor 1.4, then 3, 5, ...): Norway's Representation of the
  People Act (valgloven, 2002), section 11-4 (2).
- Hare largest remainder (quota = votes / places, exact): Balinski and Young, chapter 2
  ("Hamilton's method").
- Droop largest remainder (quota = floor(votes / (places + 1)) + 1): H. R. Droop, "On
  methods of electing representatives", Journal of the Statistical Society of London 44
  (1881) 141-202, with the remainder rule of Hamilton's method.

Threshold: a party whose share of all the votes is *below* the threshold gets nothing, and
the places are shared among the others by their own votes (as in list systems with a legal
threshold). A party with no votes never gets a place.

Ties: when equal quotients (or remainders) compete for the last place(s), the tied parties
are recorded in ``ties`` and ordered by the published lot procedure (``lots.py``); the draw
is recorded with the result, so the sharing can be re-run by anyone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from openassembly.counting.catalogue import MethodInfo
from openassembly.counting.lots import Lots
from openassembly.counting.model import CountError, Lot

APPORTIONMENT_FORMAT = "openassembly.apportionment/1"

_BALINSKI = "M. L. Balinski and H. P. Young, Fair Representation, 2nd ed. (2001)"

APPORTIONMENT_INFO: dict[str, MethodInfo] = {
    info.name: info for info in (
        MethodInfo(
            name="dhondt", title="D'Hondt (highest averages, divisors 1, 2, 3, ...)",
            family="apportionment",
            source=f"V. D'Hondt, Systeme pratique et raisonne de representation "
                   f"proportionnelle (1882); {_BALINSKI}, Appendix A",
        ),
        MethodInfo(
            name="sainte-lague", title="Sainte-Lague (highest averages, divisors 1, 3, 5, ...)",
            family="apportionment",
            source="A. Sainte-Lague, La representation proportionnelle et la methode des "
                   "moindres carres, Annales scientifiques de l'ENS 27 (1910) 529-542",
            source_url="https://doi.org/10.24033/asens.627",
        ),
        MethodInfo(
            name="modified-sainte-lague",
            title="Modified Sainte-Lague (divisors 1.4, 3, 5, 7, ...)",
            family="apportionment",
            source="Norway, Representation of the People Act (valgloven, 2002), section 11-4",
            source_url="https://lovdata.no/dokument/NLE/lov/2002-06-28-57",
        ),
        MethodInfo(
            name="hare", title="Largest remainder, Hare quota (votes / places)",
            family="apportionment", source=f"{_BALINSKI}, chapter 2 (Hamilton's method)",
        ),
        MethodInfo(
            name="droop", title="Largest remainder, Droop quota (votes / (places + 1), + 1)",
            family="apportionment",
            source="H. R. Droop, On methods of electing representatives, Journal of the "
                   "Statistical Society of London 44 (1881) 141-202",
            source_url="https://doi.org/10.2307/2339223",
        ),
    )
}

_DIVISOR_METHODS = ("dhondt", "sainte-lague", "modified-sainte-lague")


def divisor(method: str, k: int) -> Fraction:
    """The divisor for a party's place number ``k + 1`` (``k`` places already won)."""
    if method == "dhondt":
        return Fraction(k + 1)
    if method == "modified-sainte-lague" and k == 0:
        return Fraction(7, 5)
    return Fraction(2 * k + 1)


@dataclass
class Award:
    """One place awarded: its number, the party, and the quotient (or remainder) that won it."""

    place: int
    party: str
    value: Fraction
    divisor: Fraction | None = None  # divisor methods only
    by_lot: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"place": self.place, "party": self.party, "value": _exact(self.value),
                "divisor": None if self.divisor is None else _exact(self.divisor),
                "by_lot": self.by_lot}


@dataclass
class Apportionment:
    """How the places were shared, with the table that shows why."""

    method: str
    title: str
    seats: int
    parties: list[str]
    votes: list[int]
    threshold: Fraction
    qualified: list[bool]
    places: list[int]
    awards: list[Award]  # in the order the places were taken
    divisors: list[Fraction] = field(default_factory=list)
    quotients: list[list[Fraction]] = field(default_factory=list)  # [party][divisor]
    quota: Fraction | None = None
    whole: list[int] = field(default_factory=list)  # largest remainder: whole quotas
    remainders: list[Fraction] = field(default_factory=list)
    ties: list[list[str]] = field(default_factory=list)
    lots: list[Lot] = field(default_factory=list)
    digest: str = ""
    seed: str = ""

    @property
    def allocation(self) -> dict[str, int]:
        return dict(zip(self.parties, self.places, strict=True))

    @property
    def divisor_method(self) -> bool:
        return self.method in _DIVISOR_METHODS

    def to_dict(self) -> dict[str, Any]:
        rows = []
        for i, name in enumerate(self.parties):
            row: dict[str, Any] = {"party": name, "votes": self.votes[i],
                                   "qualified": self.qualified[i], "places": self.places[i]}
            if self.divisor_method:
                row["quotients"] = [_exact(q) for q in self.quotients[i]]
            else:
                row["whole"] = self.whole[i]
                row["remainder"] = _exact(self.remainders[i])
            rows.append(row)
        return {
            "format": APPORTIONMENT_FORMAT,
            "method": self.method,
            "title": self.title,
            "places": self.seats,
            "total_votes": sum(self.votes),
            "threshold": _exact(self.threshold),
            "divisors": [_exact(d) for d in self.divisors],
            "quota": None if self.quota is None else _exact(self.quota),
            "parties": rows,
            "awards": [a.to_dict() for a in self.awards],
            "ties": self.ties,
            "lots": {"input_sha256": self.digest, "announced_seed": self.seed,
                     "draws": [lot.to_dict() for lot in self.lots]},
        }


def _exact(value: Fraction) -> str:
    """A Fraction as "7", "3/4"; exact, so a JSON reader loses nothing."""
    return str(value)


def decimal(value: Fraction, places: int = 2) -> str:
    """A Fraction rounded half up to ``places`` decimals, for tables people read."""
    scaled = value * 10**places
    n = int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))
    sign = "-" if n < 0 else ""
    whole, frac = divmod(abs(n), 10**places)
    return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"


def input_digest(parties: list[str], votes: list[int]) -> str:
    """SHA-256 of the canonical CSV of the input (``name,votes`` lines), seeding any lot."""
    text = "".join(f"{csv_cell(p)},{v}\n" for p, v in zip(parties, votes, strict=True))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def csv_cell(name: str) -> str:
    """A name as one CSV cell, quoted only when it must be."""
    if any(ch in name for ch in ',"\n\r') or name != name.strip():
        return '"' + name.replace('"', '""') + '"'
    return name


def apportion(
    votes: Iterable[tuple[str, int]], *, seats: int, method: str,
    threshold: Fraction = Fraction(0), seed: str = "", digest: str = "",
) -> Apportionment:
    """Share ``seats`` places among parties in proportion to ``votes`` by ``method``.

    ``votes`` are ``(name, votes)`` pairs (a list keeps its order in the table);
    ``threshold`` is a share of all the votes (``Fraction(5, 100)`` for 5%) below which a
    party gets nothing. ``digest`` is the SHA-256 of the input file when there is one.
    """
    pairs = list(votes)
    parties = [p for p, _ in pairs]
    counts = [v for _, v in pairs]
    _check(parties, counts, seats, method, threshold)
    total = sum(counts)
    qualified = [v > 0 and Fraction(v, total) >= threshold for v in counts]
    if not any(qualified):
        raise CountError(
            "no party reaches the threshold of "
            f"{decimal(threshold * 100)}% of the votes, so nobody can be given a place")
    lots = Lots(digest or input_digest(parties, counts), seed)
    info = APPORTIONMENT_INFO[method]
    result = Apportionment(method=method, title=info.title, seats=seats, parties=parties,
                           votes=counts, threshold=threshold, qualified=qualified,
                           places=[0] * len(parties), awards=[], digest=lots.digest,
                           seed=seed)
    if method in _DIVISOR_METHODS:
        _highest_averages(result, lots)
    else:
        _largest_remainder(result, lots)
    result.lots = lots.draws
    return result


def _check(parties: list[str], counts: list[int], seats: int, method: str,
           threshold: Fraction) -> None:
    if method not in APPORTIONMENT_INFO:
        raise CountError(f"unknown apportionment method {method!r}; choose one of "
                         f"{', '.join(APPORTIONMENT_INFO)}")
    if type(seats) is not int or seats < 1:
        raise CountError(f"the number of places must be at least 1 (got {seats})")
    if not parties:
        raise CountError("there is nobody to share the places among")
    seen: set[str] = set()
    for name, v in zip(parties, counts, strict=True):
        if not isinstance(name, str) or not name.strip():
            raise CountError("every party needs a name")
        if name in seen:
            raise CountError(f"{name!r} is listed twice")
        seen.add(name)
        if type(v) is not int or v < 0:
            raise CountError(f"{name!r} has {v!r} votes; votes must be whole numbers, 0 or more")
    if sum(counts) == 0:
        raise CountError("nobody has any votes, so the places cannot be shared")
    if not isinstance(threshold, Fraction) or not 0 <= threshold < 1:
        raise CountError(f"the threshold must be a share from 0 up to (not including) 100%, "
                         f"not {threshold}")


def _settle(ranked: list[tuple[Fraction, int]], room: int, lots: Lots, names: list[str],
            purpose: str) -> tuple[list[tuple[Fraction, int]], list[str], set[int]]:
    """Take the ``room`` best of ``(value, party)`` entries sorted best first.

    Returns the entries taken in award order, the tied names (if a tie straddled the cut)
    and the parties whose place was decided by lot.
    """
    if room <= 0:
        return [], [], set()
    if len(ranked) <= room or ranked[room - 1][0] != ranked[room][0]:
        return ranked[:room], [], set()
    cut = ranked[room - 1][0]
    sure = [e for e in ranked if e[0] > cut]
    tied = [e for e in ranked if e[0] == cut]
    order = lots.order([names[p] for _, p in tied], purpose=purpose, stage=1)
    left = room - len(sure)
    winners = [names.index(n) for n in order[:left]]
    chosen = sure + [(cut, p) for p in winners]
    return chosen, sorted(names[p] for _, p in tied), set(winners)


def _highest_averages(r: Apportionment, lots: Lots) -> None:
    live = [i for i, ok in enumerate(r.qualified) if ok]
    divisors = [divisor(r.method, k) for k in range(r.seats)]
    entries = [(Fraction(r.votes[i]) / d, i, k) for i in live for k, d in enumerate(divisors)]
    # Sort by quotient, best first; a party's own quotients fall with k, so its k-th
    # entry always comes after its (k-1)-th.
    entries.sort(key=lambda e: (-e[0], e[2], e[1]))
    ranked = [(q, i) for q, i, _ in entries]
    chosen, tied, drawn = _settle(ranked, r.seats, lots, r.parties,
                                  "equal quotients for the last place(s)")
    if tied:
        r.ties.append(tied)
    for place, (q, i) in enumerate(chosen, start=1):
        k = r.places[i]
        r.places[i] += 1
        r.awards.append(Award(place, r.parties[i], q, divisors[k],
                              by_lot=i in drawn and q == chosen[-1][0]))
    # The table: every quotient that took a place, and one more column showing what the
    # next place would have needed (the quotients that just missed).
    columns = min(max(r.places) + 1, r.seats + 1)
    r.divisors = [divisor(r.method, k) for k in range(columns)]
    r.quotients = [[Fraction(r.votes[i]) / d if r.qualified[i] else Fraction(0)
                    for d in r.divisors] for i in range(len(r.parties))]


def _largest_remainder(r: Apportionment, lots: Lots) -> None:
    live = [i for i, ok in enumerate(r.qualified) if ok]
    total = sum(r.votes[i] for i in live)
    if r.method == "hare":
        r.quota = Fraction(total, r.seats)
    else:
        r.quota = Fraction(total // (r.seats + 1) + 1)
    n = len(r.parties)
    r.whole = [0] * n
    r.remainders = [Fraction(0)] * n
    for i in live:
        share = r.votes[i] / r.quota
        r.whole[i] = int(share)
        r.remainders[i] = share - r.whole[i]
    for i in sorted(live, key=lambda i: -r.whole[i]):
        for _ in range(r.whole[i]):
            r.places[i] += 1
            r.awards.append(Award(len(r.awards) + 1, r.parties[i], r.quota))
    left = r.seats - sum(r.whole)
    if left > len(live):
        raise CountError(
            f"the Droop quota ({r.quota}) leaves {left} places for {len(live)} parties' "
            "remainders; with so few votes for so many places use hare or a divisor method")
    ranked = sorted(((r.remainders[i], i) for i in live), key=lambda e: (-e[0], e[1]))
    chosen, tied, drawn = _settle(ranked, left, lots, r.parties,
                                  "equal remainders for the last place(s)")
    if tied:
        r.ties.append(tied)
    for rem, i in chosen:
        r.places[i] += 1
        r.awards.append(Award(len(r.awards) + 1, r.parties[i], rem,
                              by_lot=i in drawn and rem == chosen[-1][0]))
