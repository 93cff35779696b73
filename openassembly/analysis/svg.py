"""An SVG bar chart of an Analysis: self-contained, no scripts, the same bytes every run."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from openassembly.analysis.engine import COMBINED, Analysis

# Colours commonly used for these parties; anything else is drawn in grey.
PARTY_COLOURS = {
    "Con": "#0087dc",
    "Lab": "#e4003b",
    "LD": "#faa61a",
    "Green": "#02a95b",
    "PC": "#005b54",
    "SNP": "#fdf38e",
    "UKIP": "#6d3177",
    "SDLP": "#2aa82c",
    "SF": "#326760",
    "Alliance": "#f6cb2f",
    "DUP": "#d46a4c",
    "UUP": "#48a5ee",
}
OTHER_COLOUR = "#8c8c8c"
WIDTH = 640
LABEL_W = 190
BAR_MAX = 360
ROW_H = 26
FONT = "font-family='system-ui, sans-serif'"


def render_svg(analysis: Analysis) -> str:
    groups = [
        ("Seats gained, by alliance candidate", list(analysis.gains_by_party.items())),
        (
            "Seats gained, by partner whose votes close the gap",
            [
                ("two or more partners" if p == COMBINED else p, n)
                for p, n in analysis.gains_by_partner.items()
            ],
        ),
    ]
    if analysis.scenario.mode == "single":
        groups.append(
            (
                "Not counted",
                [
                    ("need pooled votes", analysis.totals.needs_pooled),
                    ("dead heat", analysis.totals.ties),
                ],
            )
        )
    top = max([1, *(n for _, rows in groups for _, n in rows)])
    body: list[str] = []
    y = 64
    for title, rows in groups:
        body.append(_text(16, y, title, weight="bold"))
        y += 10
        for label, n in rows:
            length = (2 * BAR_MAX * n + top) // (2 * top)
            colour = PARTY_COLOURS.get(label, OTHER_COLOUR)
            body.append(_text(LABEL_W - 8, y + 17, label, anchor="end"))
            body.append(
                f"<rect x='{LABEL_W}' y='{y + 4}' width='{length}' height='{ROW_H - 8}' "
                f"fill='{colour}'><title>{escape(label)}: {n}</title></rect>"
            )
            body.append(_text(LABEL_W + length + 6, y + 17, str(n)))
            y += ROW_H
        y += 22
    height = y + 8
    t = analysis.totals
    head = [
        _text(16, 24, f"Pact scenario: {t.gains} seat(s) gained", size=17, weight="bold"),
        _text(16, 44, analysis.scenario.describe(), size=12),
    ]
    foot = _text(
        16,
        height - 10,
        f"Data {analysis.data_name}, sha256 {analysis.data_sha256[:16]}…; "
        f"{t.held_by_alliance} already held, {t.alliance_seats_after} after",
        size=11,
    )
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{height + 14}' "
        f"viewBox='0 0 {WIDTH} {height + 14}' role='img' "
        f"aria-label={quoteattr('Pact scenario chart: ' + analysis.scenario.describe())}>\n"
        f"<rect width='100%' height='100%' fill='#ffffff'/>\n"
        + "\n".join([*head, *body, foot])
        + "\n</svg>\n"
    )


def _text(
    x: int, y: int, text: str, *, size: int = 13, weight: str = "normal", anchor: str = "start"
) -> str:
    return (
        f"<text x='{x}' y='{y}' {FONT} font-size='{size}' font-weight='{weight}' "
        f"text-anchor='{anchor}' fill='#222'>{escape(text)}</text>"
    )
