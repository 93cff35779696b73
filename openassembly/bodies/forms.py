from __future__ import annotations

from django import forms
from django.db.models import Q

from openassembly.core import clock
from openassembly.members.models import Member

from .models import SeatGroup


class NominateForm(forms.Form):
    """An affiliate's contact nominates a member to one of the affiliate's places."""

    seat_group = forms.ModelChoiceField(queryset=SeatGroup.objects.none(), label="Seat")
    member = forms.CharField(label="Member", help_text="The member's number or email address.")
    starts_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, body, contact: Member | None, **kwargs):
        kwargs.setdefault("initial", {"starts_on": clock.today()})
        super().__init__(*args, **kwargs)
        groups = body.seat_groups.none()
        if contact is not None:
            kinds = list(contact.contact_for.filter(disaffiliated_on=None)
                         .values_list("kind", flat=True))
            groups = body.seat_groups.filter(active=True, kind=SeatGroup.Kind.NOMINATED).filter(
                Q(affiliate__contact=contact) | Q(affiliate=None))
            specs = {s.key: s for b in body.organisation.constitution.bodies
                     if b.key == body.key for s in b.seats}
            keys = [k for k, s in specs.items() if s.nominated_by in kinds]
            groups = groups.filter(Q(affiliate__contact=contact) | Q(seat_key__in=keys))
        self.fields["seat_group"].queryset = groups


class EndTermForm(forms.Form):
    ends_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(max_length=200, required=False)
    decision = forms.IntegerField(
        min_value=1, required=False, label="Decision number",
        help_text="For a removal: the number of the body's decision in the decisions register. "
                  "Leave empty to resign your own seat.")
