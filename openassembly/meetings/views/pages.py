"""The public pages of meetings, and the pages members use during one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from openassembly.bodies.models import Body
from openassembly.core import clock
from openassembly.core.access import require_member, require_power_in, scoped
from openassembly.core.authority import Route, resolve
from openassembly.core.compliance import summarise
from openassembly.core.errors import NotFound
from openassembly.core.forms_flow import handle_form
from openassembly.core.powers import powers_of

from .. import compliance as compliance_checks
from .. import constitution, selectors, services
from ..access import access_division, access_meeting
from ..forms import (
    ActionForm,
    AmendmentForm,
    CallForm,
    DivisionForm,
    HandsForm,
    ItemForm,
    MinutesForm,
    MotionForm,
    PaperForm,
)
from ..ical import calendar
from ..minutes_pdf import minutes_pdf as render_minutes_pdf
from ..minutes_pdf import paper_pdf
from ..models import Attendance, Mailing, Minutes, PaperVersion, Requisition
from .refusals import Refusal

_DOCUMENT_TYPES = {
    PaperVersion.Kind.DOCX:
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PaperVersion.Kind.ODT: "application/vnd.oasis.opendocument.text",
}


def index(request, org: str):
    organisation = request.organisation
    return render(request, "meetings/index.html", {
        "meetings": selectors.meeting_cards(selectors.meetings(organisation)[:200],
                                           organisation),
        "bodies": Body.objects.filter(organisation=organisation, dissolved_on=None),
    })


def body_meetings(request, org: str, key: str):
    body = get_object_or_404(Body, organisation=request.organisation, key=key)
    return render(request, "meetings/body.html", {
        "body": body, "spec": constitution.spec(body),
        "meetings": selectors.meeting_cards(
            selectors.meetings(request.organisation, body=body), request.organisation),
    })


def body_ical(request, org: str, key: str):
    body = get_object_or_404(Body, organisation=request.organisation, key=key)
    meetings = (selectors.meetings(request.organisation, body=body)
                .select_related("called_by", "organisation"))
    text = calendar(name=f"{request.organisation.name}: {body.name}", meetings=meetings)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{org}-{key}.ics"'
    return response


@login_required
def call(request, org: str):
    """An officer calls a meeting (answering a requisition, when one is named); the members who
    signed a requisition call it themselves once the officers' time has passed."""
    number = request.POST.get("requisition") or request.GET.get("requisition")
    requisition = scoped(Requisition, request.viewer, number) if number else None
    if requisition is None:
        actor = require_power_in(request.viewer, "call-meeting")
    else:
        actor = require_member(request.viewer)
    officer = "call-meeting" in powers_of(actor)
    form = CallForm(request.POST or None, organisation=request.organisation, initial={
        "body": requisition.body_id if requisition else request.GET.get("body"),
        "requisition": requisition.pk if requisition else None,
        "agenda": requisition.purpose.splitlines()[0][:200] if requisition else ""})

    def act(data):
        authority = None
        if requisition is not None and not officer:
            authority = resolve(request.organisation, Route.REQUISITION, requisition)
        return services.call_meeting(
            actor, organisation=request.organisation, body=data["body"], title=data["title"],
            starts_at=data["starts_at"], ends_at=data["ends_at"], place=data["place"],
            online_url=data["online_url"], agenda=form.agenda_items(), chair=data["chair"],
            minute_taker=data["minute_taker"], urgent=data["urgent"],
            urgency_reason=data["urgency_reason"], urgent_matter=data["urgent_matter"],
            requisition=requisition if officer else None, authority=authority,
        )

    return handle_form(
        request, form, act, template="meetings/call.html",
        context={"requisition": requisition, "officer": officer},
        success=lambda m: reverse("meetings:meeting", kwargs={"org": org, "pk": m.pk}),
        message=lambda m: (f"{m.title} is called; the notice is being sent to the members of "
                           f"the {m.body.name}."),
    )


