"""The ledger events the scenarios app writes: election results loaded, analyses saved and
attached to papers or motions. Who did it is recorded privately; the ledger says "a member"."""

from __future__ import annotations

from collections.abc import Mapping

from openassembly.core.event_text import Reading
from openassembly.core.events import EventKind, data, register, register_names

from .models import SavedAnalysis


def _attached(e: Reading) -> str:
    target = (f"motion {e['motion']}" if e.has("motion")
              else f"paper {e['paper']}" if e.has("paper") else "a paper")
    return (f"{e.who} attached the analysis {e.titled('analysis', 'analysis')} to "
            f"{target} of {e.titled('meeting', 'meeting')}")


KINDS = (
    EventKind(
        kind="results.added",
        label="Election results added",
        meaning="A set of past election results was loaded for pact and tactical analyses.",
        fields={
            "results_set": data("the results set's number"),
            "name": data("its name"),
            "filename": data("the file's name"),
            "source": data("'shipped' (bundled with openassembly) or 'upload'"),
            "format": data("the file's format"),
            "constituencies": data("how many constituencies it covers"),
            "sha256": data("SHA-256 of the file"),
        },
        sentence=lambda e: (
            f"{e.who} added the election results {e.quoted(e['name'])} "
            f"({e.count(e['constituencies'], 'constituency', 'constituencies')})"
        ),
        example={"results_set": 2, "name": "General election 2024", "filename": "ge2024.csv",
                 "source": "shipped", "format": "csv", "constituencies": 650,
                 "sha256": "a1b2…"},
    ),
    EventKind(
        kind="analysis.saved",
        label="Analysis saved",
        meaning="A pact or tactical-voting analysis was run and saved, with its inputs.",
        fields={
            "analysis": data("the analysis's number", names="analysis"),
            "title": data("its title"),
            "results_set": data("the results set it used"),
            "sha256": data("SHA-256 of the data it used"),
            "scenario": data("the scenario's parameters"),
            "totals": data("the headline totals it found"),
        },
        sentence=lambda e: f"{e.who} saved the analysis {e.quoted(e['title'])}",
        example={"analysis": 5, "title": "Progressive pact", "results_set": 2,
                 "sha256": "a1b2…", "scenario": {"parties": ["lab", "grn"]},
                 "totals": {"seats": 12}},
    ),
    EventKind(
        kind="analysis.attached",
        label="Analysis attached",
        meaning="A saved analysis was attached to a motion or a paper of a meeting.",
        fields={
            "analysis": data("the analysis's number", names="analysis"),
            "motion": data("the motion's number on this install, or null"),
            "paper": data("the paper's number on this install, or null"),
            "meeting": data("the meeting", names="meeting"),
            "sha256": data("SHA-256 of the data the analysis used"),
            "scenario": data("the scenario's parameters"),
        },
        sentence=_attached,
        example={"analysis": 5, "motion": 31, "paper": None, "meeting": 12,
                 "sha256": "a1b2…", "scenario": {"parties": ["lab", "grn"]}},
    ),
)


def _titles(organisation, ids: set) -> Mapping[int, str]:
    return dict(SavedAnalysis.objects.filter(organisation=organisation, pk__in=ids)
                .order_by().values_list("pk", "title"))


def register_kinds() -> None:
    register("scenarios", *KINDS)
    register_names("analysis", _titles, fallback=lambda pk: f"analysis {pk}",
                   example='Progressive pact')
