"""A meeting of a body: its notice, agenda, papers, who came and who spoke."""

from __future__ import annotations

from django.db import models


class Meeting(models.Model):
    class Status(models.TextChoices):
        CALLED = "called", "called"
        OPEN = "open", "in session"
        CLOSED = "closed", "closed"
        CANCELLED = "cancelled", "cancelled"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField(help_text="the body's own count of its meetings")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(blank=True)
    called_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="meetings_called"
    )
    called_at = models.DateTimeField()
    chair = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="meetings_chaired"
    )
    minute_taker = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="meetings_minuted"
    )
    urgent = models.BooleanField(default=False)
    urgency_reason = models.TextField(blank=True)
    # Called with less than the body's usual notice (allowed only under an urgency rule).
    short_notice = models.BooleanField(default=False)
    notice_rule = models.CharField(max_length=20)
    notice_reason = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CALLED)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.TextField(blank=True)
    # Who cancelled or postponed it, by what authority ("by decision 7 of the Organising Group",
    # "by two officers acting together: ..."), and what that authority was ("decision:7").
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.TextField(blank=True)
    cancelled_reference = models.CharField(max_length=60, blank=True)
    cancelled_rule = models.CharField(max_length=20, blank=True)
    postponed_from = models.DateTimeField(null=True, blank=True)
    # Called to answer a requisition (by the officers, or by the requisitionists themselves).
    requisition = models.OneToOneField("meetings.Requisition", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="meeting")
    called_under = models.TextField(blank=True)  # the authority it was called by, in words

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="meeting_number_once"),
            models.CheckConstraint(
                condition=models.Q(urgent=False) | ~models.Q(urgency_reason=""),
                name="urgent_meeting_says_why",
            ),
            models.CheckConstraint(
                condition=models.Q(short_notice=False) | models.Q(urgent=True),
                name="short_notice_only_when_urgent",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "starts_at"], name="meeting_when")]
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    description_html = models.TextField(blank=True)
    added_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    # Items added after notice went out did not reach members with the notice: say so.
    after_notice = models.BooleanField(default=False)
    # The one matter an urgent meeting was called for; it may deal with nothing else.
    urgent_matter = models.BooleanField(default=False)
    private_ground = models.CharField(max_length=60, blank=True)
    private_rule = models.CharField(max_length=20, blank=True)
    private_outcome_public = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_once"),
            models.CheckConstraint(
                condition=models.Q(private_ground="") | ~models.Q(private_rule=""),
                name="private_item_cites_rule",
            ),
        ]
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def is_private(self) -> bool:
        return bool(self.private_ground)


class Paper(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="papers"
    )
    title = models.CharField(max_length=200)
    created_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class PaperVersion(models.Model):
    """One circulated version; versions are never replaced, so lateness stays on the record."""

    class Kind(models.TextChoices):
        MARKDOWN = "markdown", "Markdown"
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"
        ODT = "odt", "OpenDocument text"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    filename = models.CharField(max_length=200, blank=True)
    markdown = models.TextField(blank=True)
    html = models.TextField(blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    # A word processor's file as uploaded, kept for download; ``html`` is what it converted to.
    original = models.BinaryField(null=True, blank=True)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    circulated_at = models.DateTimeField()
    circulated_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+"
    )
    circulated_to = models.CharField(max_length=100, default="the members of the body")
    # Also circulated to every member of the organisation, under the rule that says so.
    members_circulated_at = models.DateTimeField(null=True, blank=True)
    members_rule = models.CharField(max_length=20, blank=True)
    late = models.BooleanField(default=False)
    late_seconds = models.PositiveIntegerField(null=True, blank=True)
    lateness_rule = models.CharField(max_length=20)
    lateness_reason = models.TextField()
    # Redacted under a private-business ground: the version exists publicly, its content does not.
    private_ground = models.CharField(max_length=60, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="paper_version_once"),
            models.CheckConstraint(
                condition=(models.Q(kind="pdf") & models.Q(pdf__isnull=False)
                           & models.Q(original__isnull=True))
                | (models.Q(kind="markdown") & models.Q(pdf__isnull=True)
                   & models.Q(original__isnull=True))
                | (models.Q(kind__in=["docx", "odt"]) & models.Q(pdf__isnull=True)
                   & models.Q(original__isnull=False)),
                name="paper_content_matches_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(members_circulated_at__isnull=True, members_rule="")
                | (models.Q(members_circulated_at__isnull=False) & ~models.Q(members_rule="")),
                name="paper_to_members_cites_rule",
            ),
        ]
        ordering = ["paper", "number"]

    def __str__(self) -> str:
        return f"{self.paper} v{self.number}"


class Attendance(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "member (may vote)"
        OBSERVER = "observer", "observer (may speak, not vote)"

    class Mode(models.TextChoices):
        IN_PERSON = "in-person", "in person"
        ONLINE = "online", "online"
        APOLOGIES = "apologies", "sent apologies"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="attendances"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]
        ordering = ["meeting", "member__name"]

    def __str__(self) -> str:
        return f"{self.member} at {self.meeting}: {self.mode}"

    @property
    def present(self) -> bool:
        return self.mode != self.Mode.APOLOGIES


class Proxy(models.Model):
    """A member's appointment of another to vote for them at one meeting."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proxies")
    appointer = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="proxies_given"
    )
    holder = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="proxies_held"
    )
    rule = models.CharField(max_length=20)
    appointed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "appointer"], name="one_proxy_each"),
            models.CheckConstraint(
                condition=~models.Q(appointer=models.F("holder")), name="proxy_is_someone_else"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder} for {self.appointer}"


class Speech(models.Model):
    """A place on an item's speakers' list, and then the speech itself."""

    class Status(models.TextChoices):
        WAITING = "waiting", "waiting to speak"
        SPEAKING = "speaking", "speaking"
        DONE = "done", "spoke"
        WITHDRAWN = "withdrawn", "withdrew"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speeches")
    speaker = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="speeches")
    motion = models.ForeignKey(
        "meetings.Motion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    as_mover = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    limit_seconds = models.PositiveIntegerField(null=True, blank=True)
    limit_rule = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["item", "requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.speaker} on {self.item}"

    @property
    def seconds(self) -> int | None:
        if self.started_at is None or self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds())

    @property
    def overran(self) -> bool:
        seconds = self.seconds
        return bool(self.limit_seconds and seconds is not None and seconds > self.limit_seconds)