def meeting(request, org: str, pk: int, refused: Refusal | None = None):
    meeting = access_meeting(request.viewer, pk)
    who = selectors.viewer(meeting, request.member)
    context = selectors.meeting_page(meeting)
    organisation = request.organisation
    decisions = [d for d in organisation.constitution.decisions if d.body == meeting.body.key]
    # One form per item and motion, each with its own ids, so every label finds its field.
    for item in context["items"]:
        item.motion_form = MotionForm(decisions=decisions, auto_id=f"item{item.pk}-%s")
        item.paper_form = PaperForm(auto_id=f"paper{item.pk}-%s")
        stack = list(item.motion_views)
        while stack:
            view = stack.pop()
            view.amendment_form = AmendmentForm(auto_id=f"amend{view.motion.pk}-%s")
            view.action_form = ActionForm(organisation=organisation,
                                          auto_id=f"action{view.motion.pk}-%s")
            stack.extend(view.children)
    if refused is not None and refused.form is not None:
        _put_back(refused, context["items"])
    context.update({
        "meeting": meeting, "viewer": who, "spec": constitution.spec(meeting.body),
        "grounds": organisation.constitution.private_business,
        "item_form": ItemForm(auto_id="new-item-%s"), "division_form": DivisionForm(),
        "hands_form": HandsForm(auto_id="hands-%s"),
        "notice_runs": meeting.mailings.exclude(kind__in=[Mailing.Kind.PAPER,
                                                          Mailing.Kind.BODY_PAPER])
        .order_by("pk"),
        "deliveries": _deliveries(meeting) if who.is_organiser else [],
        "earlier_minutes": Minutes.objects.filter(
            meeting__body=meeting.body, meeting__starts_at__lt=meeting.starts_at,
            status=Minutes.Status.PUBLISHED).select_related("meeting")
        if who.is_chair else [],
        "body_members": _body_members(meeting)
        if who.is_organiser or (who.voting_member and constitution.spec(meeting.body).proxies)
        else [],
    })
    if context["open_division"] is not None:
        context["open_waiting"] = context["open_division"].roll.filter(voted=False).count()
    if refused is not None and refused.form is not None:
        # The refused form takes the place of its empty copy, keeping what was typed.
        page_forms = {"add-item": "item_form", "hands": "hands_form"}
        if refused.action in page_forms:
            context[page_forms[refused.action]] = refused.form
    return _render(request, "meetings/meeting.html", context, refused)


def _deliveries(meeting):
    """Each member's notice and what became of it, for the meeting's organisers."""
    run = meeting.mailings.filter(kind=Mailing.Kind.NOTICE).order_by("-pk").first()
    if run is None:
        return []
    return run.deliveries.select_related("member").order_by("member__name")[:500]


def _put_back(refused: Refusal, items) -> None:
    """Put the refused form where the page shows its empty copy: the one of the same class
    with the same ids (the action built it with the ids of the item or motion it was for)."""
    def same(form) -> bool:
        return type(form) is type(refused.form) and form.auto_id == refused.form.auto_id

    for item in items:
        for name in ("motion_form", "paper_form"):
            if same(getattr(item, name)):
                setattr(item, name, refused.form)
        stack = list(item.motion_views)
        while stack:
            view = stack.pop()
            for name in ("amendment_form", "action_form"):
                if same(getattr(view, name)):
                    setattr(view, name, refused.form)
            stack.extend(view.children)


def _render(request, template: str, context: dict, refused: Refusal | None):
    if refused is None:
        return render(request, template, context)
    return render(request, template, {**context, **refused.context()}, status=refused.status)


def _body_members(meeting):
    """The body's members for the proxy picker, each with what tells namesakes apart."""
    return selectors.body_people(meeting.body, meeting.organisation)[:500]


