"""Affiliates: a public list, and the officer forms to add one and record its fee."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse

from openassembly.core import clock
from openassembly.core.access import require_power_in
from openassembly.core.errors import InvalidInput
from openassembly.core.forms_flow import HttpResponseSeeOther, problems_of, status_for, submit
from openassembly.core.powers import powers_of

from . import services
from .access import access_affiliate
from .models import Affiliate, Member, Region


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


class ContactForm(forms.Form):
    """The member an affiliate names as its contact: who nominates its representatives."""

    affiliate = forms.ModelChoiceField(queryset=Affiliate.objects.none())
    member = forms.CharField(label="Contact", help_text="The member's number or email address.")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affiliate"].queryset = Affiliate.objects.filter(
            organisation=organisation, disaffiliated_on=None
        )


def _member_named(organisation, text: str) -> Member:
    text = text.strip()
    lookup = {"pk": int(text)} if text.isdigit() else {"email__iexact": text}
    member = Member.objects.filter(organisation=organisation, **lookup).first()
    if member is None:
        raise InvalidInput(f"No member of this organisation matches '{text}'.", field="member")
    return member


def affiliates(request, org: str):
    organisation = request.organisation
    may_manage = "manage-register" in powers_of(request.member)
    add_form = fee_form = contact_form = None
    if may_manage:
        contact_form = ContactForm(
            request.POST if request.POST.get("form") == "contact" else None,
            organisation=organisation, prefix="contact",
        )
        add_form = AffiliateForm(
            request.POST if request.POST.get("form") == "add" else None, organisation=organisation
        )
        fee_form = FeeForm(
            request.POST if request.POST.get("form") == "fee" else None,
            organisation=organisation,
            initial={"year": clock.today().year, "paid_on": clock.today()},
        )
    status, refused = 200, None
    if request.method == "POST":
        actor = require_power_in(request.viewer, "manage-register")

        def add(data):
            services.add_affiliate(actor, organisation=organisation, **data)
            return f"{data['name']} is affiliated."

        def fee(data):
            affiliate = access_affiliate(request.viewer, data["affiliate"].pk)
            services.record_affiliation_fee(
                actor,
                organisation=organisation,
                affiliate=affiliate,
                year=data["year"],
                amount_pence=int(data["amount"] * 100),
                paid_on=data["paid_on"],
            )
            return f"Fee recorded for {affiliate.name}."

        def contact(data):
            affiliate = access_affiliate(request.viewer, data["affiliate"].pk)
            member = _member_named(organisation, data["member"])
            services.set_affiliate_contact(actor, organisation=organisation, affiliate=affiliate,
                                           contact=member)
            return f"{member.name} is now the contact of {affiliate.name}."

        chosen = {"add": (add_form, add), "fee": (fee_form, fee),
                  "contact": (contact_form, contact)}.get(request.POST.get("form"))
        if chosen is None:
            raise InvalidInput("Say which form this is: add, fee or contact.")
        refused, act = chosen
        done, said, error = submit(refused, act)
        if done:
            messages.success(request, said)
            return HttpResponseSeeOther(reverse("members:affiliates", kwargs={"org": org}))
        status = status_for(error)
    year = clock.today().year
    rows = Affiliate.objects.filter(organisation=organisation).select_related("region",
                                                                               "contact")
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
            "contact_form": contact_form,
            "contact_rule": next((r.rule for r in organisation.constitution.seat_routes
                                  if r.route == "nominated"), ""),
            "problems": problems_of(refused),
        },
        status=status,
    )
