"""Forms: adding a results set, building a scenario, attaching an analysis."""

from __future__ import annotations

from django import forms

from openassembly.analysis import DATASETS, ResultSet, Scenario, ScenarioError
from openassembly.core.request_limits import upload_within
from openassembly.meetings.models import Meeting, Motion, Paper
from openassembly.scenarios.services import MAX_UPLOAD_BYTES

SHIPPED_TITLES = {"ge2015": "UK general election 2015 (House of Commons Library, 650 seats)"}
OPEN_MEETINGS = (Meeting.Status.CALLED, Meeting.Status.OPEN)


class ResultsSetForm(forms.Form):
    dataset = forms.ChoiceField(
        label="Results",
        choices=[("", "Upload a file (below)")]
        + [(key, SHIPPED_TITLES.get(key, key)) for key in sorted(DATASETS)],
        required=False,
    )
    file = forms.FileField(
        label="Results file (CSV)",
        required=False,
        help_text="House of Commons Library summary format, or long format with columns "
        "constituency, area, party, votes (and optionally valid_votes).",
    )
    name = forms.CharField(
        label="Name", max_length=200, required=False, help_text="Defaults to the file's name."
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        upload_within(upload, MAX_UPLOAD_BYTES, what="results file")
        return upload

    def clean(self):
        data = super().clean()
        if bool(data.get("dataset")) == bool(data.get("file")):
            raise forms.ValidationError("Choose a shipped data set or upload a file (not both).")
        return data


def _lines(text: str, field: str, example: str) -> list[tuple[int, str, str]]:
    """(line number, key, value) for each non-blank "KEY=VALUE" line."""
    out, errors = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        # Split on the last "=", as the command line does: party codes have none, a
        # constituency name might.
        key, sep, value = line.rpartition("=")
        if not sep or not key.strip() or not value.strip():
            errors.append(f"Line {number}: {line!r} is not of the form {example}.")
            continue
        out.append((number, key.strip(), value.strip()))
    if errors:
        raise forms.ValidationError(errors)
    return out


class ScenarioForm(forms.Form):
    """Every parameter of ``openassembly pact``; choices come from the results file."""

    alliance = forms.MultipleChoiceField(
        label="Alliance parties",
        widget=forms.CheckboxSelectMultiple,
        help_text="At least two. Where two alliance parties have equal votes in a seat, the "
        "one listed first here stands.",
    )
    nations = forms.MultipleChoiceField(
        label="Nations", widget=forms.CheckboxSelectMultiple, required=False,
        help_text="None ticked means every seat.",
    )
    regions = forms.MultipleChoiceField(
        label="Regions", widget=forms.CheckboxSelectMultiple, required=False,
        help_text="None ticked means every seat; with nations too, a seat must match both.",
    )
    mode = forms.ChoiceField(
        label="How partners' votes move",
        widget=forms.RadioSelect,
        choices=[
            ("single", "single: one partner at a time (a seat counts when one partner's "
             "vote alone closes the gap)"),
            ("pooled", "pooled: every partner stands aside and all their votes transfer"),
        ],
        initial="single",
    )
    default_rate = forms.CharField(
        label="Transfer rate", initial="100%", max_length=20,
        help_text="Share of a partner's voters who vote for the alliance candidate: 80%, 0.8 "
        "or 4/5.",
    )
    rates = forms.CharField(
        label="Transfer rates for particular pairs",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One per line, FROM:TO=RATE, e.g. Lab:LD=80% (Labour voters where the "
        "Liberal Democrat stands).",
    )
    assignments = forms.CharField(
        label="Fixed candidates",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One per line, Constituency=Party, e.g. Bath=LD. Otherwise the alliance "
        "party with most votes stands.",
    )
    assigned_only = forms.BooleanField(
        label="Analyse only the seats with a fixed candidate", required=False
    )
    title = forms.CharField(
        label="Title", max_length=200, required=False,
        help_text="Needed to save the analysis.",
    )

    def __init__(self, *args, results: ResultSet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.results = results
        self.fields["alliance"].choices = [(p, p) for p in results.alliance_parties]
        self.fields["nations"].choices = [(n, n) for n in results.nations]
        if results.format == "long":
            # A long file's area is both nation and region: one list of areas is enough.
            del self.fields["regions"]
            self.fields["nations"].label = "Areas"
        else:
            self.fields["regions"].choices = [(r, r) for r in results.regions]
        self.scenario: Scenario | None = None

    def clean_rates(self) -> list[tuple[str, str, str]]:
        triples, errors = [], []
        for number, pair, rate in _lines(
            self.cleaned_data.get("rates", ""), "rates", "FROM:TO=RATE (Lab:LD=80%)"
        ):
            src, sep, dst = pair.partition(":")
            if not sep or not src.strip() or not dst.strip():
                errors.append(f"Line {number}: name two parties as FROM:TO, e.g. Lab:LD=80%.")
                continue
            triples.append((src.strip(), dst.strip(), rate))
        if errors:
            raise forms.ValidationError(errors)
        return triples

    def clean_assignments(self) -> list[tuple[str, str]]:
        return [
            (seat, party)
            for _, seat, party in _lines(
                self.cleaned_data.get("assignments", ""), "assignments",
                "Constituency=Party (Bath=LD)",
            )
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # The checkboxes arrive in the file's party order whatever order they were ticked.
        order = {p: i for i, p in enumerate(self.results.alliance_parties)}
        try:
            scenario = Scenario(
                alliance=tuple(sorted(data["alliance"], key=order.__getitem__)),
                mode=data["mode"],
                nations=tuple(data.get("nations", ())),
                regions=tuple(data.get("regions", ())),
                rates=tuple(data["rates"]),
                default_rate=data["default_rate"],
                assignments=tuple(data["assignments"]),
                candidate_rule="assigned" if data["assigned_only"] else "first",
            )
            scenario.resolve(self.results)
        except ScenarioError as error:
            raise forms.ValidationError(str(error)) from None
        self.scenario = scenario
        return data


class AttachForm(forms.Form):
    motion = forms.ModelChoiceField(
        queryset=Motion.objects.none(), required=False, label="Motion",
        empty_label="(none)",
    )
    paper = forms.ModelChoiceField(
        queryset=Paper.objects.none(), required=False, label="Paper", empty_label="(none)"
    )

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        motions = Motion.objects.filter(
            organisation=organisation, meeting__status__in=OPEN_MEETINGS
        ).select_related("meeting")
        papers = (
            Paper.objects.filter(organisation=organisation, meeting__status__in=OPEN_MEETINGS)
            .exclude(item__private_ground__gt="")
            .select_related("meeting")
        )
        self.fields["motion"].queryset = motions
        self.fields["motion"].label_from_instance = lambda m: f"{m} ({m.meeting.title})"
        self.fields["paper"].queryset = papers
        self.fields["paper"].label_from_instance = lambda p: f"{p.title} ({p.meeting.title})"

    def clean(self):
        data = super().clean()
        if bool(data.get("motion")) == bool(data.get("paper")):
            raise forms.ValidationError("Choose one motion or one paper.")
        return data