def live(request, org: str, pk: int, refused: Refusal | None = None):
    """The phone page: sign in, vote, raise a point of order. Works without JavaScript."""
    meeting = access_meeting(request.viewer, pk)
    who = selectors.viewer(meeting, request.member)
    division = meeting.divisions.filter(status="open").select_related("motion").first()
    if division is None:
        division = meeting.divisions.select_related("motion").order_by("-number").first()
    proxies = constitution.spec(meeting.body).proxies
    mine = selectors.my_votes(division, who.member) if division else []
    context = {
        "meeting": meeting, "viewer": who, "division": division,
        "mine": mine,
        # Stop polling while the voting buttons are showing, so they never move under a thumb.
        "can_vote": bool(division and division.is_open and any(not e.voted for e in mine)),
        "status": selectors.division_status(division) if division else None,
        "items": meeting.items.order_by("position"),
        "split": bool(proxies and proxies.split),
        # Your own points of order and the chair's rulings, so someone at home sees the answer.
        "my_points": list(meeting.points.filter(raised_by=who.member).select_related("ruled_by")
                          .order_by("-pk")[:5]) if who.member else [],
    }
    if request.htmx and request.GET.get("part") == "division":
        return render(request, "meetings/_live_division.html", context)
    return _render(request, "meetings/live.html", context, refused)


def _organiser_only(request, meeting, who, what: str):
    """The chair's pages refuse anyone else with a page that says where to go instead."""
    if who.is_organiser:
        return None
    return render(request, "meetings/refused.html", {
        "message": f"{what} is for the meeting's chair and minute-taker. Everything it shows "
                   "is on the meeting page.", "back": reverse(
            "meetings:meeting", kwargs={"org": meeting.organisation.slug, "pk": meeting.pk}),
        "meeting": meeting, "status": 403,
    }, status=403)


@login_required
def console(request, org: str, pk: int, refused: Refusal | None = None):
    """The chair's console: the business in hand, quorum, speakers, points of order and the
    open vote, refreshed by polling (htmx) or by reloading the page without JavaScript.

    The poll carries the version it last saw: an unchanged meeting is answered with 204 (htmx
    swaps nothing), any other client can ask with If-None-Match and is answered 304."""
    meeting = access_meeting(request.viewer, pk)
    who = selectors.viewer(meeting, request.member)
    denied = _organiser_only(request, meeting, who, "The chair's console")
    if denied is not None:
        return denied
    version = selectors.console_version(meeting)
    etag = f'"console-{meeting.pk}-{who.member.pk}-{version}"'
    partial = request.GET.get("part") == "status" and refused is None
    if partial:
        if request.htmx and request.GET.get("v") == version:
            return HttpResponse(status=204)
        if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
            response["ETag"] = etag
            return response
    context = {"meeting": meeting, "viewer": who, "version": version,
               "c": selectors.console(meeting, who), "division_form": DivisionForm(),
               "hands_form": HandsForm(auto_id="hands-%s")}
    if refused is not None and refused.is_for("hands") and refused.form is not None:
        context["hands_form"] = refused.form
    if partial:
        response = render(request, "meetings/_console.html", context)
    else:
        response = _render(request, "meetings/console.html", context, refused)
    if refused is None:
        response["ETag"] = etag
        response["Cache-Control"] = "no-cache, private"
    return response


