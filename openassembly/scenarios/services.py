"""What members do with pact analyses: upload results, save an analysis, attach it.

Each service runs in one transaction and appends one ledger event carrying the data
file's hash and the scenario's parameters. The ledger is public, so events carry no
personal data: the actor is recorded as "a member", not by name.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from openassembly.analysis import (
    DATASETS,
    AnalysisInputError,
    ResultsError,
    Scenario,
    analyse,
    load_dataset,
    load_results,
)
from openassembly.core import clock
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.meetings.models import Motion, Paper
from openassembly.members.models import Member

from .models import AnalysisAttachment, ResultsSet, SavedAnalysis
from .selectors import load_set

# The 2015 Library file is 114 kB; a file this large would hold every UK seat many times.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
LEDGER_ACTOR = "a member"


class ResultsRejected(InvalidInput):
    """An upload that failed validation; ``problems`` lists every line-numbered problem."""

    def __init__(self, message: str, *, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


def _require_member_of(actor: Member | None, organisation: Organisation) -> Member:
    if (
        actor is None
        or actor.organisation_id != organisation.pk
        or actor.status != Member.Status.ACTIVE
    ):
        raise PowerDenied("Only active members of this organisation can do this.", power="member")
    return actor


@acts(Route.SELF)
def upload_results(
    actor: Member,
    *,
    organisation: Organisation,
    name: str,
    filename: str = "",
    data: bytes | None = None,
    dataset: str = "",
) -> ResultsSet:
    """Add a results set: an uploaded file (validated whole) or a shipped data set."""
    _require_member_of(actor, organisation)
    if (data is None) == (not dataset):
        raise InvalidInput("Give either a results file or the name of a shipped data set.")
    if dataset:
        if dataset not in DATASETS:
            known = ", ".join(sorted(DATASETS))
            raise InvalidInput(f"There is no shipped data set {dataset!r} (known: {known}).")
        results = load_dataset(dataset)
        filename = dataset
    else:
        if len(data) > MAX_UPLOAD_BYTES:
            raise InvalidInput(
                f"The file is {len(data):,} bytes; the limit is {MAX_UPLOAD_BYTES:,} bytes."
            )
        filename = (filename or "results.csv").strip()[:200]
        try:
            results = load_results(data, name=filename)
        except ResultsError as error:
            raise ResultsRejected(str(error), problems=error.problems) from None
    name = (name or "").strip()[:200] or filename
    existing = ResultsSet.objects.filter(organisation=organisation, sha256=results.sha256).first()
    if existing is not None:
        raise Conflict(f"This file is already here as the results set “{existing.name}”.")
    try:
        with transaction.atomic():
            results_set = ResultsSet.objects.create(
                organisation=organisation,
                name=name,
                filename=filename,
                source=ResultsSet.Source.SHIPPED if dataset else ResultsSet.Source.UPLOAD,
                dataset=dataset,
                data=b"" if dataset else data,
                sha256=results.sha256,
                format=results.format,
                constituencies=len(results),
                uploaded_by=actor,
                created_at=clock.now(),
            )
            append_event(
                organisation,
                kind="results.added",
                actor=LEDGER_ACTOR,
                data={
                    "results_set": results_set.pk,
                    "name": results_set.name,
                    "filename": filename,
                    "source": results_set.source,
                    "format": results.format,
                    "constituencies": len(results),
                    "sha256": results.sha256,
                },
            )
    except IntegrityError:  # the same file added at the same moment by someone else
        raise Conflict("This file has just been added by someone else.") from None
    return results_set


@acts(Route.SELF)
def save_analysis(
    actor: Member, *, results_set: ResultsSet, scenario: Scenario, title: str
) -> SavedAnalysis:
    """Run ``scenario`` on the set's file and keep the result with every parameter."""
    organisation = results_set.organisation
    _require_member_of(actor, organisation)
    title = (title or "").strip()
    if not title:
        raise InvalidInput("Give the analysis a title.", field="title")
    try:
        analysis = analyse(load_set(results_set), scenario)
    except AnalysisInputError as error:
        raise InvalidInput(str(error)) from None
    saved = analysis.to_dict()
    with transaction.atomic():
        row = SavedAnalysis.objects.create(
            organisation=organisation,
            results_set=results_set,
            title=title[:200],
            parameters=saved["scenario"],
            result=saved,
            data_sha256=analysis.data_sha256,
            created_by=actor,
            created_at=clock.now(),
        )
        append_event(
            organisation,
            kind="analysis.saved",
            actor=LEDGER_ACTOR,
            data={
                "analysis": row.pk,
                "title": row.title,
                "results_set": results_set.pk,
                "sha256": analysis.data_sha256,
                "scenario": saved["scenario"],
                "totals": saved["totals"],
            },
        )
    return row


@acts(Route.SELF)
def attach_analysis(
    actor: Member,
    *,
    analysis: SavedAnalysis,
    motion: Motion | None = None,
    paper: Paper | None = None,
) -> AnalysisAttachment:
    """Attach a saved analysis to one motion or one paper of the same organisation."""
    organisation = analysis.organisation
    _require_member_of(actor, organisation)
    if (motion is None) == (paper is None):
        raise InvalidInput("Attach the analysis to one motion or one paper.")
    target = motion or paper
    if target.organisation_id != organisation.pk:
        raise InvalidInput("That motion or paper belongs to another organisation.")
    if paper is not None and paper.item_id and paper.item.is_private:
        # Listing it on the public analysis page would reveal a private item's paper.
        raise InvalidInput("That paper is for an item taken in private; it cannot be linked.")
    existing = AnalysisAttachment.objects.filter(analysis=analysis, motion=motion, paper=paper)
    if existing.exists():
        raise Conflict(f"The analysis is already attached to “{target}”.")
    try:
        with transaction.atomic():
            attachment = AnalysisAttachment.objects.create(
                organisation=organisation,
                analysis=analysis,
                motion=motion,
                paper=paper,
                attached_by=actor,
                attached_at=clock.now(),
            )
            append_event(
                organisation,
                kind="analysis.attached",
                actor=LEDGER_ACTOR,
                data={
                    "analysis": analysis.pk,
                    "motion": motion.pk if motion else None,
                    "paper": paper.pk if paper else None,
                    "meeting": target.meeting_id,
                    "sha256": analysis.data_sha256,
                    "scenario": analysis.parameters,
                },
            )
    except IntegrityError:
        raise Conflict(f"The analysis is already attached to “{target}”.") from None
    return attachment
