"""Pages for requisitions (members requiring a meeting) and for cancelling or postponing one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from openassembly.bodies.models import Body
from openassembly.core.access import require_member, scoped
from openassembly.core.authority import Route, resolve
from openassembly.core.errors import InvalidInput
from openassembly.core.forms_flow import handle_form
from openassembly.rules import meeting_rights

from .. import constitution, services
from ..access import access_meeting
from ..forms import CancelForm, RequisitionForm, SignForm
from ..models import Requisition
from ..rights import may_self_call, rules_for, who


def index(request, org: str):
    organisation = request.organisation
    rules = organisation.constitution
    bodies = [(body, meeting_rights.requisitions_for(rules, body.key))
              for body in Body.objects.filter(organisation=organisation, dissolved_on=None)]
    return render(request, "meetings/requisitions.html", {
        "requisitions": Requisition.objects.filter(organisation=organisation)
        .select_related("body", "started_by").prefetch_related("signatures")[:200],
        "bodies": [(body, specs) for body, specs in bodies if specs],
    })


@login_required
def start(request, org: str, key: str):
    organisation = request.organisation
    body = get_object_or_404(Body, organisation=organisation, key=key)
    actor = require_member(request.viewer)
    specs = meeting_rights.requisitions_for(organisation.constitution, body.key)
    form = RequisitionForm(request.POST or None, requisitions=organisation.constitution
                           .requisitions, initial={"kind": specs[0].key if specs else ""})

    def act(data):
        return services.start_requisition(actor, organisation=organisation, body=body,
                                          kind=data["kind"], purpose=data["purpose"])

    return handle_form(
        request, form, act, template="meetings/requisition_start.html",
        context={"body": body, "specs": specs},
        success=lambda r: reverse("meetings:requisition", kwargs={"org": org, "pk": r.pk}),
        message=lambda r: (f"Requisition {r.pk} started with your signature; it needs "
                           f"{r.needed}."),
    )


def detail(request, org: str, pk: int):
    requisition = scoped(Requisition, request.viewer, pk)
    member = request.member
    form = SignForm(request.POST if request.method == "POST" else None)

    def act(data):
        return services.sign_requisition(require_member(request.viewer), requisition=requisition)

    signers = list(requisition.signatures.select_related("member"))
    signed = member is not None and any(s.member_id == member.pk for s in signers)
    meeting = getattr(requisition, "meeting", None) if requisition.status == "met" else None
    return handle_form(
        request, form, act, template="meetings/requisition.html",
        context=lambda: {
            "requisition": requisition, "signers": signers, "signed": signed,
            "eligible": constitution.is_voting_member(requisition.body, member),
            "self_call": may_self_call(requisition), "meeting": meeting,
        },
        success=reverse("meetings:requisition", kwargs={"org": org, "pk": pk}),
        message=lambda r: ("Signed. " + ("The requisition is complete." if r.status != "open"
                                         else f"{r.signatures.count()} of {r.needed}.")),
        form_name="sign_form",
    )


@login_required
def cancel(request, org: str, pk: int):
    meeting = access_meeting(request.viewer, pk)
    actor = require_member(request.viewer)
    rules = rules_for(meeting)
    form = CancelForm(request.POST or None)

    def act(data):
        if data["route"] == "decision":
            if data.get("decision") is None:
                raise InvalidInput("Give the number of the body's decision.", field="decision")
            authority = resolve(meeting.organisation, Route.DECISION, data["decision"])
            return services.cancel_meeting(actor, meeting=meeting, reason=data["reason"],
                                           authority=authority,
                                           postpone_to=data.get("postpone_to"))
        return services.propose_cancellation(actor, meeting=meeting, reason=data["reason"],
                                             postpone_to=data.get("postpone_to"))

    def said(result) -> str:
        if data_route(request) == "officers":
            return ("Proposed. It happens only when a second officer confirms it on the "
                    "two-officer actions page; both steps are public.")
        return ("The meeting is postponed; the members are being told." if result.postponed_from
                and result.status == "called" else
                "The meeting is cancelled; the members are being told.")

    return handle_form(
        request, form, act, template="meetings/cancel.html",
        context={"meeting": meeting, "rules": rules, "who": who(meeting)},
        success=reverse("meetings:meeting", kwargs={"org": org, "pk": pk}), message=said,
    )


def data_route(request) -> str:
    return request.POST.get("route", "")