@login_required
def attendance(request, org: str, pk: int, refused: Refusal | None = None):
    """The body's roll as a checklist: the chair marks everyone at once, in the room, online
    or with apologies; each name shows the region and seat that tell namesakes apart."""
    meeting = access_meeting(request.viewer, pk)
    who = selectors.viewer(meeting, request.member)
    denied = _organiser_only(request, meeting, who, "Recording attendance")
    if denied is not None:
        return denied
    recorded = {a.member_id: a for a in meeting.attendance.all()}
    proxies = {p.appointer_id: p for p in meeting.proxies.select_related("holder")}
    typed = refused.post if refused is not None else None
    people = selectors.body_people(meeting.body, meeting.organisation)
    # A proxy is held by someone at the meeting: the picker offers the body's members recorded
    # present, with the region and seat that tell namesakes apart.
    holders = [(member, description) for member, description in people
               if recorded.get(member.pk) is not None and recorded[member.pk].present]
    present_ids = {member.pk for member, _ in holders}
    names = dict((member.pk, description) for member, description in people)
    rows = []
    for member, description in people:
        mark, proxy = recorded.get(member.pk), proxies.get(member.pk)
        if typed is not None:
            chosen = typed.get(f"mode-{member.pk}", "")
            holder = typed.get(f"holder-{member.pk}", "")
        else:
            chosen = services.PROXY if proxy is not None else (mark.mode if mark else "")
            holder = str(proxy.holder_id) if proxy is not None else ""
        # A proxy the member appointed themselves may be held by someone not here yet: the
        # row offers that holder too, so the roll can be sent again unchanged.
        extra = (None if proxy is None or proxy.holder_id in present_ids
                 else (proxy.holder, names.get(proxy.holder_id, proxy.holder.name)))
        rows.append({"member": member, "description": description, "mark": mark,
                     "chosen": chosen, "holder": holder, "extra_holder": extra,
                     "proxy": proxy.holder.name if proxy is not None else "",
                     "refused": refused is not None and refused.field == f"holder-{member.pk}"})
    return _render(request, "meetings/attendance.html", {
        "meeting": meeting, "viewer": who, "rows": rows, "holders": holders,
        "proxies_allowed": constitution.spec(meeting.body).proxies is not None,
        "modes": [("", "not recorded"), *list(Attendance.Mode.choices)],
    }, refused)


def projector(request, org: str, pk: int):
    meeting = access_meeting(request.viewer, pk)
    return render(request, "meetings/projector.html",
                  {"meeting": meeting, **_projector(meeting)})


def projector_status(request, org: str, pk: int):
    meeting = access_meeting(request.viewer, pk)
    return render(request, "meetings/_projector_status.html",
                  {"meeting": meeting, **_projector(meeting)})


def _projector(meeting) -> dict:
    division = (meeting.divisions.select_related("motion__item")
                .order_by("-status", "-number").first())
    if division is not None and not division.is_open:
        division = meeting.divisions.select_related("motion__item").order_by("-number").first()
    # One clock reading for the time left and the timer's start, so the two agree.
    now = clock.now()
    return {"status": selectors.division_status(division) if division else None,
            "division": division, "speaking": selectors.speaking_now(meeting, now), "now": now}


