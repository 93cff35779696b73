"""Forms for ballots. The ballot paper form explains a wrong ranking and keeps what was typed."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.middleware.csrf import CSRF_TOKEN_LENGTH
from django.utils import timezone

from openassembly.bodies.models import SeatHolding
from openassembly.core import clock
from openassembly.meetings.models import Motion
from openassembly.members.models import Member, Region

from .models import Choice, Poll, Statement
from .receipts import BODY, ReceiptError, normalise

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ElectionForm(forms.Form):
    key = forms.ChoiceField(label="Election")
    region = forms.ModelChoiceField(
        queryset=Region.objects.none(), required=False,
        help_text="For regional seats: the region whose members elect them.",
    )
    nominations_open_at = forms.DateTimeField(widget=DATETIME)
    nominations_close_at = forms.DateTimeField(widget=DATETIME)
    opens_at = forms.DateTimeField(label="Voting opens at", widget=DATETIME)
    closes_at = forms.DateTimeField(label="Voting closes at", widget=DATETIME)
    roll_date = forms.DateField(
        widget=DATE, help_text="Members on the register on this day make up the electoral roll."
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [
            (e.key, f"{e.name} (rule {e.rule}, {e.method})")
            for e in organisation.constitution.elections
        ]
        self.fields["region"].queryset = Region.objects.filter(organisation=organisation)
        if not self.is_bound:
            self._default_timetable(organisation.constitution.elections)

    def _default_timetable(self, elections) -> None:
        """The shortest timetable the constitution allows, from tomorrow at 9 am: the longest
        nomination and voting periods any of its elections requires, so it suits each."""
        nominating = max((e.nomination_days for e in elections), default=14)
        voting = max((e.voting_days for e in elections), default=7)
        start = (timezone.localtime(clock.now()) + timedelta(days=1)).replace(
            hour=9, minute=0, second=0, microsecond=0)
        opens = start + timedelta(days=nominating)
        defaults = {"nominations_open_at": start, "nominations_close_at": opens,
                    "opens_at": opens, "closes_at": opens + timedelta(days=voting),
                    "roll_date": opens.date()}
        for name, value in defaults.items():
            self.initial.setdefault(name, value)
        self.fields["nominations_close_at"].help_text = (
            f"At least {nominating} days after nominations open (the constitution's minimum).")
        self.fields["closes_at"].help_text = (
            f"At least {voting} days after voting opens (the constitution's minimum).")


class StandForm(forms.Form):
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Published next to your name on the election page and the ballot paper.",
    )


class SlateForm(forms.Form):
    name = forms.CharField(max_length=200)
    platform = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Fixed once published: every candidate who joins signs this exact text.",
    )


class QuestionnaireForm(forms.Form):
    title = forms.CharField(max_length=200)
    set_by = forms.CharField(
        max_length=200, label="Asked by", help_text="The body or group of members asking."
    )
    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), help_text="One question per line."
    )


class AnswerForm(forms.Form):
    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=f"{question.position}. {question.text}", required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )


class ReferendumForm(forms.Form):
    question = forms.CharField(max_length=300)
    proposal = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))
    options = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), initial="Yes\nNo",
        help_text="One option per line; with two, the first is the proposal.",
    )
    opens_at = forms.DateTimeField(label="Voting opens at", widget=DATETIME)
    closes_at = forms.DateTimeField(label="Voting closes at", widget=DATETIME)
    roll_date = forms.DateField(widget=DATE)


class ScheduleForm(forms.Form):
    opens_at = forms.DateTimeField(label="Voting opens at", widget=DATETIME)
    closes_at = forms.DateTimeField(label="Voting closes at", widget=DATETIME)
    roll_date = forms.DateField(widget=DATE)


class CancelForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Published on the ballot's page and the ledger, with your name and the time.",
    )


class StatementForm(forms.Form):
    side = forms.ChoiceField(choices=Statement.Side.choices, widget=forms.RadioSelect)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}))


class AgainstForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label="Statement against")


class BodyStatementForm(forms.Form):
    decision = forms.IntegerField(min_value=1, label="Decision number",
                                  help_text="The body's decision that chose this statement, as "
                                  "numbered in the decisions register.")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label="Statement against")


class ScrutineerForm(forms.Form):
    name = forms.CharField(max_length=200, required=False,
                           label="Independent organisation",
                           help_text="Its name; or leave empty and choose a member below.")
    member = forms.ModelChoiceField(queryset=Member.objects.none(), required=False,
                                    label="Member holding an elected seat")
    decision = forms.IntegerField(min_value=1, required=False, label="Decision number",
                                  help_text="If a body's decision named this scrutineer; "
                                  "leave empty when you name them as returning officer.")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class ReportForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}), label="Report")


class PetitionForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of petition")
    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}),
                           help_text="What members are asked to sign.")
    target = forms.ModelChoiceField(
        queryset=SeatHolding.objects.none(), required=False, label="Office holder to recall",
        help_text="Only for a recall petition.",
    )
    motion = forms.ModelChoiceField(
        queryset=Motion.objects.none(), required=False, label="Rejected change to the rules",
        help_text="Only for a petition to put a rejected change of the constitution to members.",
    )

    def __init__(self, *args, organisation, holdings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motion"].queryset = (
            Motion.objects.filter(organisation=organisation, status=Motion.Status.LOST)
            .exclude(new_constitution="").select_related("meeting").order_by("-moved_at"))
        self.fields["motion"].label_from_instance = (
            lambda m: f"{m.title} ({m.meeting.title}, {m.moved_at:%-d %B %Y})")
        self.fields["kind"].choices = [
            (p.key, f"{p.name} (rule {p.rule})") for p in organisation.constitution.petitions
        ]
        self.fields["target"].queryset = holdings
        self.fields["target"].label_from_instance = (
            lambda h: f"{h.member.name}, {h.seat_group} of the {h.seat_group.body.name}"
        )


class SortitionForm(forms.Form):
    title = forms.CharField(max_length=200)
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    places = forms.IntegerField(min_value=1, max_value=1000)


class ReceiptForm(forms.Form):
    code = forms.CharField(label="Receipt code", max_length=40,
                           help_text="As you were given it, e.g. 7KQ2-M9XD-4TRB-H1WE.")

    def clean_code(self):
        try:
            return normalise(self.cleaned_data["code"])
        except ReceiptError as error:
            raise forms.ValidationError(str(error)) from None


# Ample for any paper: a ranked paper of 1,000 choices pads by less than this.
PADDING_MAX = 20_000


def _ordinal_list(numbers: list[int]) -> str:
    text = [str(n) for n in numbers]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " and " + text[-1]


class BallotForm(forms.Form):
    """The ballot paper. Ranked: a number box per choice; otherwise boxes to tick or one radio.

    Mistakes are explained and nothing typed is lost: the bound form is shown again as it was.
    """

    blank = forms.BooleanField(
        required=False, label="I want to cast a blank ballot (it counts for nobody)"
    )
    # Filled by ballot.js: the browser's half of the receipt (receipts.py), and padding that
    # makes every ballot's request the same length (longest_request).
    secret = forms.CharField(required=False, max_length=BODY, widget=forms.HiddenInput)
    padding = forms.CharField(required=False, max_length=PADDING_MAX, strip=False,
                              widget=forms.HiddenInput)

    def __init__(self, *args, poll: Poll, choices: list[Choice], **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.choices = choices
        form = poll.form
        if form == Poll.Form.SINGLE:
            self.fields["choice"] = forms.TypedChoiceField(
                choices=[(c.position, c.label) for c in choices], coerce=int, required=False,
                widget=forms.RadioSelect, label="Your choice",
            )
        for choice in choices:
            name = f"c{choice.position}"
            if form == Poll.Form.RANKED:
                self.fields[name] = forms.CharField(
                    required=False, max_length=10, label=choice.label,
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "3",
                                                  "autocomplete": "off"}),
                )
            elif form in (Poll.Form.APPROVAL, Poll.Form.MARKS):
                self.fields[name] = forms.BooleanField(required=False, label=choice.label)

    def longest_request(self) -> int:
        """The length of the longest request a lawful ballot on this paper makes, encoded as the
        browser sends it: every choice marked with the longest value it can have, the blank box
        ticked, a secret sent. ballot.js pads every request to this length, so the size of the
        encrypted request says nothing about the choice or how many preferences were marked."""
        fields = {"csrfmiddlewaretoken": "x" * CSRF_TOKEN_LENGTH, "blank": "on",
                  "secret": "0" * BODY, "padding": ""}
        form = self.poll.form
        if form == Poll.Form.SINGLE:
            fields["choice"] = str(max((c.position for c in self.choices), default=0))
        for choice in self.choices:
            if form == Poll.Form.RANKED:
                fields[f"c{choice.position}"] = str(len(self.choices))
            elif form in (Poll.Form.APPROVAL, Poll.Form.MARKS):
                fields[f"c{choice.position}"] = "on"
        return len(urlencode(fields))

    def boxes(self):
        return [(choice, self[f"c{choice.position}"]) for choice in self.choices
                if f"c{choice.position}" in self.fields]

    def clean(self):
        data = super().clean()
        form = self.poll.form
        if form == Poll.Form.RANKED:
            marks = self._ranking(data)
        elif form == Poll.Form.SINGLE:
            marks = [data["choice"]] if data.get("choice") else []
        else:
            marks = [c.position for c in self.choices if data.get(f"c{c.position}")]
            if form == Poll.Form.MARKS and len(marks) > self.poll.seats:
                raise forms.ValidationError(
                    f"You marked {len(marks)} choices; mark at most {self.poll.seats}, as there "
                    f"are {self.poll.seats} places."
                )
        if marks and data.get("blank"):
            raise forms.ValidationError(
                "You marked choices and also asked for a blank ballot: do one or the other."
            )
        if not marks and not data.get("blank"):
            raise forms.ValidationError(
                "You have not marked any choice. To cast a blank ballot on purpose, tick the box "
                "that says so."
            )
        data["marks"] = marks
        return data

    def _ranking(self, data) -> list[int]:
        numbers: dict[int, Choice] = {}
        problems: list[str] = []
        by_number: dict[int, list[str]] = {}
        for choice in self.choices:
            typed = (data.get(f"c{choice.position}") or "").strip()
            if not typed:
                continue
            if not typed.isdigit() or int(typed) < 1:
                self.add_error(f"c{choice.position}",
                               f"'{typed}' is not a preference number: use 1, 2, 3 ...")
                continue
            by_number.setdefault(int(typed), []).append(choice.label)
            numbers[int(typed)] = choice
        for number, labels in sorted(by_number.items()):
            if len(labels) > 1:
                problems.append(
                    f"You gave number {number} to {' and '.join(labels)}; use each number once."
                )
        used = sorted(by_number)
        missing = [n for n in range(1, (used[-1] if used else 0) + 1) if n not in by_number]
        if missing:
            problems.append(
                f"You used {_ordinal_list(used)}, so {_ordinal_list(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} missing: number your choices 1, 2, 3 "
                "... without gaps (you need not number them all)."
            )
        if problems:
            raise forms.ValidationError(problems)
        if self.errors:
            return []
        return [numbers[n].position for n in used]


class CommitForm(forms.Form):
    commitment = forms.CharField(
        label="Commitment (SHA-256 of your secret value)", min_length=64, max_length=64,
        help_text="64 hex digits, made on your own device: the button below makes one, or run "
        "openassembly sortition-secret on your own computer.",
    )


class RevealForm(forms.Form):
    value = forms.CharField(
        label="Your secret value", min_length=64, max_length=64,
        help_text="The 64 hex digits you kept when you committed; the page refuses any other.",
    )
