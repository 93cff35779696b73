"""Affiliates: a public list, and the officer forms to add one and record its fee."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from openassembly.core import clock
from openassembly.core.access import require_power_in
from openassembly.core.powers import powers_of

from . import services
from .access import access_affiliate
from .models import Affiliate, Region


class AffiliateForm(forms.Form):
    kind = forms.ChoiceField(choices=())
    name = forms.CharField(max_length=200)
    slug = forms.SlugField(label="Short name", help_text="Lower case letters, digits and dashes.")
    region = forms.ModelChoiceField(queryset=Region.objects.none(), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k.key, k.name) for k in organisation.constitution.affiliate_kinds
        ]
        self.fields["region"].queryset = Region.objects.filter(organisation=organisation)


class FeeForm(forms.Form):
    affiliate = forms.ModelChoiceField(queryset=Affiliate.objects.none())
    year = forms.IntegerField(min_value=1900, max_value=2200)
    amount = forms.DecimalField(label="Amount (£)", min_value=0, decimal_places=2)
    paid_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affiliate"].queryset = Affiliate.objects.filter(
            organisation=organisation, disaffiliated_on=None
        )


def affiliates(request, org: str):
    organisation = request.organisation
    may_manage = "manage-register" in powers_of(request.member)
    add_form = fee_form = None
    if may_manage:
        add_form = AffiliateForm(
            request.POST if request.POST.get("form") == "add" else None, organisation=organisation
        )
        fee_form = FeeForm(
            request.POST if request.POST.get("form") == "fee" else None,
            organisation=organisation,
            initial={"year": clock.today().year, "paid_on": clock.today()},
        )
    if request.method == "POST":
        actor = require_power_in(request.viewer, "manage-register")
        if request.POST.get("form") == "add" and add_form.is_valid():
            services.add_affiliate(actor, organisation=organisation, **add_form.cleaned_data)
            messages.success(request, f"{add_form.cleaned_data['name']} is affiliated.")
            return redirect("members:affiliates", org=org)
        if request.POST.get("form") == "fee" and fee_form.is_valid():
            data = fee_form.cleaned_data
            affiliate = access_affiliate(request.viewer, data["affiliate"].pk)
            services.record_affiliation_fee(
                actor,
                organisation=organisation,
                affiliate=affiliate,
                year=data["year"],
                amount_pence=int(data["amount"] * 100),
                paid_on=data["paid_on"],
            )
            messages.success(request, f"Fee recorded for {affiliate.name}.")
            return redirect("members:affiliates", org=org)
    year = clock.today().year
    rows = Affiliate.objects.filter(organisation=organisation).select_related("region")
    paid = set(rows.filter(fees__year=year).values_list("pk", flat=True))
    kinds = {k.key: k for k in organisation.constitution.affiliate_kinds}
    listing = [{"affiliate": a, "kind": kinds.get(a.kind), "paid": a.pk in paid} for a in rows]
    return render(
        request,
        "members/affiliates.html",
        {
            "listing": listing,
            "year": year,
            "add_form": add_form,
            "fee_form": fee_form,
        },
    )
