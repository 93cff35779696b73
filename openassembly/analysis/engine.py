"""The analysis: which seats a scenario would change, and to whom each is attributed.

For each seat in scope the alliance candidate is chosen (fixed assignment, else the
alliance party with most votes, ties going to the party named earlier in the alliance).
Seats the alliance already holds, and seats where no alliance party stood, are not
gains. Otherwise let ``gap`` = winner's votes - candidate's votes, and for each partner
(every other alliance party with votes) ``transfer`` = partner's votes x rate(partner,
candidate party), an exact Fraction.

* A partner *alone* flips the seat when its transfer > gap. A transfer equal to the gap
  gives a dead heat, which the returning officer settles by lot: never counted as a gain.
* Attribution: among partners that flip the seat alone, the one with the largest transfer
  (so the largest margin), then the party code earliest alphabetically (case-folded).
  Each seat is attributed to exactly one partner, so no seat is counted twice.
* Single mode: seats no partner flips alone but the partners together do (sum of
  transfers > gap) are listed as ``needs_pooled`` and are not gains; their partner list
  is the fewest partners that suffice, taken largest transfer first.
* Pooled mode: every partner stands aside; a gain when the sum of transfers > gap. The
  seat is attributed as above when one partner would suffice, else to ``COMBINED``.
* ``tie``: the most the mode allows lands exactly on the winner's votes.

Transferred votes that are not passed on (rate below 100%) are assumed not to reach the
winner either: the rate models turnout and loyalty of the partner's voters, not a swing
to the incumbent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from openassembly.analysis.errors import ScenarioError
from openassembly.analysis.exact import json_number
from openassembly.analysis.results import Constituency, ResultSet
from openassembly.analysis.scenario import Scenario

FORMAT = "openassembly.pact"
FORMAT_VERSION = 1
COMBINED = "combined"
Status = Literal["gain", "needs_pooled", "tie"]
STATUS_ORDER = {"gain": 0, "needs_pooled": 1, "tie": 2}


@dataclass(frozen=True)
class SeatOutcome:
    """A seat the scenario gains, or could gain only with pooling, or ties."""

    status: Status
    constituency: str
    code: str
    nation: str
    region: str
    winner: str
    winner_votes: int
    majority: int
    candidate: str
    candidate_votes: int
    gap: int
    attributed_to: str | None
    partners: tuple[str, ...]
    votes_closing_gap: Fraction
    margin: Fraction
    sufficient_alone: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "constituency": self.constituency,
            "code": self.code,
            "nation": self.nation,
            "region": self.region,
            "winner": self.winner,
            "winner_votes": self.winner_votes,
            "majority": self.majority,
            "candidate": self.candidate,
            "candidate_votes": self.candidate_votes,
            "gap": self.gap,
            "attributed_to": self.attributed_to,
            "partners": list(self.partners),
            "votes_closing_gap": json_number(self.votes_closing_gap),
            "margin": json_number(self.margin),
            "sufficient_alone": list(self.sufficient_alone),
        }


@dataclass(frozen=True)
class Totals:
    seats_in_scope: int
    held_by_alliance: int
    no_alliance_candidate: int
    gains: int
    needs_pooled: int
    ties: int

    @property
    def alliance_seats_after(self) -> int:
        return self.held_by_alliance + self.gains

    @property
    def unchanged(self) -> int:
        return self.seats_in_scope - self.held_by_alliance - self.no_alliance_candidate - self.gains

    def to_dict(self) -> dict[str, int]:
        return {
            "seats_in_scope": self.seats_in_scope,
            "held_by_alliance": self.held_by_alliance,
            "no_alliance_candidate": self.no_alliance_candidate,
            "gains": self.gains,
            "alliance_seats_after": self.alliance_seats_after,
            "needs_pooled": self.needs_pooled,
            "ties": self.ties,
            "unchanged": self.unchanged,
        }


@dataclass(frozen=True)
class Analysis:
    scenario: Scenario
    data_name: str
    data_format: str
    data_sha256: str
    data_constituencies: int
    totals: Totals
    gains_by_party: dict[str, int]
    gains_by_partner: dict[str, int]
    seats: tuple[SeatOutcome, ...]

    def seats_with(self, status: Status) -> tuple[SeatOutcome, ...]:
        return tuple(s for s in self.seats if s.status == status)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; with the data hash and every parameter, so anyone can re-run it."""
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "data": {
                "name": self.data_name,
                "format": self.data_format,
                "sha256": self.data_sha256,
                "constituencies": self.data_constituencies,
            },
            "scenario": self.scenario.to_dict(),
            "totals": self.totals.to_dict(),
            "gains_by_party": dict(self.gains_by_party),
            "gains_by_partner": dict(self.gains_by_partner),
            "seats": [s.to_dict() for s in self.seats],
        }


