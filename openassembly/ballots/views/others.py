"""Members' ballots (creation and statements), petitions and sortition."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openassembly.bodies.models import SeatHolding
from openassembly.core import clock, limits
from openassembly.core.access import require_member, require_power_in
from openassembly.core.errors import InvalidInput, RateLimited
from openassembly.core.forms_flow import render_form_page

from .. import services
from ..access import access_petition, access_poll, access_sortition
from ..forms import PetitionForm, ReferendumForm, ScheduleForm, SortitionForm, StatementForm
from ..models import Petition
from ..selectors import pool_labels, threshold
from .common import form_page


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
            services.sign_petition(member, petition=petition)
            return redirect("ballots:petition", org=org, pk=pk)
    spec = request.organisation.constitution.petition(petition.kind)
    needed = threshold(petition)
    signed = bool(request.member) and petition.signatures.filter(member=request.member).exists()
    return render_form_page(request, None, template="ballots/petition.html", context={
        "petition": petition, "spec": spec, "needed": needed, "signed": signed,
        "percent": min(100, petition.signatures_count * 100 // max(needed, 1)),
    }, error=refusal, status=refusal.status if refusal else 200)


@login_required
def sortition_new(request, org: str):
    actor = require_power_in(request.viewer, "run-ballots")
    form = SortitionForm(request.POST or None)

    def act(data):
        return services.announce_sortition(actor, organisation=request.organisation, **data)

    return form_page(request, form, act, message="The draw is announced.",
                     success=lambda d: reverse("ballots:sortition", kwargs={"org": org,
                                                                            "pk": d.pk}),
                     title="Draw a panel by lot", submit="Announce",
                     intro="The seed is fixed now and only its SHA-256 published; it is "
                     "revealed with the draw so anyone can repeat it.")


def sortition(request, org: str, pk: int):
    sortition = access_sortition(request.viewer, pk)
    if request.method == "POST":
        member = require_member(request.viewer)
        action = request.POST.get("action")
        if action == "join":
            services.join_pool(member, sortition=sortition)
        elif action == "close":
            services.close_pool(member, sortition=sortition)
        elif action == "draw":
            services.draw(member, sortition=sortition)
        else:
            raise InvalidInput(f"'{action}' is not a step of a draw.")
        return redirect("ballots:sortition", org=org, pk=pk)
    from openassembly.counting import LOT_PROCEDURE

    in_pool = bool(request.member) and sortition.pool.filter(member=request.member).exists()
    return render(request, "ballots/sortition.html", {
        "sortition": sortition, "pool": pool_labels(sortition), "in_pool": in_pool,
        "procedure": LOT_PROCEDURE,
    })


def pool_file(request, org: str, pk: int):
    """The pool list exactly as the draw hashed it: one name per line."""
    sortition = access_sortition(request.viewer, pk)
    text = "".join(f"{label}\n" for label in pool_labels(sortition))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
