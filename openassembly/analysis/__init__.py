"""Electoral analysis: alliance and pact scenarios on constituency results.

Pure Python (no Django), so the command line and the web pages compute the same numbers::

    results = load_results("results.csv")          # or load_dataset("ge2015")
    scenario = Scenario(alliance=("Lab", "LD", "Green", "PC"), nations=("England", "Wales"))
    analysis = analyse(results, scenario)
    analysis.to_dict()                              # JSON, with the data hash and parameters
    render_text(analysis); render_csv(analysis); render_svg(analysis)

See docs/analysis.md for the rules (attribution order, ties, rates, file formats).
"""

from openassembly.analysis.engine import (
    COMBINED,
    FORMAT,
    FORMAT_VERSION,
    Analysis,
    SeatOutcome,
    Totals,
    analyse,
    rerun,
)
from openassembly.analysis.errors import AnalysisInputError, ResultsError, ScenarioError
from openassembly.analysis.exact import decimal_text, fraction_text
from openassembly.analysis.render import (
    party_rows,
    render_csv,
    render_json,
    render_text,
    seat_rows,
    summary_rows,
)
from openassembly.analysis.results import (
    DATASETS,
    Constituency,
    ResultSet,
    dataset_path,
    load_dataset,
    load_results,
    parse_results,
)
from openassembly.analysis.scenario import Scenario, parse_rate
from openassembly.analysis.svg import render_svg

__all__ = [
    "COMBINED",
    "DATASETS",
    "FORMAT",
    "FORMAT_VERSION",
    "Analysis",
    "AnalysisInputError",
    "Constituency",
    "ResultSet",
    "ResultsError",
    "Scenario",
    "ScenarioError",
    "SeatOutcome",
    "Totals",
    "analyse",
    "dataset_path",
    "decimal_text",
    "fraction_text",
    "load_dataset",
    "load_results",
    "parse_rate",
    "parse_results",
    "party_rows",
    "render_csv",
    "render_json",
    "render_svg",
    "render_text",
    "rerun",
    "seat_rows",
    "summary_rows",
]
