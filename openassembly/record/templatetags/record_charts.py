"""{% turnout_chart organisation %}: the record's turnout over time, as a chart and a table."""

from __future__ import annotations

from django import template

from openassembly.record import selectors
from openassembly.record.charts import turnout_svg

register = template.Library()


@register.inclusion_tag("record/_turnout_chart.html")
def turnout_chart(organisation) -> dict:
    points = selectors.turnout_history(organisation)
    title = f"Turnout in {organisation.name}'s ballots over time"
    return {"points": points, "title": title,
            "svg": turnout_svg(points, title=title) if points else ""}
