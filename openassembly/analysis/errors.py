"""Errors for bad input; each message is one line that says what is wrong and where."""

from __future__ import annotations


class AnalysisInputError(ValueError):
    """Input the analysis cannot use: a results file or a scenario."""


class ResultsError(AnalysisInputError):
    """A results file that cannot be read or fails validation.

    ``problems`` lists every problem found (the message names the first), so a page can
    show them all while the command line prints one line.
    """

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems) if problems else [message]


class ScenarioError(AnalysisInputError):
    """A scenario that names something the results do not have, or an impossible value."""