def analyse(results: ResultSet, scenario: Scenario) -> Analysis:
    """Run ``scenario`` on ``results``; raises ScenarioError for names the data lacks."""
    sc = scenario.resolve(results)
    assigned = dict(sc.assignments)
    in_scope = [c for c in results.constituencies if _in_scope(c, sc, assigned)]
    held = no_candidate = 0
    outcomes: list[SeatOutcome] = []
    for seat in in_scope:
        if seat.winner in sc.alliance:
            held += 1
            continue
        candidate = assigned.get(seat.name) or _first_alliance_party(seat, sc.alliance)
        if candidate is None:
            no_candidate += 1
            continue
        outcome = _seat_outcome(seat, candidate, sc)
        if outcome is not None:
            outcomes.append(outcome)
    outcomes.sort(key=lambda o: (STATUS_ORDER[o.status], o.constituency.casefold()))
    gains = [o for o in outcomes if o.status == "gain"]
    by_party = dict.fromkeys(sc.alliance, 0)
    by_partner = dict.fromkeys(sc.alliance, 0)
    if sc.mode == "pooled":
        by_partner[COMBINED] = 0
    for o in gains:
        by_party[o.candidate] += 1
        by_partner[o.attributed_to] += 1
    totals = Totals(
        seats_in_scope=len(in_scope),
        held_by_alliance=held,
        no_alliance_candidate=no_candidate,
        gains=len(gains),
        needs_pooled=sum(o.status == "needs_pooled" for o in outcomes),
        ties=sum(o.status == "tie" for o in outcomes),
    )
    return Analysis(
        scenario=sc,
        data_name=results.name,
        data_format=results.format,
        data_sha256=results.sha256,
        data_constituencies=len(results),
        totals=totals,
        gains_by_party=by_party,
        gains_by_partner=by_partner,
        seats=tuple(outcomes),
    )


def rerun(saved: Mapping[str, Any], results: ResultSet) -> Analysis:
    """Re-run a saved analysis (``Analysis.to_dict()``) on the data it names."""
    if saved.get("format") != FORMAT or saved.get("version") != FORMAT_VERSION:
        raise ScenarioError(f"not a saved analysis of format {FORMAT} version {FORMAT_VERSION}")
    expected = saved.get("data", {}).get("sha256")
    if expected != results.sha256:
        raise ScenarioError(
            f"the results file differs from the one analysed (sha256 {results.sha256[:12]}…, "
            f"expected {str(expected)[:12]}…)"
        )
    return analyse(results, Scenario.from_dict(saved["scenario"]))


def _in_scope(seat: Constituency, sc: Scenario, assigned: dict[str, str]) -> bool:
    if sc.nations and seat.nation not in sc.nations:
        return False
    if sc.regions and seat.region not in sc.regions:
        return False
    return sc.candidate_rule != "assigned" or seat.name in assigned


def _first_alliance_party(seat: Constituency, alliance: tuple[str, ...]) -> str | None:
    # max() keeps the first of equals, so alliance order breaks ties.
    best = max(alliance, key=seat.votes_for)
    return best if seat.votes_for(best) > 0 else None


def _seat_outcome(seat: Constituency, candidate: str, sc: Scenario) -> SeatOutcome | None:
    candidate_votes = seat.votes_for(candidate)
    gap = seat.winner_votes - candidate_votes
    transfers = {
        p: seat.votes_for(p) * sc.rate(p, candidate)
        for p in sc.alliance
        if p != candidate and seat.votes_for(p) > 0
    }
    # Largest transfer first, then party code: the attribution order.
    ranked = sorted(transfers.items(), key=lambda pt: (-pt[1], pt[0].casefold(), pt[0]))
    alone = tuple(p for p, t in ranked if t > gap)
    pooled = sum(transfers.values(), Fraction(0))

    def outcome(status: Status, attributed: str | None, partners: tuple[str, ...]):
        closing = sum((transfers[p] for p in partners), Fraction(0))
        return SeatOutcome(
            status=status,
            constituency=seat.name,
            code=seat.code,
            nation=seat.nation,
            region=seat.region,
            winner=seat.winner,
            winner_votes=seat.winner_votes,
            majority=seat.majority,
            candidate=candidate,
            candidate_votes=candidate_votes,
            gap=gap,
            attributed_to=attributed,
            partners=partners,
            votes_closing_gap=closing,
            margin=closing - gap,
            sufficient_alone=alone,
        )

    everyone = tuple(p for p, _ in ranked)
    if sc.mode == "pooled":
        if pooled > gap:
            return outcome("gain", alone[0] if alone else COMBINED, everyone)
        return outcome("tie", None, everyone) if pooled == gap and everyone else None
    if alone:
        return outcome("gain", alone[0], (alone[0],))
    if pooled > gap:
        return outcome("needs_pooled", None, _fewest_partners(ranked, gap))
    return outcome("tie", None, everyone) if pooled == gap and everyone else None


def _fewest_partners(ranked: list[tuple[str, Fraction]], gap: int) -> tuple[str, ...]:
    # Taking the largest transfers first reaches any total with the fewest partners.
    chosen: list[str] = []
    total = Fraction(0)
    for party, transfer in ranked:
        chosen.append(party)
        total += transfer
        if total > gap:
            break
    return tuple(chosen)
