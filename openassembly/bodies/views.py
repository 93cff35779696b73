"""Officers record who holds which seat, and end terms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from openassembly.core.access import require_power_in
from openassembly.core.errors import InvalidInput
from openassembly.members.models import Member

from . import selectors, services
from .access import access_seat_holding
from .forms import EndTermForm, SeatForm
from .models import Body


def _find_member(request, text: str) -> Member:
    text = text.strip()
    lookup = {"pk": int(text)} if text.isdigit() else {"email__iexact": text}
    member = Member.objects.filter(organisation=request.organisation, **lookup).first()
    if member is None:
        raise InvalidInput(f"No member of this organisation matches '{text}'.")
    return member


@login_required
def manage_seats(request, org: str, key: str):
    actor = require_power_in(request.viewer, "manage-seats")
    body = get_object_or_404(Body, organisation=request.organisation, key=key)
    form = SeatForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = _find_member(request, data["member"])
        except InvalidInput as error:
            form.add_error("member", str(error))
        else:
            services.seat_member(
                actor,
                organisation=request.organisation,
                seat_group=data["seat_group"],
                member=member,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                how=data["how"],
            )
            messages.success(request, f"{member.name} now holds a seat: {data['seat_group']}.")
            return redirect("bodies:manage", org=org, key=key)
    return render(
        request,
        "bodies/manage.html",
        {
            "body": body,
            "form": form,
            "groups": selectors.composition(body),
            "end_form": EndTermForm(),
        },
    )


@login_required
def end_term(request, org: str, key: str, pk: int):
    actor = require_power_in(request.viewer, "manage-seats")
    holding = access_seat_holding(request.viewer, pk, body_key=key)
    form = EndTermForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Give the date the term ends and the reason.")
    services.end_term(
        actor,
        organisation=request.organisation,
        holding=holding,
        ends_on=form.cleaned_data["ends_on"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, f"{holding.member.name}'s term ends on {holding.ends_on}.")
    return redirect("bodies:manage", org=org, key=key)
