"""Elections to seats: nominations, candidates' statements, slates and questionnaires."""

from __future__ import annotations

from django.db import models


class Election(models.Model):
    """An election the constitution provides for, with its timetable and its poll."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    poll = models.OneToOneField("ballots.Poll", on_delete=models.CASCADE, related_name="election")
    key = models.SlugField(help_text="the [[elections]] key of the constitution")
    seat_group = models.ForeignKey("bodies.SeatGroup", on_delete=models.PROTECT, related_name="+")
    nominators_required = models.PositiveIntegerField()
    procedure_rule = models.CharField(max_length=20)
    nominations_open_at = models.DateTimeField()
    nominations_close_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nominations_open_at__lt=models.F("nominations_close_at")),
                name="nominations_open_before_close",
            )
        ]

    def __str__(self) -> str:
        return self.poll.title


class Candidacy(models.Model):
    class Status(models.TextChoices):
        STANDING = "standing", "standing, collecting nominations"
        WITHDRAWN = "withdrawn", "withdrawn"
        NOT_NOMINATED = "not-nominated", "not validly nominated"
        ON_BALLOT = "on-ballot", "on the ballot"

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidacies")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    statement = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.STANDING)
    created_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="candidacy_once")
        ]
        ordering = ["member__name", "pk"]

    def __str__(self) -> str:
        return self.member.name


class Nomination(models.Model):
    """A member nominating a candidate; nominations are public, as on a paper nomination form."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="nominations")
    nominator = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "nominator"], name="nomination_once")
        ]

    def __str__(self) -> str:
        return f"nomination of {self.candidacy_id}"


class Slate(models.Model):
    """A named list of candidates standing on one published platform that each of them signs."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="slates")
    name = models.CharField(max_length=200)
    platform = models.TextField()
    # The platform cannot change once published, so every signature is to the same text.
    platform_sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "name"], name="slate_name_once")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SlateSignature(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    slate = models.ForeignKey(Slate, on_delete=models.CASCADE, related_name="signatures")
    # One slate per candidacy: a candidate cannot stand on two platforms in one election.
    candidacy = models.OneToOneField(Candidacy, on_delete=models.CASCADE, related_name="slate_sig")
    signed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"signature on slate {self.slate_id}"


class Questionnaire(models.Model):
    """Questions a body or a group of members puts to every candidate; answers are published."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="questionnaires")
    title = models.CharField(max_length=200)
    set_by = models.CharField(max_length=200, help_text="the body or group asking")
    created_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "position"], name="question_position_once"
            )
        ]
        ordering = ["questionnaire", "position"]

    def __str__(self) -> str:
        return self.text[:60]


class Answer(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField()
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "candidacy"], name="answer_once")
        ]

    def __str__(self) -> str:
        return f"answer to {self.question_id}"
