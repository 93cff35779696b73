from __future__ import annotations

from django import forms

from openassembly.core import clock

from .models import SeatGroup


class SeatForm(forms.Form):
    seat_group = forms.ModelChoiceField(queryset=SeatGroup.objects.none(), label="Seat")
    member = forms.CharField(label="Member", help_text="The member's number or email address.")
    starts_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    how = forms.CharField(
        max_length=200, label="How", help_text="For example: elected at the 2026 conference."
    )

    def __init__(self, *args, body, **kwargs):
        kwargs.setdefault("initial", {"starts_on": clock.today()})
        super().__init__(*args, **kwargs)
        self.fields["seat_group"].queryset = body.seat_groups.filter(active=True)


class EndTermForm(forms.Form):
    ends_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(max_length=200)
