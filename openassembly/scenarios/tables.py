"""The tables `openassembly pact` prints, as data for a page.

Rows come from the pure package's own row functions, and headers and titles mirror
``render_text``; a test compares a page with the command's output line by line.
"""

from __future__ import annotations

from dataclasses import dataclass

from openassembly.analysis import Analysis, party_rows, seat_rows, summary_rows
from openassembly.analysis.render import SEAT_COLUMNS, STATUS_TITLES

SUMMARY_HEADER = ("", "Seats")
PARTY_HEADER = ("Party", "Gained as candidate", "Attributed as partner")


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    numeric: frozenset[int]

    def cells(self):
        """Rows of (text, is_numeric) for the template."""
        return [[(c, i in self.numeric) for i, c in enumerate(row)] for row in self.rows]

    def header_cells(self):
        return [(c, i in self.numeric) for i, c in enumerate(self.header)]


def page_tables(analysis: Analysis) -> list[Table]:
    tables = [
        Table("summary", "", SUMMARY_HEADER, summary_rows(analysis), frozenset({1})),
        Table("parties", "", PARTY_HEADER, party_rows(analysis), frozenset({1, 2})),
    ]
    for status, title in STATUS_TITLES.items():
        seats = analysis.seats_with(status)
        if seats:
            tables.append(
                Table(
                    status,
                    f"{title}: {len(seats)}",
                    SEAT_COLUMNS,
                    seat_rows(seats),
                    frozenset({3, 5, 8, 9}),
                )
            )
    return tables


def data_line(analysis: Analysis) -> str:
    return (
        f"Data: {analysis.data_name} ({analysis.data_format}, "
        f"{analysis.data_constituencies} constituencies, sha256 {analysis.data_sha256})"
    )
