"""Forms parse what people type; the services decide whether it is allowed."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from openassembly.bodies.models import Body
from openassembly.core import clock
from openassembly.core.request_limits import upload_within
from openassembly.members.models import Member

from .models import Division, Vote
from .selectors import body_people
from .services.papers import MAX_PAPER_BYTES

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(forms.Form):
    body = forms.ModelChoiceField(queryset=Body.objects.none())
    title = forms.CharField(max_length=200)
    starts_at = forms.DateTimeField(label="Starts", widget=DATETIME,
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    ends_at = forms.DateTimeField(label="Ends", widget=DATETIME, required=False,
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    place = forms.CharField(max_length=300, required=False)
    online_url = forms.URLField(label="Online link", required=False, assume_scheme="https")
    chair = forms.TypedChoiceField(coerce=int, empty_value=None, required=False,
                                   help_text="A member of the body; leave empty to chair it "
                                             "yourself.")
    minute_taker = forms.TypedChoiceField(coerce=int, empty_value=None, required=False,
                                          help_text="A member of the body; leave empty to take "
                                                    "the minutes yourself.")
    agenda = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False,
        help_text="One item a line; text after ' -- ' on a line is the item's description.",
    )
    urgent = forms.BooleanField(required=False, label="Urgent (use the urgency procedure)")
    urgency_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                     label="Why it cannot wait")
    urgent_matter = forms.CharField(
        max_length=200, required=False, label="The urgent matter",
        help_text="An urgent meeting deals with this matter only; it is its one agenda item.",
    )
    requisition = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(organisation=organisation, dissolved_on=None)
        self.fields["body"].queryset = bodies
        self.organisation = organisation
        # The pickers list the people who sit on the body, with their region and seat so that
        # namesakes can be told apart; until a body is chosen, grouped by body.
        chosen = None if self.is_bound else self._initial_body(bodies)
        if chosen is not None:
            choices = [(m.pk, text) for m, text in body_people(chosen, organisation)]
        else:
            choices = [(body.name, [(m.pk, text) for m, text in body_people(body, organisation)])
                       for body in bodies.order_by("name") if body.kind != "all-members"]
        self._default_start(organisation, chosen)
        for name, empty in (("chair", "I will chair it"),
                            ("minute_taker", "I will take the minutes")):
            self.fields[name].choices = [("", empty), *choices]

    URGENCY = ("urgent", "urgency_reason", "urgent_matter")

    def ordinary_fields(self):
        return [f for f in self.visible_fields() if f.name not in self.URGENCY]

    def urgency_fields(self):
        return [f for f in self.visible_fields() if f.name in self.URGENCY]

    @property
    def urgency_open(self) -> bool:
        """The urgency fields start folded away, unless they are in use or in error."""
        if any(self[name].errors for name in self.URGENCY):
            return True
        return bool(self.is_bound and self.data.get("urgent"))

    def _default_start(self, organisation, body) -> None:
        """The earliest start the constitution's notice allows, at 6 pm: the chosen body's
        notice, or, before one is chosen, the longest of any body's, so it suits them all."""
        if self.is_bound or self.initial.get("starts_at"):
            return
        rules = organisation.constitution
        keys = [body.key] if body is not None else [b.key for b in self.fields["body"].queryset]
        days = max((rules.body(key).notice_days for key in keys if _has_body(rules, key)),
                   default=0)
        first = timezone.localtime(clock.now()) + timedelta(days=days)
        start = first.replace(hour=18, minute=0, second=0, microsecond=0)
        if start < first:
            start += timedelta(days=1)
        self.initial["starts_at"] = start
        self.fields["starts_at"].help_text = (
            f"The earliest with the full notice of {days} days the constitution requires; "
            "an earlier start needs the urgency procedure." if body is not None else
            f"The earliest that gives every body its full notice ({days} days at most).")

    def _initial_body(self, bodies):
        value = self.initial.get("body")
        if value in (None, ""):
            return None
        return bodies.filter(pk=value).first() if str(value).isdigit() else None

    def clean(self):
        data = super().clean()
        body = data.get("body")
        for name, role in (("chair", "chair"), ("minute_taker", "take the minutes of")):
            pk = data.get(name)
            if pk is None:
                continue
            if body is None:
                data[name] = None
                continue
            people = {m.pk: m for m, _ in body_people(body, self.organisation)}
            if body.kind == "all-members":
                people = {m.pk: m for m in Member.objects.filter(
                    organisation=self.organisation, pk=pk, status="active")}
            if pk not in people:
                self.add_error(name, f"Choose someone who sits on the {body.name} to {role} "
                                     "its meeting.")
                continue
            data[name] = people[pk]
        return data

    def agenda_items(self) -> list[tuple[str, str]]:
        items = []
        for line in self.cleaned_data.get("agenda", "").splitlines():
            title, _, description = line.partition(" -- ")
            if title.strip():
                items.append((title.strip()[:200], description.strip()))
        return items

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        return timezone.make_aware(value) if timezone.is_naive(value) else value

    def clean_ends_at(self):
        value = self.cleaned_data.get("ends_at")
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value


def _has_body(rules, key: str) -> bool:
    try:
        rules.body(key)
    except KeyError:
        return False
    return True


class ItemForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  help_text="Markdown.")


class PaperForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, label="Paper title",
                            help_text="Not needed for a new version of an existing paper.")
    file = forms.FileField(required=False, help_text=(
        "A PDF, a Word (.docx) or OpenDocument (.odt) document, or a Markdown (.md) file."))
    markdown = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False,
                               label="Or write it here (Markdown)")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        upload_within(upload, MAX_PAPER_BYTES, what="paper")
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("markdown", "").strip():
            raise forms.ValidationError("Upload a file or write the paper.")
        if data.get("file") and data.get("markdown", "").strip():
            raise forms.ValidationError("Upload a file or write the paper, not both.")
        return data


