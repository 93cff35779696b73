"""Renderings of a Result: a returning officer's stage table (text) and an SVG chart."""

from __future__ import annotations

from html import escape

from openassembly.counting.model import Result, fmt

_PALETTE = ["#1b6ca8", "#d1495b", "#66a182", "#edae49", "#8e6c8a", "#00798c", "#b5651d",
            "#2e4057", "#c0392b", "#7a9e9f", "#6b4226", "#4f772d"]


def render_text(result: Result) -> str:
    """The result sheet: for each stage the transfer (+/-) and the new total per candidate."""
    p = result.places
    lines = [result.title or "Election", f"Method: {result.rule} ({result.method}); seats: "
             f"{result.seats}; valid vote: {fmt(result.total, p)}"]
    if result.quota is not None:
        lines.append(f"Quota: {fmt(result.quota, p)}")
    if result.withdrawn:
        lines.append("Withdrawn: " + ", ".join(result.withdrawn))
    if result.invalid:
        lines.append(f"Ballots with no valid preference: {result.invalid}")
    stages = result.stages
    rows = [n for n in result.candidates if n not in result.withdrawn]
    width = max([len(n) for n in rows] + [16])
    cols: list[list[str]] = []
    for st in stages:
        col = [f"Stage {st.label}", ""]
        for name in rows:
            t = st.transfers.get(name)
            move = "" if not t else ("+" if t > 0 else "") + fmt(t, p)
            col.append(f"{move:>{len(fmt(st.votes[name], p)) + 3}} {fmt(st.votes[name], p)}")
        ex = st.transfers.get("exhausted")
        col.append(("+" + fmt(ex, p) + " " if ex else "") + fmt(st.exhausted, p))
        ro = st.transfers.get("rounding")
        col.append(("+" + fmt(ro, p) + " " if ro else "") + fmt(st.rounding, p))
        col.append(fmt(sum(st.votes.values()) + st.exhausted + st.rounding, p))
        cols.append(col)
    widths = [max(len(x) for x in col) for col in cols]
    labels = ["", "", *rows, "Non-transferable", "Loss to rounding", "Total"]
    for i, label in enumerate(labels):
        cells = [col[i].rjust(w) for col, w in zip(cols, widths, strict=True)]
        lines.append(f"{label:<{width}} | " + " | ".join(cells))
        if i == 1:
            lines[-1] = "-" * len(lines[-1])
    lines.append("")
    for st in stages:
        extra = []
        if st.elected:
            extra.append("elected: " + ", ".join(st.elected))
        if st.excluded:
            extra.append("excluded: " + ", ".join(st.excluded))
        quota = f" [quota {fmt(st.quota, p)}]" if st.quota not in (None, result.quota) else ""
        lines.append(f"Stage {st.label}: {st.reason}{quota}" +
                     (f" - {'; '.join(extra)}" if extra else ""))
    if result.ranking:
        lines.append("Ranking: " + " > ".join(" = ".join(t) for t in result.ranking))
    for tie in result.ties:
        lines.append("Tied: " + " = ".join(tie))
    for lot in result.lots:
        lines.append(f"Lot {lot.number} at stage {lot.stage} ({lot.purpose}): among "
                     f"{', '.join(lot.tied)} the draw ordered {', '.join(lot.order)}")
    if any(lot.by != "openassembly-lot-v1" for lot in result.lots):
        lines.append("Ties were broken by the tie order given in the ballot file ([tie ...]).")
    elif result.lots:
        lines.append(f"Lots seeded by ballot file SHA-256 {result.digest} and seed "
                     f"{result.seed!r} (procedure openassembly-lot-v1)")
    lines.append("Elected: " + (", ".join(result.elected) or "nobody"))
    lines.extend(result.notes)
    return "\n".join(lines) + "\n"


