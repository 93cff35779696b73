"""Officers record who holds which seat, and end terms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import reverse

from openassembly.core.access import require_power_in
from openassembly.core.errors import InvalidInput
from openassembly.core.forms_flow import (
    HttpResponseSeeOther,
    handle_form,
    render_form_page,
    status_for,
    submit,
)
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

    def act(data):
        try:
            member = _find_member(request, data["member"])
        except InvalidInput as error:
            error.field = "member"
            raise
        services.seat_member(
            actor,
            organisation=request.organisation,
            seat_group=data["seat_group"],
            member=member,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            how=data["how"],
        )
        return f"{member.name} now holds a seat: {data['seat_group']}."

    return handle_form(
        request, form, act, success=reverse("bodies:manage", kwargs={"org": org, "key": key}),
        message=lambda said: said, template="bodies/manage.html",
        context=lambda: _manage_page(body),
    )


def _manage_page(body: Body) -> dict:
    return {"body": body, "groups": selectors.composition(body), "end_form": EndTermForm()}


@login_required
def end_term(request, org: str, key: str, pk: int):
    actor = require_power_in(request.viewer, "manage-seats")
    holding = access_seat_holding(request.viewer, pk, body_key=key)
    form = EndTermForm(request.POST, auto_id=f"end-{holding.pk}-%s")
    done, _, error = submit(form, lambda data: services.end_term(
        actor,
        organisation=request.organisation,
        holding=holding,
        ends_on=data["ends_on"],
        reason=data["reason"],
    ))
    if not done:
        # Back on the seats page: the row of this term keeps the date and reason typed.
        page = {**_manage_page(holding.seat_group.body), "end_form": form, "end_pk": holding.pk,
                "form": SeatForm(body=holding.seat_group.body)}
        return render_form_page(request, form, template="bodies/manage.html", context=page,
                                form_name="end_form", status=status_for(error), error=error,
                                anchor=f"end-{holding.pk}")
    messages.success(request, f"{holding.member.name}'s term ends on {holding.ends_on}.")
    return HttpResponseSeeOther(reverse("bodies:manage", kwargs={"org": org, "key": key}))