class MotionForm(forms.Form):
    title = forms.CharField(max_length=200, label="Motion title")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Motion text",
                           help_text="Markdown.")
    decision_key = forms.ChoiceField(required=False, label="Kind of decision")
    amends_constitution = forms.BooleanField(
        required=False, label="This motion amends the constitution")
    new_constitution = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), required=False,
        label="New constitution (the complete TOML text)",
        help_text="Read only when the box above is ticked.",
    )

    AMENDING = ("amends_constitution", "new_constitution")

    def __init__(self, *args, decisions=(), body_key: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_key"].choices = [("", "Ordinary decision")] + [
            (d.key, f"{d.name} (rule {d.majority.rule})") for d in decisions
        ]
        # The kinds that change the constitution which this meeting's body may take.
        self.amending_kinds = [d for d in decisions if d.amends_constitution
                               and (not body_key or d.body == body_key)]
        if not self.amending_kinds:
            # A body that cannot change the constitution is not offered the box for one.
            for name in self.AMENDING:
                del self.fields[name]

    def ordinary_fields(self):
        return [f for f in self.visible_fields() if f.name not in self.AMENDING]

    def amending_fields(self):
        return [f for f in self.visible_fields() if f.name in self.AMENDING]

    @property
    def amending_open(self) -> bool:
        """The constitution box starts folded away, unless it is ticked or in error."""
        if any(name in self.fields and self[name].errors for name in self.AMENDING):
            return True
        return bool(self.is_bound and self.data.get("amends_constitution"))

    def clean(self):
        data = super().clean()
        if "amends_constitution" not in self.fields:
            return data
        # Without the tick the box is ignored, whatever was typed in it (a page without
        # JavaScript still sends a folded textarea): an ordinary motion carries no constitution.
        ticked = data.pop("amends_constitution", False)
        kinds = {d.key for d in self.amending_kinds}
        if not ticked:
            data["new_constitution"] = ""
            if data.get("decision_key") in kinds:
                self.add_error("amends_constitution", "That kind of decision changes the "
                               "constitution: tick this box and give the new text.")
            return data
        if not data.get("new_constitution", "").strip():
            self.add_error("new_constitution", "The motion amends the constitution: paste the "
                           "complete new constitution here, or untick the box.")
        if data.get("decision_key") not in kinds:
            if not data.get("decision_key") and len(kinds) == 1:
                data["decision_key"] = next(iter(kinds))
            else:
                names = " or ".join(f"'{d.name}'" for d in self.amending_kinds)
                self.add_error("decision_key", "A motion that amends the constitution is a "
                               f"decision of the kind {names}.")
        return data


class AmendmentForm(forms.Form):
    delete_text = forms.CharField(required=False, label="Leave out these words",
                                  widget=forms.Textarea(attrs={"rows": 2}))
    insert_text = forms.CharField(required=False, label="Insert these words",
                                  widget=forms.Textarea(attrs={"rows": 2}))


class DivisionForm(forms.Form):
    method = forms.ChoiceField(choices=Division.Method.choices, initial=Division.Method.NAMED)


class _PaddedChoice(forms.ChoiceField):
    def to_python(self, value):
        return super().to_python(value).strip()


class VoteForm(forms.Form):
    # The vote buttons send "for" padded with spaces to the length of "against" and
    # "abstain", so a secret vote's request is the same size whatever the choice, without
    # JavaScript (an observer of encrypted traffic sees sizes).
    choice = _PaddedChoice(choices=Vote.Choice.choices)


class HandsForm(forms.Form):
    # No room holds more hands than this; the bound also keeps the count within its column.
    votes_for = forms.IntegerField(min_value=0, max_value=1_000_000, label="For")
    against = forms.IntegerField(min_value=0, max_value=1_000_000)
    abstain = forms.IntegerField(min_value=0, max_value=1_000_000, initial=0)


class MinutesForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 24}), label="Minutes (Markdown)")


class ActionForm(forms.Form):
    description = forms.CharField(max_length=300)
    owner = forms.ModelChoiceField(queryset=Member.objects.none())
    due_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Member.objects.filter(
            organisation=organisation, status="active", seats__isnull=False
        ).distinct().order_by("name")


class RequisitionForm(forms.Form):
    kind = forms.ChoiceField(label="Under which rule")
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                              label="What the meeting is for",
                              help_text="Members sign this; the notice of the meeting quotes it.")

    def __init__(self, *args, requisitions, **kwargs):
        super().__init__(*args, **kwargs)
        # Every requisition in the constitution is offered by key; the service checks it is
        # one of this body's, so a hand-made POST is refused with the rule, by the field.
        self.fields["kind"].choices = [(r.key, f"{r.name} (rule {r.rule})")
                                       for r in requisitions]


class SignForm(forms.Form):
    """Signing takes no typed input: the button is the signature."""


class CancelForm(forms.Form):
    ROUTES = [
        ("decision", "The body decided it (give the decision's number)"),
        ("officers", "Propose it for a second officer to confirm (two officers acting together)"),
    ]
    route = forms.ChoiceField(choices=ROUTES, widget=forms.RadioSelect, label="By whose authority")
    decision = forms.IntegerField(required=False, min_value=1,
                                  label="Decision number in the decisions register")
    postpone_to = forms.DateTimeField(
        label="Postpone to", required=False, widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="Leave empty to cancel the meeting; give a later date to postpone it.")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             label="Reason (published)")

    def clean_postpone_to(self):
        value = self.cleaned_data.get("postpone_to")
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value
