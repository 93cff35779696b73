"""A stored analysis (``Analysis.to_dict()``) read back into an ``Analysis``.

Pages and downloads render the figures that were saved, through the pure package's own
row functions and renderers, so a saved page shows exactly what the command line printed
when the analysis was made; the re-run check then recomputes them from the data file.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from openassembly.analysis import (
    COMBINED,
    FORMAT,
    FORMAT_VERSION,
    Analysis,
    Scenario,
    ScenarioError,
    SeatOutcome,
    Totals,
)

_SEAT_INTS = ("winner_votes", "majority", "candidate_votes", "gap")
_SEAT_TEXT = ("status", "constituency", "code", "nation", "region", "winner", "candidate")


def analysis_from_dict(saved: Mapping[str, Any]) -> Analysis:
    """The inverse of ``Analysis.to_dict()``; refuses anything else with a one-line reason."""
    if saved.get("format") != FORMAT or saved.get("version") != FORMAT_VERSION:
        raise ScenarioError(f"not a saved analysis of format {FORMAT} version {FORMAT_VERSION}")
    try:
        data = saved["data"]
        totals = saved["totals"]
        scenario = Scenario.from_dict(saved["scenario"])
        return Analysis(
            scenario=scenario,
            data_name=str(data["name"]),
            data_format=str(data["format"]),
            data_sha256=str(data["sha256"]),
            data_constituencies=int(data["constituencies"]),
            totals=Totals(
                seats_in_scope=int(totals["seats_in_scope"]),
                held_by_alliance=int(totals["held_by_alliance"]),
                no_alliance_candidate=int(totals["no_alliance_candidate"]),
                gains=int(totals["gains"]),
                needs_pooled=int(totals["needs_pooled"]),
                ties=int(totals["ties"]),
            ),
            gains_by_party=_in_order(saved["gains_by_party"], scenario),
            gains_by_partner=_in_order(saved["gains_by_partner"], scenario),
            seats=tuple(_seat(s) for s in saved["seats"]),
        )
    except (KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
        raise ScenarioError(f"saved analysis is malformed: {exc!r}") from None


def _in_order(counts: Mapping[str, Any], scenario: Scenario) -> dict[str, int]:
    # PostgreSQL's jsonb does not keep key order; analyse() lists the alliance in its own
    # order, then "combined", and the JSON and SVG downloads follow that order.
    order = {p: i for i, p in enumerate((*scenario.alliance, COMBINED))}
    unknown = sorted(set(counts) - set(order))
    if unknown:
        raise ValueError(f"counts for parties not in the alliance: {', '.join(unknown)}")
    return {str(k): int(counts[k]) for k in sorted(counts, key=order.__getitem__)}


def _seat(s: Mapping[str, Any]) -> SeatOutcome:
    return SeatOutcome(
        **{k: str(s[k]) for k in _SEAT_TEXT},
        **{k: int(s[k]) for k in _SEAT_INTS},
        attributed_to=None if s["attributed_to"] is None else str(s["attributed_to"]),
        partners=tuple(str(p) for p in s["partners"]),
        # Exact: a whole number, or "p/q" text (never a float).
        votes_closing_gap=_exact(s["votes_closing_gap"]),
        margin=_exact(s["margin"]),
        sufficient_alone=tuple(str(p) for p in s["sufficient_alone"]),
    )


def _exact(value: Any) -> Fraction:
    # A float here would mean the JSON was not written by to_dict(): refuse, not round.
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{value!r} is not a whole number or 'p/q' text")
    return Fraction(value)
