"""Reads: results sets loaded through the pure loader, saved analyses, and re-run checks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from openassembly.analysis import AnalysisInputError, ResultSet, load_dataset, load_results, rerun
from openassembly.core.errors import InvalidInput
from openassembly.core.models import Organisation

from .models import AnalysisAttachment, ResultsSet, SavedAnalysis


def load_set(results_set: ResultsSet) -> ResultSet:
    """The validated results, refusing a file whose bytes no longer match the stored hash."""
    try:
        if results_set.source == ResultsSet.Source.SHIPPED:
            results = load_dataset(results_set.dataset)
        else:
            results = load_results(bytes(results_set.data), name=results_set.filename)
    except AnalysisInputError as error:
        raise InvalidInput(
            f"The results set “{results_set.name}” cannot be read: {error}"
        ) from None
    if results.sha256 != results_set.sha256:
        raise InvalidInput(
            f"The results set “{results_set.name}” has changed since it was added "
            f"(sha256 {results.sha256[:12]}…, recorded {results_set.sha256[:12]}…)."
        )
    return results


def results_sets(organisation: Organisation) -> QuerySet[ResultsSet]:
    return (
        ResultsSet.objects.filter(organisation=organisation)
        .defer("data")
        .annotate(analysis_count=Count("analyses"))
    )


def saved_analyses(organisation: Organisation) -> QuerySet[SavedAnalysis]:
    return SavedAnalysis.objects.filter(organisation=organisation).select_related("results_set")


def attachments_of(analysis: SavedAnalysis) -> list[AnalysisAttachment]:
    return list(
        analysis.attachments.select_related(
            "motion", "motion__meeting", "paper", "paper__meeting"
        )
    )


@dataclass(frozen=True)
class RerunCheck:
    matches: bool
    message: str
    differences: tuple[str, ...] = ()


def check_saved(saved: SavedAnalysis) -> RerunCheck:
    """Recompute the analysis from its stored parameters and data file, and compare."""
    try:
        results = load_set(saved.results_set)
        again = rerun(saved.result, results).to_dict()
    except (AnalysisInputError, InvalidInput) as error:
        return RerunCheck(False, f"The analysis could not be re-run: {error}")
    if again == saved.result:
        return RerunCheck(
            True,
            f"Re-run from the data file (sha256 {results.sha256}) with the stored parameters: "
            "every figure matches the saved analysis.",
        )
    differences = tuple(
        key
        for key in sorted(set(again) | set(saved.result))
        if again.get(key) != saved.result.get(key)
    )
    return RerunCheck(
        False,
        "Re-run from the data file with the stored parameters gives different figures.",
        differences,
    )
