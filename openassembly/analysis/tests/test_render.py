import csv
import io
import json
import xml.etree.ElementTree as ET

from openassembly.analysis import (
    Scenario,
    analyse,
    decimal_text,
    render_csv,
    render_json,
    render_svg,
    render_text,
)
from openassembly.analysis.tests.helpers import sample

ALLIANCE = ("Lab", "LD", "Green", "PC")
SVG = "{http://www.w3.org/2000/svg}"


def single():
    return analyse(sample(), Scenario(alliance=ALLIANCE, rates={("LD", "Lab"): "0.65"}))


def test_text_has_summary_party_table_and_each_seat_list():
    text = render_text(single())
    assert text.startswith("Pact analysis: Alliance Lab + LD + Green + PC, single mode")
    assert "sha256 " + sample().sha256 in text
    assert "Seats gained: 3" in text
    assert "Seats that need two or more partners together (not counted as gains): 1" in text
    assert "Seats that would end in a dead heat" not in text  # Delta: LD 6.5 < 10 now
    alpha = next(line for line in text.splitlines() if line.startswith("Alpha"))
    # LD 30 x 0.65 = 19.5, short of the gap of 20; Green's 5 then closes it.
    assert alpha.split() == [
        "Alpha",
        "North",
        "Con",
        "20",
        "Lab",
        "(80)",
        "20",
        "-",
        "LD+Green",
        "24.5",
        "4.5",
    ]
    lab = next(line for line in text.splitlines() if line.startswith("Lab "))
    assert lab.split() == ["Lab", "2", "1"]


def test_csv_has_one_exact_row_per_listed_seat():
    scenario = Scenario(alliance=ALLIANCE, mode="pooled", rates={("Green", "Lab"): "1/3"})
    analysis = analyse(sample(), scenario)
    rows = list(csv.DictReader(io.StringIO(render_csv(analysis))))
    assert [r["constituency"] for r in rows] == [s.constituency for s in analysis.seats]
    assert [r["status"] for r in rows] == ["gain"] * 4 + ["tie"]  # Charlie: 20 + 15/3 < 30
    alpha = next(r for r in rows if r["constituency"] == "Alpha")
    # LD 30 + Green 5 x 1/3 = 95/3 against a gap of 20: exact, not rounded.
    assert (alpha["votes_closing_gap"], alpha["margin"]) == ("95/3", "35/3")
    assert (alpha["attributed_to"], alpha["partners"], alpha["sufficient_alone"]) == (
        "LD",
        "LD+Green",
        "LD",
    )


def test_json_numbers_are_exact_and_the_document_is_self_describing():
    analysis = analyse(
        sample(), Scenario(alliance=ALLIANCE, mode="pooled", rates={("Green", "Lab"): "1/3"})
    )
    data = json.loads(render_json(analysis))
    assert data == json.loads(json.dumps(analysis.to_dict()))
    alpha = next(s for s in data["seats"] if s["constituency"] == "Alpha")
    assert (alpha["votes_closing_gap"], alpha["margin"]) == ("95/3", "35/3")
    assert data["scenario"]["rates"] == [{"from": "Green", "to": "Lab", "rate": "1/3"}]


def test_decimal_text_rounds_exactly_half_away_from_zero():
    from fractions import Fraction

    assert decimal_text(Fraction(95, 3)) == "31.7"
    assert decimal_text(Fraction(-25, 3)) == "-8.3"
    assert decimal_text(Fraction(1, 20)) == "0.1"
    assert decimal_text(Fraction(-1, 20)) == "-0.1"
    assert decimal_text(Fraction(-1, 30)) == "0.0"
    assert decimal_text(1234567) == "1,234,567"


def test_svg_is_well_formed_with_one_bar_per_count_and_escaped_text():
    seats = {"A<&>": ("N", {"Con": 100, "Lab": 80, "LD": 30, "Gr<een>": 1})}
    analysis = analyse(sample(seats), Scenario(alliance=("Lab", "LD", "Gr<een>")))
    svg = render_svg(analysis)
    root = ET.fromstring(svg)
    titles = [t.text for t in root.iter(SVG + "title")]
    assert "Gr<een>: 0" in titles
    assert titles == [
        "Lab: 1",
        "LD: 0",
        "Gr<een>: 0",
        "Lab: 0",
        "LD: 1",
        "Gr<een>: 0",
        "need pooled votes: 0",
        "dead heat: 0",
    ]
    widths = [
        int(r.get("width")) for r in root.iter(SVG + "rect") if r.find(SVG + "title") is not None
    ]
    assert widths == [360, 0, 0, 0, 360, 0, 0, 0]
    assert render_svg(analysis) == svg  # same bytes every run, so it can be hashed and cached


def test_pooled_svg_labels_combined_and_drops_not_counted_group():
    analysis = analyse(sample(), Scenario(alliance=ALLIANCE, mode="pooled"))
    root = ET.fromstring(render_svg(analysis))
    titles = [t.text for t in root.iter(SVG + "title")]
    assert "two or more partners: 1" in titles
    assert not any(t.startswith("need pooled") for t in titles)


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    from openassembly.analysis import parse_results
    from openassembly.analysis.tests.helpers import long_csv

    hostile = '=HYPERLINK("https://evil.example/")'
    results = parse_results(
        long_csv({"@SUM(1+1)": ("-2+3+cmd", {hostile: 100, "Lab": 80, "LD": 30})}),
        name="hostile.csv",
    )
    analysis = analyse(results, Scenario(alliance=("Lab", "LD")))
    rows = list(csv.reader(io.StringIO(render_csv(analysis))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'@SUM(1+1)" in cells and "'-2+3+cmd" in cells and "'" + hostile in cells
    assert not [c for c in cells if c and c[0] in "=+-@\t\r" and not c[1:].isdigit()]
