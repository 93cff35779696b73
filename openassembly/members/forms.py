from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation

from .models import Affiliate, Region


class SignForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField()
    region = forms.ModelChoiceField(queryset=Region.objects.none(), required=False)
    local_group = forms.ModelChoiceField(queryset=Affiliate.objects.none(), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(organisation=organisation)
        self.fields["local_group"].queryset = Affiliate.objects.filter(
            organisation=organisation, kind="local-group"
        )


class ConfirmForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, help_text="At least 8 characters.")
    password_again = forms.CharField(widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("password_again"):
            raise forms.ValidationError("The two passwords are not the same.")
        if data.get("password"):
            password_validation.validate_password(data["password"])
        return data


class DetailsForm(forms.Form):
    name = forms.CharField(max_length=200)
    phone = forms.CharField(max_length=40, required=False)
    address = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    region = forms.ModelChoiceField(queryset=Region.objects.none(), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(organisation=organisation)


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV with a header row: name,email and optionally region, "
        "local_group, joined_on, status (checked, never changed), phone, address, "
        "public_office_holder."
    )

    MAX_BYTES = 50 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                "The file is larger than 50 MB; split it or use the command line."
            )
        return upload


class PublicOfficeForm(forms.Form):
    holds = forms.BooleanField(required=False, label="I hold a public office")
    office = forms.CharField(max_length=200, required=False, label="Which office",
                             help_text="For example: Councillor, Riverside ward.")
class DuesForm(forms.Form):
    member = forms.EmailField(label="Member's email address")
    amount = forms.DecimalField(label="Amount paid (£)", min_value=0, max_digits=9,
                                decimal_places=2)
    paid_on = forms.DateField(label="Paid on", widget=forms.DateInput(attrs={"type": "date"}))


class DisciplineForm(forms.Form):
    CHANGES = [("suspend", "Suspend the member"), ("expel", "Expel the member"),
               ("reinstate", "Reinstate the member")]

    member = forms.EmailField(label="Member's email address")
    change = forms.ChoiceField(label="What the decision does", choices=CHANGES)
    decision = forms.IntegerField(label="Decision number in the decisions register",
                                  min_value=1)
    reason = forms.CharField(label="The decision's reasons (sent to the member, never public)",
                             widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ApplicationForm(forms.Form):
    OUTCOMES = [("admit", "Accept: make them a member"),
                ("refuse", "Refuse the application")]

    applicant = forms.TypedChoiceField(label="Application", coerce=int)
    outcome = forms.ChoiceField(label="Your decision", choices=OUTCOMES,
                                widget=forms.RadioSelect)
    decision = forms.IntegerField(label="Decision number in the decisions register",
                                  min_value=1, required=False)
    reason = forms.CharField(label="Reasons for refusing (sent to the applicant, never public)",
                             widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                             required=False)

    def __init__(self, *args, applicants=(), needs_decision: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant"].choices = [
            (m.pk, f"{m.name} ({m.email}), applied {m.joined_on:%-d %B %Y}") for m in applicants]
        if not needs_decision:
            del self.fields["decision"]
