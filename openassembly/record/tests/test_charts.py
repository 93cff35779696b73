"""The record's charts: bar geometry, the turnout chart's words for screen readers, and the
home page showing turnout over time with the same figures in a table."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

from openassembly.record.charts import TurnoutPoint, bars, turnout_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_share_the_width_and_scale_to_the_peak():
    laid = bars([50, 100, 0], left=10, top=0, width=300, height=200, peak=100, gap=0)
    assert [b.x for b in laid] == [10, 110, 210]
    assert [b.width for b in laid] == [100, 100, 100]
    assert [b.height for b in laid] == [100, 200, 0]
    # A bar stands on the baseline: its top plus its height is the bottom of the box.
    assert all(b.y + b.height == 200 for b in laid)


def test_a_value_over_the_peak_or_below_zero_stays_inside_the_box():
    over, under = bars([150, -5], left=0, top=0, width=100, height=50, peak=100)
    assert over.height == 50 and over.y == 0
    assert under.height == 0 and under.y == 50


def test_no_values_no_bars():
    assert bars([], left=0, top=0, width=100, height=100, peak=100) == []


def test_the_turnout_chart_names_itself_and_says_what_it_shows():
    points = [TurnoutPoint("Spring ballot", date(2026, 3, 1), 30, 120),
              TurnoutPoint("Autumn ballot", date(2026, 9, 1), 90, 120)]
    svg = ElementTree.fromstring(turnout_svg(points, title="Turnout <over> time"))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "turnout-title turnout-desc"
    assert svg.find(f"{SVG}title").text == "Turnout <over> time"
    desc = svg.find(f"{SVG}desc").text
    assert "2 ballots from March 2026 to September 2026" in desc
    assert "25% (Spring ballot) to 75% (Autumn ballot)" in desc
    rects = svg.findall(f"{SVG}rect")
    # Oldest first, whatever order they came in; each bar names its ballot and figures.
    assert [r.find(f"{SVG}title").text for r in rects] == [
        "Spring ballot: 30 of 120 (25%)", "Autumn ballot: 90 of 120 (75%)"]
    assert float(rects[1].get("height")) == 3 * float(rects[0].get("height"))


def test_the_record_home_shows_turnout_over_time_with_a_table(db, client):
    from openassembly.demo.organisation import load_demo
    from openassembly.record import selectors

    organisation = load_demo(members_count=120)
    points = selectors.turnout_history(organisation)
    assert points, "the demo has closed ballots"
    html = client.get(f"/o/{organisation.slug}/").content.decode()
    assert 'id="turnout-over-time"' in html and 'role="img"' in html
    for point in points:
        assert f"<th scope=\"row\">{point.label}</th>" in html
        assert f"{point.voters}</td>" in html
