"""A scenario: which parties ally, where, who stands, and how partners' votes move.

Every number that decides a seat is an ``int`` or a ``Fraction``; rates are read from
decimal text ("0.8"), fractions ("4/5") or percentages ("80%") exactly, never via float.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Literal

from openassembly.analysis.errors import ScenarioError
from openassembly.analysis.exact import fraction_text, percent_text
from openassembly.analysis.results import ResultSet

Mode = Literal["single", "pooled"]
CandidateRule = Literal["first", "assigned"]
MODES = ("single", "pooled")
CANDIDATE_RULES = ("first", "assigned")


def parse_rate(text: str | int | Fraction) -> Fraction:
    """A transfer rate between 0 and 1 inclusive, read exactly."""
    if isinstance(text, Fraction | int) and not isinstance(text, bool):
        value = Fraction(text)
    elif isinstance(text, str):
        s = text.strip()
        percent = s.endswith("%")
        try:
            value = Fraction(s[:-1].strip() if percent else s)
        except (ValueError, ZeroDivisionError):
            raise ScenarioError(f"rate {text!r} is not a number (use 0.8, 4/5 or 80%)") from None
        if percent:
            value /= 100
    else:
        raise ScenarioError(f"rate {text!r} is not a number (use 0.8, 4/5 or 80%)")
    if not 0 <= value <= 1:
        raise ScenarioError(f"rate {text!r} is outside 0 to 1 (0% to 100%)")
    return value


@dataclass(frozen=True)
class Scenario:
    """Everything that decides an analysis, apart from the results file itself.

    ``alliance``: party codes; their order breaks ties between alliance parties with equal
    votes when choosing the candidate. ``nations``/``regions``: empty means all; when both
    are given a seat must match both. ``rates``: (from partner, to candidate party, rate);
    pairs not listed use ``default_rate``. ``assignments``: (constituency, party) fixed
    candidates that override the rule. ``candidate_rule``: "first" (the alliance party
    with most votes in the seat stands) or "assigned" (only seats with a fixed assignment
    are analysed).
    """

    alliance: tuple[str, ...]
    mode: Mode = "single"
    nations: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    rates: tuple[tuple[str, str, Fraction], ...] = ()
    default_rate: Fraction = Fraction(1)
    assignments: tuple[tuple[str, str], ...] = ()
    candidate_rule: CandidateRule = "first"
    _rate_map: dict[tuple[str, str], Fraction] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # Accept lists and mappings from callers (forms, JSON) but store a canonical form,
        # so two equal scenarios compare, hash and serialise the same.
        set_ = object.__setattr__
        set_(self, "alliance", tuple(_clean(self.alliance)))
        set_(self, "nations", tuple(sorted(_clean(self.nations))))
        set_(self, "regions", tuple(sorted(_clean(self.regions))))
        rates = self.rates.items() if isinstance(self.rates, Mapping) else self.rates
        triples = []
        for item in rates:
            if len(item) == 2:  # ((from, to), rate) from a mapping
                (src, dst), rate = item
            else:
                src, dst, rate = item
            triples.append((str(src).strip(), str(dst).strip(), parse_rate(rate)))
        set_(self, "rates", tuple(sorted(triples, key=lambda t: (t[0], t[1]))))
        set_(self, "default_rate", parse_rate(self.default_rate))
        pairs = self.assignments
        if isinstance(pairs, Mapping):
            pairs = pairs.items()
        set_(self, "assignments", tuple(sorted((str(s).strip(), str(p).strip()) for s, p in pairs)))
        if self.mode not in MODES:
            raise ScenarioError(f"unknown mode {self.mode!r} (use single or pooled)")
        if self.candidate_rule not in CANDIDATE_RULES:
            raise ScenarioError(
                f"unknown candidate rule {self.candidate_rule!r} (use first or assigned)"
            )
        if len(self.alliance) < 2:
            raise ScenarioError("an alliance needs at least two parties")
        folded = [p.casefold() for p in self.alliance]
        if len(set(folded)) != len(folded):
            named = ",".join(self.alliance)
            raise ScenarioError(f"a party is named twice in the alliance: {named}")
        set_(self, "_rate_map", {(s, d): r for s, d, r in self.rates})

    def rate(self, partner: str, candidate: str) -> Fraction:
        """The share of ``partner``'s voters who vote for ``candidate``'s party."""
        return self._rate_map.get((partner, candidate), self.default_rate)

    def resolve(self, results: ResultSet) -> Scenario:
        """This scenario with names spelled as in ``results``; unknown names are errors."""
        parties = _matcher(results.alliance_parties, "party", "parties")
        alliance = tuple(parties(p) for p in self.alliance)
        rates = []
        seen_pairs: set[tuple[str, str]] = set()
        for src, dst, rate in self.rates:
            pair = (parties(src), parties(dst))
            for party in pair:
                if party not in alliance:
                    raise ScenarioError(f"rate {src}:{dst}: {party} is not in the alliance")
            if pair[0] == pair[1]:
                raise ScenarioError(f"rate {src}:{dst}: a party does not transfer to itself")
            if pair in seen_pairs:
                raise ScenarioError(f"rate {src}:{dst} is given twice")
            seen_pairs.add(pair)
            rates.append((*pair, rate))
        nations = tuple(_matcher(results.nations, "nation", "nations")(n) for n in self.nations)
        regions = tuple(_matcher(results.regions, "region", "regions")(r) for r in self.regions)
        assignments = []
        seen_seats: set[str] = set()
        for seat_key, party in self.assignments:
            seat = results.find(seat_key)
            if seat is None:
                raise ScenarioError(f"assignment {seat_key}={party}: no such constituency")
            if seat.name in seen_seats:
                raise ScenarioError(f"constituency {seat.name} is assigned twice")
            seen_seats.add(seat.name)
            resolved = parties(party)
            if resolved not in alliance:
                raise ScenarioError(
                    f"assignment {seat_key}={party}: {resolved} is not in the alliance"
                )
            assignments.append((seat.name, resolved))
        if self.candidate_rule == "assigned" and not assignments:
            raise ScenarioError("candidate rule 'assigned' needs at least one assignment")
        return replace(
            self,
            alliance=alliance,
            rates=tuple(rates),
            nations=nations,
            regions=regions,
            assignments=tuple(assignments),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "alliance": list(self.alliance),
            "mode": self.mode,
            "nations": list(self.nations),
            "regions": list(self.regions),
            "candidate_rule": self.candidate_rule,
            "assignments": [{"constituency": s, "party": p} for s, p in self.assignments],
            "default_rate": fraction_text(self.default_rate),
            "rates": [{"from": s, "to": d, "rate": fraction_text(r)} for s, d, r in self.rates],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        known = {
            "alliance",
            "mode",
            "nations",
            "regions",
            "candidate_rule",
            "assignments",
            "default_rate",
            "rates",
        }
        unknown = sorted(set(data) - known)
        if unknown:
            raise ScenarioError(f"unknown scenario field(s): {', '.join(unknown)}")
        try:
            return cls(
                alliance=tuple(data["alliance"]),
                mode=data.get("mode", "single"),
                nations=tuple(data.get("nations", ())),
                regions=tuple(data.get("regions", ())),
                candidate_rule=data.get("candidate_rule", "first"),
                assignments=tuple(
                    (a["constituency"], a["party"]) for a in data.get("assignments", ())
                ),
                default_rate=data.get("default_rate", "1"),
                rates=tuple((r["from"], r["to"], r["rate"]) for r in data.get("rates", ())),
            )
        except (KeyError, TypeError) as exc:
            raise ScenarioError(f"scenario field missing or malformed: {exc}") from None

    def describe(self) -> str:
        """One line a reader can check against the command that produced it."""
        where = ", ".join(self.nations + self.regions) or "all seats"
        rates = "; ".join(f"{s}→{d} {percent_text(r)}" for s, d, r in self.rates)
        text = (
            f"Alliance {' + '.join(self.alliance)}, {self.mode} mode, {where}, "
            f"transfer {percent_text(self.default_rate)}"
        )
        if rates:
            text += f" except {rates}"
        if self.assignments:
            text += f", {len(self.assignments)} fixed candidate(s)"
        if self.candidate_rule == "assigned":
            text += " (assigned seats only)"
        return text


def _clean(items: Iterable[str] | str) -> list[str]:
    if isinstance(items, str):
        items = items.split(",")
    return [str(i).strip() for i in items if str(i).strip()]


def _matcher(known: Iterable[str], what: str, plural: str):
    by_fold = {k.casefold(): k for k in known}

    def match(name: str) -> str:
        found = by_fold.get(name.strip().casefold())
        if found is None:
            raise ScenarioError(
                f"unknown {what} {name!r} (known {plural}: {', '.join(sorted(by_fold.values()))})"
            )
        return found

    return match
