"""Plain-text, CSV and JSON renderings of an Analysis.

The web pages build their tables from ``summary_rows`` and ``seat_rows`` too, so the
command line and the page show the same figures, formatted the same way.
"""

from __future__ import annotations

import csv
import io
import json

from openassembly.analysis import spreadsheet
from openassembly.analysis.engine import COMBINED, Analysis, SeatOutcome
from openassembly.analysis.exact import decimal_text, fraction_text

STATUS_TITLES = {
    "gain": "Seats gained",
    "needs_pooled": "Seats that need two or more partners together (not counted as gains)",
    "tie": "Seats that would end in a dead heat (decided by lot; not counted)",
}
SEAT_COLUMNS = (
    "Constituency",
    "Nation",
    "Winner",
    "Majority",
    "Alliance candidate",
    "Gap",
    "Attributed to",
    "Partners",
    "Votes closing gap",
    "Margin",
)
CSV_COLUMNS = (
    "status",
    "constituency",
    "code",
    "nation",
    "region",
    "winner",
    "winner_votes",
    "majority",
    "candidate",
    "candidate_votes",
    "gap",
    "attributed_to",
    "partners",
    "votes_closing_gap",
    "margin",
    "sufficient_alone",
)


def summary_rows(analysis: Analysis) -> list[tuple[str, str]]:
    t = analysis.totals
    rows = [
        ("Seats in scope", f"{t.seats_in_scope:,}"),
        ("Already held by the alliance", f"{t.held_by_alliance:,}"),
        ("No alliance candidate", f"{t.no_alliance_candidate:,}"),
        ("Seats gained", f"{t.gains:,}"),
        ("Alliance seats after", f"{t.alliance_seats_after:,}"),
    ]
    if analysis.scenario.mode == "single":
        rows.append(("Need pooled votes (not counted)", f"{t.needs_pooled:,}"))
    rows.append(("Dead heats (not counted)", f"{t.ties:,}"))
    return rows


def party_rows(analysis: Analysis) -> list[tuple[str, str, str]]:
    """(party, seats gained as candidate, seats attributed to it as partner)."""
    rows = [
        (p, str(analysis.gains_by_party[p]), str(analysis.gains_by_partner[p]))
        for p in analysis.scenario.alliance
    ]
    if COMBINED in analysis.gains_by_partner:
        rows.append(("(combined partners)", "", str(analysis.gains_by_partner[COMBINED])))
    rows.append(("Total", str(analysis.totals.gains), str(sum(analysis.gains_by_partner.values()))))
    return rows


def seat_rows(seats: tuple[SeatOutcome, ...]) -> list[tuple[str, ...]]:
    return [
        (
            s.constituency,
            s.nation,
            s.winner,
            f"{s.majority:,}",
            f"{s.candidate} ({s.candidate_votes:,})",
            f"{s.gap:,}",
            s.attributed_to or "-",
            "+".join(s.partners) or "-",
            decimal_text(s.votes_closing_gap),
            decimal_text(s.margin),
        )
        for s in seats
    ]


def render_text(analysis: Analysis) -> str:
    out = [
        "Pact analysis: " + analysis.scenario.describe(),
        f"Data: {analysis.data_name} ({analysis.data_format}, "
        f"{analysis.data_constituencies} constituencies, sha256 {analysis.data_sha256})",
        "",
        _table(("", "Seats"), summary_rows(analysis), right=(1,)),
        "",
        _table(
            ("Party", "Gained as candidate", "Attributed as partner"),
            party_rows(analysis),
            right=(1, 2),
        ),
    ]
    for status, title in STATUS_TITLES.items():
        seats = analysis.seats_with(status)
        if not seats:
            continue
        out += [
            "",
            f"{title}: {len(seats)}",
            _table(SEAT_COLUMNS, seat_rows(seats), right=(3, 5, 8, 9)),
        ]
    return "\n".join(out) + "\n"


def render_json(analysis: Analysis) -> str:
    return json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False) + "\n"


def render_csv(analysis: Analysis) -> str:
    """One row per listed seat; numbers are exact (whole, or "p/q" under partial rates)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in analysis.seats:
        writer.writerow(
            spreadsheet.row(
                (
                    s.status,
                    s.constituency,
                    s.code,
                    s.nation,
                    s.region,
                    s.winner,
                    s.winner_votes,
                    s.majority,
                    s.candidate,
                    s.candidate_votes,
                    s.gap,
                    s.attributed_to or "",
                    "+".join(s.partners),
                    fraction_text(s.votes_closing_gap),
                    fraction_text(s.margin),
                    "+".join(s.sufficient_alone),
                )
            )
        )
    return buf.getvalue()


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], *, right=()) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells) -> str:
        parts = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])
