"""Charts for the public record, drawn as SVG on the server: no script, nothing to download,
and they print. The geometry is pure (no Django), so it is tested on its own; each chart has a
<title> and a <desc> that says what it shows, and the page puts the same figures in a table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class TurnoutPoint:
    label: str
    when: date
    voters: int
    roll: int

    @property
    def percent(self) -> float:
        return 100 * self.voters / self.roll if self.roll else 0.0


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float


def bars(values: list[float], *, left: float, top: float, width: float, height: float,
         peak: float, gap: float = 0.25) -> list[Bar]:
    """Bars side by side in the box (left, top, width, height), each as tall as its value is
    of the peak; a gap (a share of each slot) between them. Values above the peak are capped."""
    if not values:
        return []
    slot = width / len(values)
    out = []
    for i, value in enumerate(values):
        h = height * min(max(value, 0.0), peak) / peak if peak > 0 else 0.0
        out.append(Bar(x=left + slot * i + slot * gap / 2, y=top + height - h,
                       width=slot * (1 - gap), height=h))
    return out


def turnout_svg(points: list[TurnoutPoint], *, title: str, ident: str = "turnout") -> str:
    """One bar per ballot in date order, its height the share of the roll who voted."""
    points = sorted(points, key=lambda p: (p.when, p.label))
    width, height = 640, 300
    left, right, top, bottom = 48, 12, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    laid = bars([p.percent for p in points], left=left, top=top, width=plot_w, height=plot_h,
                peak=100.0)
    if points:
        lowest = min(points, key=lambda p: p.percent)
        highest = max(points, key=lambda p: p.percent)
        desc = (f"{len(points)} ballot{'s' if len(points) != 1 else ''} from "
                f"{points[0].when:%B %Y} to {points[-1].when:%B %Y}; turnout from "
                f"{lowest.percent:.0f}% ({lowest.label}) to {highest.percent:.0f}% "
                f"({highest.label}).")
    else:
        desc = "No ballot has closed yet."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h - plot_h * pct / 100
        parts.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" '
                     f'y2="{y:.1f}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{pct}%</text>')
    parts.append(f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
                 f'y2="{top + plot_h}"/>')
    for point, bar in zip(points, laid, strict=True):
        parts.append(
            f'<rect class="bar" x="{bar.x:.1f}" y="{bar.y:.1f}" width="{bar.width:.1f}" '
            f'height="{bar.height:.1f}"><title>{escape(point.label)}: {point.voters} of '
            f"{point.roll} ({point.percent:.0f}%)</title></rect>")
        cx = bar.x + bar.width / 2
        parts.append(f'<text x="{cx:.1f}" y="{max(bar.y - 4, top + 10):.1f}" '
                     f'text-anchor="middle">{point.percent:.0f}%</text>')
        parts.append(f'<text x="{cx:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                     f"{point.when:%b %Y}</text>")
    parts.append("</svg>")
    return "".join(parts)
