"""Scenarios' things for a viewer (core.access): scoped to the viewer's organisation, missing
and forbidden alike NotFound."""

from __future__ import annotations

from openassembly.core.access import Viewer, scoped

from .models import ResultsSet, SavedAnalysis


def access_results_set(viewer: Viewer, pk: int) -> ResultsSet:
    return scoped(ResultsSet, viewer, pk)


def access_saved_analysis(viewer: Viewer, pk: int) -> SavedAnalysis:
    return scoped(SavedAnalysis, viewer, pk)
