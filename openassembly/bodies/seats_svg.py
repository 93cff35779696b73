"""A body's composition as a parliament-style seat diagram, drawn server-side as SVG."""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

KIND_COLOURS = {
    "elected": "#1f6f8b",
    "nominated": "#b5651d",
    "ex-officio": "#5b8c3a",
}
OFFICER_COLOUR = "#7a1f5c"


@dataclass(frozen=True)
class Place:
    group: str
    kind: str
    officer: bool
    holder: str | None


def _rows_for(total: int) -> int:
    rows = 1
    while _capacity(rows) < total:
        rows += 1
    return rows


def _capacity(rows: int) -> int:
    return sum(int(math.pi * (rows + r) / 1.1) for r in range(rows))


def composition_sentence(places: list[Place]) -> str:
    """What the diagram shows, in words: how many seats, how each kind is filled, how many
    are vacant (read out with the diagram, so nobody needs to tell the colours apart)."""
    total = len(places)
    if not total:
        return "No seats."
    filled = [p for p in places if p.holder is not None]
    kinds = {"officer": 0, "elected": 0, "nominated": 0, "ex-officio": 0}
    for place in filled:
        key = "officer" if place.officer else place.kind
        kinds[key] = kinds.get(key, 0) + 1
    names = {"officer": "officer", "ex-officio": "ex officio"}
    parts = [f"{n} {names.get(k, k)}{'s' if k == 'officer' and n != 1 else ''}"
             for k, n in kinds.items() if n]
    sentence = f"{len(filled)} of {total} seats filled"
    if parts:
        sentence += ": " + ", ".join(parts)
    vacant = total - len(filled)
    return sentence + (f"; {vacant} vacant." if vacant else ".")


def seat_diagram(places: list[Place], *, title: str) -> str:
    """Filled seats solid, vacancies hollow; each has a <title> so screen readers name it."""
    total = len(places)
    width, height = 400, 220
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="seat-title seat-desc" class="seat-diagram">',
        f'<title id="seat-title">{escape(title)}</title>',
        f'<desc id="seat-desc">{escape(composition_sentence(places))}</desc>',
    ]
    if total == 0:
        parts.append('<text x="200" y="110" text-anchor="middle">No seats</text></svg>')
        return "".join(parts)
    rows = _rows_for(total)
    # Share places among rows in proportion to each row's length, outer rows fullest.
    lengths = [rows + r for r in range(rows)]
    counts = [round(total * length / sum(lengths)) for length in lengths]
    counts[-1] += total - sum(counts)
    positions = []
    radius_step = 150 / rows
    dot = min(10.0, radius_step * 0.38)
    for r, count in enumerate(counts):
        radius = 50 + radius_step * (r + 0.5)
        for i in range(count):
            angle = math.pi * (1 - (i + 0.5) / count) if count else 0
            positions.append(
                (angle, 200 + radius * math.cos(angle), 205 - radius * math.sin(angle))
            )
    positions.sort(key=lambda p: -p[0])
    for place, (_, x, y) in zip(places, positions, strict=True):
        colour = OFFICER_COLOUR if place.officer else KIND_COLOURS.get(place.kind, "#666")
        filled = place.holder is not None
        label = f"{place.group}: {place.holder}" if filled else f"{place.group}: vacant"
        fill = colour if filled else "#fff"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{dot:.1f}" fill="{fill}" stroke="{colour}" '
            f'stroke-width="2" class="seat {"filled" if filled else "vacant"}">'
            f"<title>{escape(label)}</title></circle>"
        )
    filled_count = sum(1 for p in places if p.holder)
    parts.append(
        f'<text x="200" y="200" text-anchor="middle" font-size="22" font-family="sans-serif">'
        f"{filled_count}/{total}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
