"""Results sets, saved pact analyses, and their attachments to motions and papers.

The arithmetic lives in the pure package ``openassembly.analysis``; these rows keep the
exact bytes analysed (or the name of a shipped data set) and the analysis JSON as
``Analysis.to_dict()`` wrote it, so anyone can re-run it and compare.
"""

from __future__ import annotations

from django.db import models


class ResultsSet(models.Model):
    class Source(models.TextChoices):
        UPLOAD = "upload", "uploaded file"
        SHIPPED = "shipped", "shipped with openassembly"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    # The name the pure loader is given; it is recorded in every analysis as the data's
    # name, so `openassembly pact <filename>` reports the same.
    filename = models.CharField(max_length=200)
    source = models.CharField(max_length=8, choices=Source.choices)
    dataset = models.CharField(max_length=40, blank=True, help_text="shipped data set name")
    data = models.BinaryField(blank=True, default=b"", editable=False)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=8)
    constituencies = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sha256"], name="results_set_file_once"
            ),
            models.CheckConstraint(
                condition=(models.Q(source="upload") & models.Q(dataset=""))
                | (models.Q(source="shipped") & ~models.Q(dataset="")),
                name="results_set_source_consistent",
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=["hocl", "long"]), name="results_set_format_known"
            ),
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class SavedAnalysis(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    results_set = models.ForeignKey(ResultsSet, on_delete=models.PROTECT, related_name="analyses")
    title = models.CharField(max_length=200)
    # Analysis.to_dict()["scenario"] and the whole Analysis.to_dict(), as the pure
    # package wrote them: re-running `parameters` on the file with `data_sha256` must
    # give `result` again.
    parameters = models.JSONField()
    result = models.JSONField()
    data_sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "saved analyses"

    def __str__(self) -> str:
        return self.title

    @property
    def gains(self) -> int:
        return self.result["totals"]["gains"]

    @property
    def describe(self) -> str:
        from openassembly.analysis import Scenario

        return Scenario.from_dict(self.parameters).describe()


class AnalysisAttachment(models.Model):
    """A saved analysis attached to exactly one motion or one paper."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    analysis = models.ForeignKey(
        SavedAnalysis, on_delete=models.CASCADE, related_name="attachments"
    )
    motion = models.ForeignKey(
        "meetings.Motion",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="analysis_attachments",
    )
    paper = models.ForeignKey(
        "meetings.Paper",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="analysis_attachments",
    )
    attached_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    attached_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(motion__isnull=False) & models.Q(paper__isnull=True))
                | (models.Q(motion__isnull=True) & models.Q(paper__isnull=False)),
                name="attachment_to_one_thing",
            ),
            models.UniqueConstraint(
                fields=["analysis", "motion"],
                condition=models.Q(motion__isnull=False),
                name="analysis_attached_to_motion_once",
            ),
            models.UniqueConstraint(
                fields=["analysis", "paper"],
                condition=models.Q(paper__isnull=False),
                name="analysis_attached_to_paper_once",
            ),
        ]
        ordering = ["attached_at", "pk"]

    def __str__(self) -> str:
        return f"{self.analysis} on {self.motion or self.paper}"