def stages_sentence(result: Result) -> str:
    """The chart's figures in words, for its <desc>: what a screen reader says instead of the
    lines (the results page's stage table has every figure as well)."""
    p = result.places
    stages = result.stages
    rows = [n for n in result.candidates if n not in result.withdrawn]
    seats = f"{result.seats} seat{'s' if result.seats != 1 else ''}"
    parts = [f"{len(stages)} stage{'s' if len(stages) != 1 else ''} of the count "
             f"({result.rule}) for {seats}; valid vote {fmt(result.total, p)}"]
    if result.quota is not None:
        parts[0] += f", quota {fmt(result.quota, p)}"
    parts[0] += "."

    def standing(stage) -> str:
        order = sorted(rows, key=lambda n: (-stage.votes.get(n, 0), n))
        return ", ".join(f"{name} {fmt(stage.votes.get(name, 0), p)}" for name in order)

    if stages:
        parts.append(f"First stage: {standing(stages[0])}.")
        if len(stages) > 1:
            parts.append(f"Last stage ({stages[-1].label}): {standing(stages[-1])}.")
    parts.append("Elected: " + (", ".join(result.elected) or "nobody") + ".")
    return " ".join(parts)


def render_svg(result: Result, *, width: int = 720, height: int = 420,
               ident: str = "count-chart") -> str:
    """A line chart of each candidate's votes by stage, with the quota dashed; its <title>
    and <desc> name it and give its figures in words."""
    stages = result.stages
    rows = [n for n in result.candidates if n not in result.withdrawn]
    left, right, top, bottom = 60, 190, 40, 50
    pw, ph = width - left - right, height - top - bottom
    peak = max([max(st.votes.values(), default=0) for st in stages] + [result.quota or 0, 1])
    xs = [left + (pw * i / max(1, len(stages) - 1)) for i in range(len(stages))]

    def y(v: int) -> float:
        return top + ph - ph * v / peak

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11" '
           f'role="img" aria-labelledby="{ident}-title {ident}-desc">',
           f'<title id="{ident}-title">{escape(result.title or "Election")}: votes by stage'
           "</title>",
           f'<desc id="{ident}-desc">{escape(stages_sentence(result))}</desc>',
           f'<text x="{left}" y="20" font-size="14">{escape(result.title or "Election")} - '
           f"{escape(result.rule)}</text>",
           f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" '
           'stroke="#333"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#333"/>']
    for i, st in enumerate(stages):
        out.append(f'<text x="{xs[i]:.1f}" y="{top + ph + 16}" text-anchor="middle">'
                   f"{escape(st.label)}</text>")
    out.append(f'<text x="{left + pw / 2}" y="{height - 10}" text-anchor="middle">stage'
               "</text>")
    for frac in (0, 0.5, 1):
        v = int(peak * frac)
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">'
                   f"{fmt(v, result.places).split('.')[0]}</text>")
    if result.quota:
        out.append(f'<line x1="{left}" y1="{y(result.quota):.1f}" x2="{left + pw}" '
                   f'y2="{y(result.quota):.1f}" stroke="#555" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{left + pw + 4}" y="{y(result.quota) + 4:.1f}">quota</text>')
    for j, name in enumerate(rows):
        colour = _PALETTE[j % len(_PALETTE)]
        pts = " ".join(f"{xs[i]:.1f},{y(st.votes[name]):.1f}" for i, st in enumerate(stages))
        weight = 3 if name in result.elected else 1.5
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="{weight}" '
                   f'points="{pts}"><title>{escape(name)}</title></polyline>')
        mark = " (elected)" if name in result.elected else ""
        out.append(f'<text x="{left + pw + 30}" y="{top + 14 * j + 4}" fill="{colour}">'
                   f"{escape(name)}{mark}</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def render_matrix(pairwise: dict[str, dict[str, int]]) -> str:
    """The pairwise matrix as a text table: row beats column by this many ballots."""
    names = list(pairwise)
    width = max(len(n) for n in [*names, "over"])
    cells = {a: {b: str(pairwise[a][b]) if b != a else "-" for b in names} for a in names}
    cols = [max(len(b), *(len(cells[a][b]) for a in names)) for b in names]
    lines = ["Pairwise preferences (ballots preferring the row's candidate to the column's):",
             f"{'over':<{width}}  " + "  ".join(b.rjust(w) for b, w in zip(names, cols,
                                                                          strict=True))]
    for a in names:
        lines.append(f"{a:<{width}}  " + "  ".join(
            cells[a][b].rjust(w) for b, w in zip(names, cols, strict=True)))
    return "\n".join(lines) + "\n"