def paper(request, org: str, pk: int, paper_pk: int, number: int):
    meeting = access_meeting(request.viewer, pk)
    version = (PaperVersion.objects.filter(paper__meeting=meeting, paper_id=paper_pk,
                                           number=number).select_related("paper").first())
    if version is None:
        raise Http404("No such paper.")
    who = selectors.viewer(meeting, request.member)
    if version.private_ground and not who.sees_private:
        return render(request, "meetings/refused.html", {
            "message": "This paper is withheld from the public record; the register of what "
                       "was withheld says why.", "back": reverse(
                "meetings:meeting", kwargs={"org": org, "pk": pk}), "meeting": meeting,
        }, status=403)
    if version.original is not None and request.GET.get("download") == "original":
        # The file as uploaded, never shown in our origin: a download, sandboxed regardless.
        response = HttpResponse(bytes(version.original), content_type=_DOCUMENT_TYPES.get(
            version.kind, "application/octet-stream"))
        response["Content-Disposition"] = (
            f'attachment; filename="paper-{version.paper_id}-v{version.number}.{version.kind}"')
        response["Content-Security-Policy"] = "sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        return response
    if version.original is not None and request.GET.get("as") == "pdf":
        response = HttpResponse(paper_pdf(organisation=meeting.organisation, version=version),
                                content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="paper-{version.paper_id}-v{version.number}.pdf"')
        response["Content-Security-Policy"] = "sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        return response
    if version.kind == PaperVersion.Kind.PDF and request.GET.get("view") != "html":
        response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="paper-{version.paper_id}-v{version.number}.pdf"')
        # A PDF is someone's upload: never let it run script in our origin.
        response["Content-Security-Policy"] = "sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        return response
    return render(request, "meetings/paper.html", {
        "meeting": meeting, "version": version,
        "mailing": version.mailings.order_by("-pk").first() if version.members_rule else None,
    })


def minutes(request, org: str, pk: int, printable: bool = False,
            refused: Refusal | None = None):
    meeting = access_meeting(request.viewer, pk)
    who = selectors.viewer(meeting, request.member)
    record = selectors.readable_minutes(meeting, who)
    template = "meetings/minutes_print.html" if printable else "meetings/minutes.html"
    form = MinutesForm(initial={"text": record.text}) if record and who.is_minute_taker else None
    if refused is not None and refused.is_for("edit-minutes") and form is not None:
        form = refused.form
    return _render(request, template, {"meeting": meeting, "minutes": record, "viewer": who,
                                       "form": form}, refused)


def minutes_pdf(request, org: str, pk: int):
    """The minutes as a PDF file; a draft only for those who may read it, as on the page."""
    meeting = access_meeting(request.viewer, pk)
    record = selectors.readable_minutes(meeting, selectors.viewer(meeting, request.member))
    if record is None:
        # The page can say "none yet" in place; a file download has nothing to show instead.
        raise NotFound("No minutes have been published for this meeting yet.")
    document = render_minutes_pdf(organisation=request.organisation, meeting=meeting,
                                  minutes=record)
    response = HttpResponse(document, content_type="application/pdf")
    day = timezone.localdate(meeting.starts_at).isoformat()
    response["Content-Disposition"] = (
        f'inline; filename="minutes-{meeting.body.key}-{day}.pdf"')
    return response


def division(request, org: str, pk: int, refused: Refusal | None = None):
    division = access_division(request.viewer, pk)
    item = division.motion.item
    who = selectors.viewer(division.meeting, request.member)
    hidden = item.is_private and not who.sees_private
    return _render(request, "meetings/division.html", {
        "division": division, "meeting": division.meeting, "motion": division.motion,
        "hidden": hidden, "outcome_hidden": hidden and not item.private_outcome_public,
        "votes": [] if hidden else selectors.named_votes(division),
        "absent": [] if hidden else selectors.did_not_vote(division),
        "status": selectors.division_status(division),
        "corrections": division.corrections.all(),
        "correction": _correction_values(division, refused),
    }, refused)


def _correction_values(division, refused: Refusal | None) -> dict:
    """What the correction form shows: the recorded counts, or what was typed if refused."""
    typed = refused.post if refused is not None and refused.is_for(
        "propose-correction", division.pk) else None
    fields = ("for", "against", "abstain")
    recorded = {"for": division.votes_for, "against": division.against,
                "abstain": division.abstain}
    values = {f: typed.get(f, "") if typed is not None else recorded[f] for f in fields}
    values["reason"] = typed.get("reason", "") if typed is not None else ""
    values["sections"] = [
        {**section, **{f: typed.get(f"s-{section['key']}-{f}", "") for f in fields}}
        if typed is not None else section
        for section in (division.sections or [])
    ]
    return values


def decisions(request, org: str, refused: Refusal | None = None):
    from openassembly.core import clock

    return _render(request, "meetings/decisions.html", {
        "decisions": selectors.decisions(request.organisation), "today": clock.today(),
    }, refused)


def compliance(request, org: str):
    checks = compliance_checks.compliance(request.organisation)
    return render(request, "meetings/compliance.html", {
        "checks": checks, "summary": summarise(checks),
    })


def withheld(request, org: str):
    return render(request, "meetings/withheld.html",
                  {"entries": selectors.withheld(request.organisation)})
