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

BLANK_LABEL = "I want to cast a blank ballot (it counts for nobody)"
ALTERED = ("This ballot paper came back altered or incomplete, so nothing was cast. Mark your "
           "choices again on this page and cast it from here.")
NOT_PRINTED = "This is not a mark the ballot paper offered."
UNMARKED = ("You have not marked any choice. To cast a blank ballot on purpose, say so with the "
            "choice for a blank ballot.")


def _ordinal_list(numbers: list[int]) -> str:
    text = [str(n) for n in numbers]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " and " + text[-1]


def token_width(choices: list[Choice]) -> int:
    """The number of digits in every mark the paper sends: enough for the largest position or
    preference number on it."""
    return len(str(max([len(choices), *(c.position for c in choices)], default=1)))


def token(number: int, width: int) -> str:
    """A position or preference number as the paper sends it: zero-padded to one width, so
    that 7 and 12 (and 0, meaning unmarked) make requests of the same length."""
    return f"{number:0{width}d}"


class _Token(forms.ChoiceField):
    """A mark that must be exactly one of the values the paper printed. A browser sends them
    as printed; anything else (a bare 7 for 07, a word, a missing field) is a paper that came
    back altered, refused on the same page rather than guessed at, as a guess would let a
    request's length vary again."""

    def __init__(self, *, choices, widget, label: str = "", initial=None):
        super().__init__(choices=choices, widget=widget, label=label, initial=initial,
                         error_messages={"required": NOT_PRINTED,
                                         "invalid_choice": NOT_PRINTED})


class BallotForm(forms.Form):
    """The ballot paper. Ranked: a list of preference numbers per choice; approval and block
    votes: marked or not per choice; one choice: a radio per choice, the blank ballot among them.

    Every control always sends a value of fixed width, so that without JavaScript too the
    request has one length whatever is marked: a select always sends its selected option and
    a radio group with one option checked from the start always sends one; a checkbox sends
    nothing when unticked, so the paper has none. Mistakes are explained and nothing marked is
    lost: the bound form is shown again as it was.
    """

    # Filled by ballot.js: the browser's half of the receipt (receipts.py), and padding that
    # makes every ballot's request the same length (longest_request) even when this browser
    # cannot keep a secret and sends none.
    secret = forms.CharField(required=False, max_length=BODY, widget=forms.HiddenInput)
    padding = forms.CharField(required=False, max_length=PADDING_MAX, strip=False,
                              widget=forms.HiddenInput)

    def __init__(self, *args, poll: Poll, choices: list[Choice], **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.choices = choices
        self.width = width = token_width(choices)
        self.unmarked = token(0, width)
        form = poll.form
        if form == Poll.Form.SINGLE:
            # The blank ballot is one of the radios: a separate box would be sent or not
            # beside the choice, and a request with neither would be shorter.
            self.fields["choice"] = _Token(
                choices=[(token(c.position, width), c.label) for c in choices]
                + [(self.unmarked, f"Blank: {BLANK_LABEL}")],
                widget=forms.RadioSelect, label="Your choice")
            return
        if form == Poll.Form.RANKED:
            numbers = [(self.unmarked, "not numbered")] + [
                (token(n, width), str(n)) for n in range(1, len(choices) + 1)]
        else:
            numbers = [("0", "not marked"), ("1", "marked")]
        for choice in choices:
            self.fields[f"c{choice.position}"] = _Token(
                choices=numbers, widget=forms.Select, label=choice.label, initial=numbers[0][0])
        self.fields["blank"] = _Token(
            choices=[("0", "No: count the choices I have marked"), ("1", BLANK_LABEL)],
            widget=forms.RadioSelect, label="A blank ballot?", initial="0")

    def longest_request(self) -> int:
        """The length of the request a ballot on this paper makes, encoded as the browser sends
        it, with a secret. Every mark has a fixed width, so every ballot's request has this
        length already; ballot.js pads to it when this browser cannot keep a secret."""
        fields = {"csrfmiddlewaretoken": "x" * CSRF_TOKEN_LENGTH, "secret": "0" * BODY,
                  "padding": ""}
        for name, field in self.fields.items():
            if isinstance(field, _Token):
                fields[name] = str(field.choices[0][0])
        return len(urlencode(fields))

    def boxes(self):
        return [(choice, self[f"c{choice.position}"]) for choice in self.choices
                if f"c{choice.position}" in self.fields]

    def clean(self):
        data = super().clean()
        form = self.poll.form
        if any(isinstance(self.fields.get(name), _Token) for name in self.errors):
            if form == Poll.Form.SINGLE and not self.data.get("choice"):
                # No radio chosen: the browser sends no field at all.
                raise forms.ValidationError(UNMARKED)
            raise forms.ValidationError(ALTERED)
        blank = data.get("blank") == "1"
        if form == Poll.Form.RANKED:
            marks = self._ranking(data)
        elif form == Poll.Form.SINGLE:
            position = int(data["choice"])
            marks, blank = ([position], False) if position else ([], True)
        else:
            marks = [c.position for c in self.choices if data.get(f"c{c.position}") == "1"]
            if form == Poll.Form.MARKS and len(marks) > self.poll.seats:
                raise forms.ValidationError(
                    f"You marked {len(marks)} choices; mark at most {self.poll.seats}, as there "
                    f"are {self.poll.seats} places."
                )
        if marks and blank:
            raise forms.ValidationError(
                "You marked choices and also asked for a blank ballot: do one or the other."
            )
        if not marks and not blank:
            raise forms.ValidationError(UNMARKED)
        data["marks"] = marks
        data["blank"] = blank
        return data

    def _ranking(self, data) -> list[int]:
        numbers: dict[int, Choice] = {}
        problems: list[str] = []
        by_number: dict[int, list[str]] = {}
        for choice in self.choices:
            number = int(data[f"c{choice.position}"])
            if number:
                by_number.setdefault(number, []).append(choice.label)
                numbers[number] = choice
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
        return [numbers[n].position for n in used]


def paper_data(poll: Poll, choices: list[Choice], marks: list[int], *,
               blank: bool = False) -> dict[str, str]:
    """The fields a browser sends for a paper marked so (``marks`` by position, in order of
    preference when ranked): the inverse of BallotForm, for the tests (bench/ballots.py builds
    the same without importing Django)."""
    width = token_width(choices)
    if poll.form == Poll.Form.SINGLE:
        return {"choice": token(marks[0] if marks else 0, width)}
    data = {"blank": "1" if blank else "0"}
    for choice in choices:
        if poll.form == Poll.Form.RANKED:
            rank = marks.index(choice.position) + 1 if choice.position in marks else 0
            data[f"c{choice.position}"] = token(rank, width)
        else:
            data[f"c{choice.position}"] = "1" if choice.position in marks else "0"
    return data


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
