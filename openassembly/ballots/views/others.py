"""Members' ballots (creation and statements), petitions and sortition."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openassembly.bodies.models import SeatHolding
from openassembly.core import clock, limits
from openassembly.core.access import require_member, require_power_in
from openassembly.core.authority import Route, resolve
from openassembly.core.errors import RateLimited, ServiceError
from openassembly.core.forms_flow import render_form_page
from openassembly.members.models import Member

from .. import services
from ..access import access_petition, access_poll
from ..forms import (
    AgainstForm,
    BodyStatementForm,
    PetitionForm,
    ReferendumForm,
    ReportForm,
    ScheduleForm,
    ScrutineerForm,
    StatementForm,
)
from ..models import CandidateStatement, Petition, Scrutineer
from ..selectors import threshold
from .common import form_page
from .polls import poll_detail


def _poll_url(org: str, pk: int) -> str:
    return reverse("ballots:poll", kwargs={"org": org, "pk": pk})


@login_required
def referendum_new(request, org: str):
    actor = require_power_in(request.viewer, "run-ballots")
    form = ReferendumForm(request.POST or None)

    def act(data):
        data = {**data, "options": data["options"].splitlines()}
        return services.create_referendum(actor, organisation=request.organisation, **data)

    return form_page(request, form, act, success=lambda r: _poll_url(org, r.poll_id),
                     message="The members' ballot is drafted.",
                     title="Draft a members' ballot", submit="Draft",
                     intro="It cannot open until a statement for and a statement against are "
                     "attached, each written by a member on that side.")


@login_required
def schedule(request, org: str, pk: int):
    actor = require_power_in(request.viewer, "run-ballots")
    poll = access_poll(request.viewer, pk)
    form = ScheduleForm(request.POST or None, initial={
        "opens_at": poll.opens_at, "closes_at": poll.closes_at, "roll_date": poll.roll_date})

    def act(data):
        return services.schedule(actor, referendum=poll.referendum, **data)

    return form_page(request, form, act, success=_poll_url(org, pk),
                     message="The timetable is set.", title=f"Timetable of {poll.title}")


@login_required
def statement(request, org: str, pk: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    form = StatementForm(request.POST or None, initial={"side": request.GET.get("side", "for")})

    def act(data):
        return services.write_statement(member, referendum=poll.referendum, **data)

    return form_page(request, form, act, success=_poll_url(org, pk),
                     message="The statement is attached.",
                     title=f"A statement on: {poll.title}", submit="Attach the statement",
                     intro="Write for the side you are on. Each side writes its own statement; "
                     "voters see both next to the ballot paper.")


def petitions(request, org: str):
    rows = Petition.objects.filter(organisation=request.organisation).select_related(
        "referendum")
    return render(request, "ballots/petitions.html", {"petitions": rows})


@login_required
def petition_new(request, org: str):
    member = require_member(request.viewer)
    today = clock.today()
    holdings = (
        SeatHolding.objects.filter(organisation=request.organisation, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .select_related("member", "seat_group__body")
        .order_by("seat_group__body__name", "member__name")
    )
    form = PetitionForm(request.POST or None, organisation=request.organisation,
                        holdings=holdings)

    def act(data):
        return services.start_petition(
            member, organisation=request.organisation, kind=data["kind"],
            title=data["title"], text=data["text"], target_holding=data["target"],
            motion=data["motion"],
        )

    return form_page(request, form, act, message="The petition is started, with your signature.",
                     success=lambda p: reverse("ballots:petition", kwargs={"org": org,
                                                                           "pk": p.pk}),
                     title="Start a petition", submit="Start and sign",
                     intro="Any member may start a petition of a kind the constitution provides "
                     "for. When enough members sign, what the constitution says happens, "
                     "automatically.")


def petition(request, org: str, pk: int):
    petition = access_petition(request.viewer, pk)
    refusal = None
    if request.method == "POST":
        member = require_member(request.viewer)
        try:
            limits.check(request, "petition signatures", per=("account",))
        except RateLimited as error:
            refusal = error
        else:
            try:
                services.sign_petition(member, petition=petition)
            except ServiceError as error:
                refusal = error
            else:
                return redirect("ballots:petition", org=org, pk=pk)
    spec = request.organisation.constitution.petition(petition.kind)
    needed = threshold(petition)
    signed = bool(request.member) and petition.signatures.filter(member=request.member).exists()
    return render_form_page(request, None, template="ballots/petition.html", context={
        "petition": petition, "spec": spec, "needed": needed, "signed": signed,
        "percent": min(100, petition.signatures_count * 100 // max(needed, 1)),
    }, error=refusal, status=refusal.status if refusal else 200)


def _referendum_of(poll):
    """The poll's referendum; an election has no statements against, so its page is not found
    rather than failing."""
    referendum = getattr(poll, "referendum", None) if poll.kind == "referendum" else None
    if referendum is None:
        raise Http404("Only a referendum has statements against.")
    return referendum


@login_required
def against_offer(request, org: str, pk: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    _referendum_of(poll)
    form = AgainstForm(request.POST or None)

    def act(data):
        return services.offer_against_statement(member, referendum=poll.referendum, **data)

    return form_page(request, form, act, success=_poll_url(org, pk),
                     message="Your statement against is offered; members may co-sign it.",
                     title=f"Offer a statement against: {poll.title}", submit="Offer it",
                     intro="Members who did not sign the petition may each offer a statement "
                     "against and co-sign one. When statements are due, the one with most "
                     "co-signers is the statement against on the ballot paper.")


@login_required
@require_POST
def against_cosign(request, org: str, pk: int, cid: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    candidate = get_object_or_404(CandidateStatement, pk=cid, referendum__poll=poll)
    try:
        services.cosign_against_statement(member, candidate=candidate)
    except ServiceError as error:
        return poll_detail(request, org, pk, error=error)
    return redirect("ballots:poll", org=org, pk=pk)


@login_required
def body_statement(request, org: str, pk: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    referendum = _referendum_of(poll)
    if not referendum.against_body:
        raise Http404("This ballot has no body's statement against.")
    form = BodyStatementForm(request.POST or None)

    def act(data):
        authority = resolve(request.organisation, Route.DECISION, data["decision"])
        return services.record_body_statement(member, referendum=poll.referendum,
                                              authority=authority, text=data["text"])

    body = request.organisation.constitution.body(referendum.against_body)
    return form_page(request, form, act, success=_poll_url(org, pk),
                     message="The statement against is attached.",
                     title=f"The {body.name}'s statement against: {poll.title}",
                     submit="Attach the statement",
                     intro=f"The {body.name} chooses the statement against by a decision; give "
                     "its number in the decisions register.")


@login_required
def scrutineer_new(request, org: str, pk: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    today = clock.today()
    holders = (SeatHolding.objects.filter(organisation=request.organisation,
                                          seat_group__kind="elected", starts_on__lte=today)
               .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today)).values("member_id"))
    members = Member.objects.filter(pk__in=holders, status=Member.Status.ACTIVE).order_by("name")
    form = ScrutineerForm(request.POST or None, members=members)

    def act(data):
        authority = (resolve(request.organisation, Route.DECISION, data["decision"])
                     if data["decision"] else None)
        return services.appoint_scrutineer(member, poll=poll, name=data["name"],
                                           member=data["member"], authority=authority)

    return form_page(request, form, act,
                     success=reverse("ballots:scrutiny", kwargs={"org": org, "pk": pk}),
                     message="The scrutineer is named.", title=f"Name a scrutineer: {poll.title}",
                     submit="Name the scrutineer",
                     intro="A scrutineer sees the timetable, the size of the roll and every "
                     "officer act, and their report is published with the result.")


@login_required
def scrutiny_report(request, org: str, pk: int, sid: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    scrutineer = get_object_or_404(Scrutineer, pk=sid, poll=poll)
    form = ReportForm(request.POST or None)

    def act(data):
        return services.file_scrutiny_report(member, scrutineer=scrutineer, text=data["text"])

    return form_page(request, form, act,
                     success=reverse("ballots:scrutiny", kwargs={"org": org, "pk": pk}),
                     message="The report is on the record.",
                     title=f"Report of {scrutineer.name}", submit="File the report")
