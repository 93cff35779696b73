"""The seats page of a body: an affiliate's contact nominates; a holder resigns; a term ends
early by a decision of the body the constitution empowers. No officer fills or empties seats
(see services.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import reverse

from openassembly.core.access import require_member
from openassembly.core.authority import Route, resolve
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
from .forms import EndTermForm, NominateForm
from .models import Body


def _find_member(request, text: str) -> Member:
    text = text.strip()
    lookup = {"pk": int(text)} if text.isdigit() else {"email__iexact": text}
    member = Member.objects.filter(organisation=request.organisation, **lookup).first()
    if member is None:
        raise InvalidInput(f"No member of this organisation matches '{text}'.", field="member")
    return member


@login_required
def manage_seats(request, org: str, key: str):
    actor = require_member(request.viewer)
    body = get_object_or_404(Body, organisation=request.organisation, key=key)
    form = NominateForm(request.POST or None, body=body, contact=actor)

    def act(data):
        member = _find_member(request, data["member"])
        services.nominate_to_seat(actor, organisation=request.organisation,
                                  seat_group=data["seat_group"], member=member,
                                  starts_on=data["starts_on"])
        return f"{member.name} now holds a seat: {data['seat_group']}."

    return handle_form(
        request, form, act, success=reverse("bodies:manage", kwargs={"org": org, "key": key}),
        message=lambda said: said, template="bodies/manage.html",
        context=lambda: _manage_page(body, actor),
    )


def _manage_page(body: Body, viewer: Member) -> dict:
    groups = selectors.composition(body)
    for view in groups:
        view.way = selectors.way_of_group(body.organisation, view.group)  # type: ignore[attr-defined]
    return {"body": body, "groups": groups, "end_form": EndTermForm(), "viewer_member": viewer}


@login_required
def end_term(request, org: str, key: str, pk: int):
    actor = require_member(request.viewer)
    holding = access_seat_holding(request.viewer, pk, body_key=key)
    form = EndTermForm(request.POST, auto_id=f"end-{holding.pk}-%s")

    def act(data):
        authority = None
        if data.get("decision"):
            authority = resolve(request.organisation, Route.DECISION, data["decision"])
        return services.end_term(actor, organisation=request.organisation, holding=holding,
                                 ends_on=data["ends_on"], reason=data["reason"],
                                 authority=authority)

    done, _, error = submit(form, act)
    if not done:
        # Back on the seats page: the row of this term keeps what was typed.
        body = holding.seat_group.body
        page = {**_manage_page(body, actor), "end_form": form, "end_pk": holding.pk,
                "form": NominateForm(body=body, contact=actor)}
        return render_form_page(request, form, template="bodies/manage.html", context=page,
                                form_name="end_form", status=status_for(error), error=error,
                                anchor=f"end-{holding.pk}")
    holding.refresh_from_db()
    messages.success(request, f"{holding.member.name}'s term ends on {holding.ends_on}.")
    return HttpResponseSeeOther(reverse("bodies:manage", kwargs={"org": org, "key": key}))
