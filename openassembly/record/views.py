"""The public record: read-only pages anyone can see without signing in."""

from __future__ import annotations

import io

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from openassembly.ballots import selectors as ballot_selectors
from openassembly.bodies import selectors as body_selectors
from openassembly.bodies.models import Body, SeatHolding
from openassembly.bodies.seats_svg import seat_diagram
from openassembly.core import clock
from openassembly.core.ledger import export_ledger
from openassembly.core.models import Checkpoint, ConstitutionVersion, Organisation
from openassembly.members.models import Appeal, Member

from . import dashboard, selectors
from .exports import election_results_csv, open_data, open_data_csv, referendum_results_csv


def index(request):
    organisations = list(Organisation.objects.order_by("name"))
    if settings.DEFAULT_ORGANISATION:
        return redirect("record:home", org=settings.DEFAULT_ORGANISATION)
    if len(organisations) == 1:
        return redirect("record:home", org=organisations[0].slug)
    return render(request, "record/index.html", {"organisations": organisations})


def home(request, org: str):
    """A signed-in member's start page; the public home page for everyone else (and for a
    member who asks for it with ``?view=public``)."""
    organisation = request.organisation
    member = getattr(request, "member", None)
    if member is not None and request.GET.get("view") != "public":
        return render(request, "record/dashboard.html", dashboard.dashboard(member))
    context = {
        "bodies": body_selectors.bodies(organisation),
        "appeals": Appeal.objects.filter(organisation=organisation, is_open=True),
        "recent": selectors.recent_events(organisation, limit=10),
        "active_members": Member.objects.filter(
            organisation=organisation, status=Member.Status.ACTIVE
        ).count(),
        "version": organisation.current_constitution_version(),
    }
    return render(request, "record/home.html", context)


def body_detail(request, org: str, key: str):
    body = get_object_or_404(Body, organisation=request.organisation, key=key)
    groups = body_selectors.composition(body)
    places = body_selectors.places(groups)
    svg = seat_diagram(places, title=f"Seats of the {body.name}")
    spec = request.organisation.constitution.body(key)
    return render(
        request,
        "record/body.html",
        {
            "body": body,
            "spec": spec,
            "groups": groups,
            "svg": svg,
            "total": len(places),
            "filled": sum(1 for p in places if p.holder),
            "vacancies": [g for g in groups if g.vacancies],
            "shares": body_selectors.shared_seats(body),
        },
    )


def body_shares_csv(request, org: str, key: str, seat: str):
    """The members list a shared seat was shared by, byte for byte as the page's command
    reads it (its SHA-256 seeds any lot)."""
    body = get_object_or_404(Body, organisation=request.organisation, key=key)
    share = next((s for s in body_selectors.shared_seats(body) if s.seat.key == seat), None)
    if share is None:
        raise Http404("That seat is not shared among affiliates.")
    response = HttpResponse(share.csv, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{seat}-members.csv"'
    return response


def body_svg(request, org: str, key: str):
    body = get_object_or_404(Body, organisation=request.organisation, key=key)
    places = body_selectors.places(body_selectors.composition(body))
    return HttpResponse(
        seat_diagram(places, title=f"Seats of the {body.name}"), content_type="image/svg+xml"
    )


def person(request, org: str, pk: int):
    """A person's public page exists only once they hold or have held a public role, or have
    stood in an election (a public act: the name and statement are on the election's page)."""
    member = get_object_or_404(Member, organisation=request.organisation, pk=pk)
    holdings = (
        SeatHolding.objects.filter(member=member)
        .select_related("seat_group__body")
        .order_by("-starts_on")
    )
    stood = ballot_selectors.elections_stood(member)
    if not holdings and not member.public_office_holder and not stood:
        raise Http404("No public record for this person.")
    return render(
        request, "record/person.html", {"person": member, "holdings": holdings, "stood": stood}
    )


def authority_url(org: str, reference: str) -> str:
    """Where the record an act rests on is published ("decision:7" is decision 7 in the
    decisions register, "ballot:12" the members' ballot 12); "" when it has no page."""
    route, _, number = reference.partition(":")
    if not number.isdigit():
        return ""
    if route == "decision":
        return reverse("meetings:decisions", kwargs={"org": org}) + f"#decision-{number}"
    if route == "ballot":
        return reverse("ballots:poll", kwargs={"org": org, "pk": int(number)})
    return ""


def constitution(request, org: str, number: int | None = None):
    """The version in force (or the one asked for), any version waiting to take effect, and
    for each version the decision or ballot (and its vote) that adopted it."""
    versions = ConstitutionVersion.objects.filter(organisation=request.organisation).order_by(
        "-number"
    )
    current, pending = request.organisation.versions_at(clock.now())
    version = current if number is None else get_object_or_404(versions, number=number)
    history = list(versions.only("number", "adopted_at", "adopted_by", "note", "sha256",
                                 "effective_at", "authority_text", "authority_reference"))
    for v in [*history, version]:
        v.authority_url = authority_url(org, v.authority_reference)
    return render(
        request,
        "record/constitution.html",
        {
            "version": version,
            "parsed": version.parsed(),
            "versions": history,
            "current": current,
            "pending": pending,
        },
    )


def constitution_source(request, org: str, number: int):
    version = get_object_or_404(
        ConstitutionVersion, organisation=request.organisation, number=number
    )
    response = HttpResponse(version.text, content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{org}-constitution-v{number}.toml"'
    return response


def ledger(request, org: str):
    page, lines = selectors.ledger_page(request.organisation, request.GET.get("page"))
    checkpoints = Checkpoint.objects.filter(organisation=request.organisation).order_by("-number")[
        :20
    ]
    return render(request, "record/ledger.html",
                  {"page": page, "lines": lines, "checkpoints": checkpoints})


def ledger_export(request, org: str):
    buffer = io.StringIO()
    export_ledger(request.organisation, buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/x-ndjson")
    response["Content-Disposition"] = f'attachment; filename="{org}-ledger.jsonl"'
    return response


def open_data_json(request, org: str):
    return JsonResponse(open_data(request.organisation), json_dumps_params={"indent": 1})


def open_data_csv_view(request, org: str):
    response = HttpResponse(open_data_csv(request.organisation), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{org}-seat-holdings.csv"'
    return response


def election_results_csv_view(request, org: str):
    response = HttpResponse(election_results_csv(request.organisation), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{org}-election-results.csv"'
    return response


def referendum_results_csv_view(request, org: str):
    response = HttpResponse(referendum_results_csv(request.organisation), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{org}-referendum-results.csv"'
    return response


def open_data_page(request, org: str):
    return render(request, "record/open_data.html")
