"""Everything a person does in a meeting is a POST to one of these actions.

Each action parses its input, calls one service and says what happened. A refusal (the
form's own checks or the service's reason, with the rule) comes back on the page the person
acted from (the meeting page, the phone page, the minutes, a division), with that form
bound to what they typed and the reason by it; nothing is changed (see refusals.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from openassembly.accounts.services import propose_sensitive_action
from openassembly.core.access import as_id, require_member
from openassembly.core.errors import Conflict, InvalidInput, NotFound, ServiceError
from openassembly.core.forms_flow import HttpResponseSeeOther, add_service_error
from openassembly.members.models import Member

from .. import services
from ..access import access_in_meeting, access_meeting
from ..forms import (
    ActionForm,
    AmendmentForm,
    DivisionForm,
    HandsForm,
    ItemForm,
    MinutesForm,
    MotionForm,
    PaperForm,
    VoteForm,
)
from ..models import (
    Action,
    AgendaItem,
    Decision,
    Division,
    Meeting,
    Minutes,
    Motion,
    Paper,
    PaperVersion,
    PointOfOrder,
    Speech,
)
from . import pages
from .refusals import Refusal

Handler = Callable[..., str]
FormFactory = Callable[[HttpRequest, Meeting], forms.Form]


@dataclass(frozen=True)
class ActionSpec:
    """A handler, the form it reads (called with the cleaned data), and the POST key naming
    the object it is about, so that a refusal can be shown next to that object's controls."""

    handler: Handler
    form: FormFactory | None = None
    target: str = ""


ACTIONS: dict[str, ActionSpec] = {}


def action(name: str, *, form: FormFactory | None = None, target: str = ""):
    def register(fn: Handler) -> Handler:
        ACTIONS[name] = ActionSpec(fn, form, target)
        return fn
    return register


def _ids(request: HttpRequest, key: str, prefix: str) -> str:
    """The form's id prefix as the page renders it, so the refused form's labels, errors
    and summary links land on the same elements (the pk is digits only, or none)."""
    value = request.POST.get(key, "")
    return f"{prefix}{value if value.isdigit() else ''}-%s"


def _valid(form: forms.Form) -> dict:
    """For the vote, whose buttons carry no typed input: a bad choice is refused whole."""
    if not form.is_valid():
        problems = "; ".join(f"{form.fields[k].label or k if k in form.fields else 'form'}: "
                             f"{' '.join(v)}" for k, v in form.errors.items())
        raise InvalidInput(f"Please correct: {problems}")
    return form.cleaned_data


def _get(model, meeting: Meeting, request, field: str, via: str = "meeting"):
    return access_in_meeting(request.viewer, request.POST.get(field), model=model,
                             meeting=meeting, via=via)


def _member(meeting: Meeting, pk) -> Member:
    number = as_id(pk)
    member = (Member.objects.filter(organisation=meeting.organisation, pk=number).first()
              if number is not None else None)
    if member is None:
        raise NotFound("No such member.")
    return member


@action("add-item", form=lambda request, meeting: ItemForm(request.POST, auto_id="new-item-%s"))
def _add_item(request, meeting, actor, data):
    item = services.add_item(actor, meeting=meeting, **data)
    return f"Item {item.position} added (marked as added after notice)."


@action("take-private", target="item")
def _take_private(request, meeting, actor):
    item = _get(AgendaItem, meeting, request, "item")
    entry = services.take_in_private(actor, item=item, ground=request.POST.get("ground", ""))
    return f"Item {item.position} will be taken in private under rule {entry.rule}."


@action("paper", target="item", form=lambda request, meeting: PaperForm(
    request.POST, request.FILES, auto_id=_ids(request, "item", "paper")))
def _paper(request, meeting, actor, data):
    item = _get(AgendaItem, meeting, request, "item") if request.POST.get("item") else None
    paper = _get(Paper, meeting, request, "paper") if request.POST.get("paper") else None
    upload = data.get("file")
    version = services.circulate_paper(
        actor, meeting=meeting, title=data.get("title", ""), item=item, paper=paper,
        data=upload.read() if upload else None, filename=upload.name if upload else "",
        markdown=None if upload else data["markdown"],
    )
    late = " It is late: " + version.lateness_reason if version.late else ""
    members = (f" Under rule {version.members_rule} it goes to every member as well; they are "
               "being told by mail." if version.members_rule else "")
    return f"Paper '{version.paper.title}' version {version.number} circulated.{late}{members}"


@action("withhold-paper", target="version")
def _withhold_paper(request, meeting, actor):
    version = _get(PaperVersion, meeting, request, "version", via="paper__meeting")
    entry = services.withhold_paper(actor, version=version, ground=request.POST.get("ground", ""))
    return f"The paper's content is withheld under rule {entry.rule}; the register says so."


@action("open-meeting")
def _open(request, meeting, actor):
    services.open_meeting(actor, meeting=meeting)
    return "The meeting is open."


@action("close-meeting")
def _close(request, meeting, actor):
    # Closing cannot be undone, so the page asks first; a POST without the confirmation (a
    # stray click, a script) is answered with the question, not with a closed meeting.
    if actor.pk == meeting.chair_id and request.POST.get("confirm") != "close":
        still = " A vote is still open: it would be left unclosed." if meeting.divisions.filter(
            status=Division.Status.OPEN).exists() else ""
        raise Conflict("Closing the meeting ends its business: no more motions, votes or "
                       f"points of order can be taken.{still} Confirm that you mean to close "
                       "it.", field="confirm")
    services.close_meeting(actor, meeting=meeting)
    return "The meeting is closed."


@action("record-attendance-many")
def _record_attendance_many(request, meeting, actor):
    marks, holders = {}, {}
    for key, mode in request.POST.items():
        if key.startswith("mode-") and mode:
            pk = as_id(key[5:])
            if pk is None:
                raise InvalidInput(f"“{key[5:80]}” is not a person on this meeting's roll.")
            marks[pk] = mode
    for pk, mode in marks.items():
        # Only a row marked "proxy" reads its picker: a holder left chosen on a row marked
        # otherwise is no appointment.
        raw = request.POST.get(f"holder-{pk}", "")
        if mode == services.PROXY and raw:
            holder = as_id(raw)
            if holder is None:
                raise InvalidInput(f"“{raw[:80]}” is not a person on this meeting's roll.",
                                   field=f"holder-{pk}")
            holders[pk] = holder
    if not marks:
        raise InvalidInput("Nobody was marked: choose how each person attends.")
    recorded = services.record_attendance_many(actor, meeting=meeting, marks=marks,
                                               holders=holders)
    people = "person" if len(recorded) == 1 else "people"
    return f"Attendance recorded for {len(recorded)} {people}."


@action("attend")
def _attend(request, meeting, actor):
    attendance = services.attend(actor, meeting=meeting, mode=request.POST.get("mode", ""))
    return (f"You are signed in: {attendance.get_mode_display()}, "
            f"as {attendance.get_role_display()}.")


@action("apologies")
def _apologies(request, meeting, actor):
    services.send_apologies(actor, meeting=meeting)
    return "Your apologies are recorded."



@action("proxy")
def _proxy(request, meeting, actor):
    holder = _member(meeting, request.POST.get("holder"))
    proxy = services.appoint_proxy(actor, meeting=meeting, holder=holder)
    return f"{proxy.holder.name} holds your proxy for this meeting (rule {proxy.rule})."


@action("speak", target="item")
def _speak(request, meeting, actor):
    item = _get(AgendaItem, meeting, request, "item")
    services.ask_to_speak(actor, item=item)
    return f"You are on the speakers' list for item {item.position}."


@action("add-speaker", target="item")
def _add_speaker(request, meeting, actor):
    item = _get(AgendaItem, meeting, request, "item")
    speaker = _member(meeting, request.POST.get("member"))
    services.add_speaker(actor, item=item, speaker=speaker)
    return f"{speaker.name} is on the speakers' list."


@action("start-speech", target="speech")
def _start_speech(request, meeting, actor):
    speech = _get(Speech, meeting, request, "speech", via="item__meeting")
    services.start_speech(actor, speech=speech)
    return f"{speech.speaker.name} has the floor."


@action("end-speech", target="speech")
def _end_speech(request, meeting, actor):
    speech = _get(Speech, meeting, request, "speech", via="item__meeting")
    services.end_speech(actor, speech=speech)
    return "Speech ended."


def _motion_form(request: HttpRequest, meeting: Meeting) -> forms.Form:
    # Every kind of decision is accepted here, as before; move_motion checks it is this
    # body's. The page offers only this body's.
    decisions = meeting.organisation.constitution.decisions
    return MotionForm(request.POST, decisions=decisions, body_key=meeting.body.key,
                      auto_id=_ids(request, "item", "item"))


@action("move", target="item", form=_motion_form)
def _move(request, meeting, actor, data):
    item = _get(AgendaItem, meeting, request, "item")
    motion = services.move_motion(actor, item=item, **data)
    return f"Motion {motion.number} moved; it needs a seconder."


@action("second", target="motion")
def _second(request, meeting, actor):
    motion = services.second_motion(actor, motion=_get(Motion, meeting, request, "motion"))
    return f"You seconded {motion}."


@action("amend", target="motion", form=lambda request, meeting: AmendmentForm(
    request.POST, auto_id=_ids(request, "motion", "amend")))
def _amend(request, meeting, actor, data):
    amendment = services.move_amendment(actor, motion=_get(Motion, meeting, request, "motion"),
                                        **data)
    return f"{amendment} moved; it needs a seconder."


@action("accept", target="motion")
def _accept(request, meeting, actor):
    amendment = services.accept_amendment(actor,
                                          amendment=_get(Motion, meeting, request, "motion"))
    return f"{amendment} accepted into the motion."


@action("withdraw", target="motion")
def _withdraw(request, meeting, actor):
    motion = services.withdraw_motion(actor, motion=_get(Motion, meeting, request, "motion"))
    return f"{motion} withdrawn."


@action("refer-back", target="motion")
def _refer_back(request, meeting, actor):
    motion = services.move_reference_back(actor, motion=_get(Motion, meeting, request, "motion"),
                                          reason=request.POST.get("reason", ""))
    return f"{motion} moved; it needs a seconder."


@action("approve-minutes", target="item")
def _approve_minutes(request, meeting, actor):
    item = _get(AgendaItem, meeting, request, "item")
    minutes = Minutes.objects.filter(organisation=meeting.organisation,
                                     pk=as_id(request.POST.get("minutes")) or 0).first()
    if minutes is None:
        raise NotFound("No such minutes.")
    motion = services.move_minutes_approval(actor, item=item, minutes=minutes)
    return f"{motion} is before the meeting."


@action("point")
def _point(request, meeting, actor):
    item = _get(AgendaItem, meeting, request, "item") if request.POST.get("item") else None
    services.raise_point_of_order(actor, meeting=meeting, text=request.POST.get("text", ""),
                                  item=item)
    return "Your point of order is with the chair."


@action("rule", target="point")
def _rule(request, meeting, actor):
    point = _get(PointOfOrder, meeting, request, "point")
    services.rule_on_point(actor, point=point, ruling=request.POST.get("ruling", ""))
    return "Ruling recorded."


@action("challenge", target="point")
def _challenge(request, meeting, actor):
    motion = services.challenge_ruling(actor, point=_get(PointOfOrder, meeting, request, "point"))
    return f"{motion}: the chair will put it to the vote."


@action("open-division", target="motion", form=lambda request, meeting: DivisionForm(
    request.POST, auto_id=_ids(request, "motion", "method")))
def _open_division(request, meeting, actor, data):
    division = services.open_division(actor, motion=_get(Motion, meeting, request, "motion"),
                                      method=data["method"])
    return f"Division {division.number} is open: {division.eligible} may vote."


@action("vote", target="division")
def _vote(request, meeting, actor):
    data = _valid(VoteForm(request.POST))
    division = _get(Division, meeting, request, "division")
    for_member = (_member(meeting, request.POST["for_member"])
                  if request.POST.get("for_member") else None)
    count = services.cast_vote(actor, division=division, choice=data["choice"],
                               for_member=for_member)
    extra = f" ({count} votes, with the proxy you hold)" if count > 1 else ""
    if division.method == Division.Method.SECRET:
        # The message travels in a cookie and on the next page: echoing the choice would make
        # their sizes differ by choice, which someone watching encrypted traffic can see.
        return (f"Your secret vote is recorded{extra}. This page does not repeat your choice, "
                "so that nothing about it shows how you voted.")
    return f"Your vote ({data['choice']}) is recorded{extra}."


@action("close-division", target="division")
def _close_division(request, meeting, actor):
    raw = request.POST.get("confirm", "")
    division = services.close_division(
        actor, division=_get(Division, meeting, request, "division"),
        not_voted_confirmed=int(raw) if raw.isdigit() else 0)
    return f"Division {division.number}: {'carried' if division.carried else 'not carried'}."


@action("hands", target="division",
        form=lambda request, meeting: HandsForm(request.POST, auto_id="hands-%s"))
def _hands(request, meeting, actor, data):
    division = services.record_show_of_hands(
        actor, division=_get(Division, meeting, request, "division"), **data)
    return f"Division {division.number}: {'carried' if division.carried else 'not carried'}."


@action("draft-minutes")
def _draft(request, meeting, actor):
    services.draft_minutes(actor, meeting=meeting, restart=bool(request.POST.get("restart")))
    return "The minutes are drafted from the record; edit them below."


def _minutes(meeting: Meeting) -> Minutes:
    # A meeting whose minutes are not drafted yet has none to edit or publish (this was a
    # traceback, found by the authorisation matrix).
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise Conflict("This meeting has no minutes yet: draft them from the record first.")
    return minutes


@action("edit-minutes", form=lambda request, meeting: MinutesForm(request.POST))
def _edit(request, meeting, actor, data):
    services.edit_minutes(actor, minutes=_minutes(meeting), text=data["text"])
    return "Minutes saved."


@action("publish-minutes")
def _publish(request, meeting, actor):
    services.publish_minutes(actor, minutes=_minutes(meeting))
    return "The minutes are published."


def _action_form(request: HttpRequest, meeting: Meeting) -> forms.Form:
    # The page shows this form under the motion the decision came from, with its ids.
    raw = request.POST.get("decision", "")
    motion = (Decision.objects.filter(meeting=meeting, pk=as_id(raw))
              .values_list("motion_id", flat=True).first() if as_id(raw) else None)
    return ActionForm(request.POST, organisation=meeting.organisation,
                      auto_id=f"action{motion or ''}-%s")


@action("add-action", target="decision", form=_action_form)
def _add_action(request, meeting, actor, data):
    decision = _get(Decision, meeting, request, "decision")
    services.add_action(actor, decision=decision, **data)
    return f"Action added to decision {decision.number}."


@action("complete-action", target="action")
def _complete_action(request, meeting, actor):
    done = _get(Action, meeting, request, "action", via="decision__meeting")
    services.complete_action(actor, action=done, note=request.POST.get("note", ""))
    return "Action marked done."


@action("propose-correction", target="division")
def _propose_correction(request, meeting, actor):
    division = _get(Division, meeting, request, "division")
    fields = ("for", "against", "abstain")
    payload: dict = {"division": division.pk}
    if division.sections:
        # A weighted vote is corrected section by section; the weighted totals follow.
        payload["sections"] = {
            s["key"]: {f: request.POST.get(f"s-{s['key']}-{f}", "") for f in fields}
            for s in division.sections
        }
    else:
        payload.update({f: request.POST.get(f, "") for f in fields})
    propose_sensitive_action(
        actor, organisation=meeting.organisation, kind="correct-result", payload=payload,
        reason=request.POST.get("reason", ""),
    )
    return ("Correction proposed. It takes effect only when a second officer confirms it on the "
            "two-officer actions page; both steps are public.")


def refused_page(request: HttpRequest, meeting: Meeting, back: str,
                 refusal: Refusal) -> HttpResponse:
    """Render the page the action was sent from (``back``) with the refusal on it; an
    unknown or foreign page falls back to the meeting page."""
    views = {
        "meetings:meeting": pages.meeting,
        "meetings:live": pages.live,
        "meetings:console": pages.console,
        "meetings:attendance": pages.attendance,
        "meetings:minutes": pages.minutes,
        "meetings:division": pages.division,
        "meetings:decisions": pages.decisions,
    }
    try:
        match = resolve(urlsplit(back).path)
    except Resolver404:
        match = None
    org = meeting.organisation.slug
    if match is not None and match.view_name in views and match.kwargs.get("org") == org:
        return views[match.view_name](request, **match.kwargs, refused=refusal)
    return pages.meeting(request, org=org, pk=meeting.pk, refused=refusal)


def _back(request, meeting: Meeting) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return f"/o/{meeting.organisation.slug}/meetings/{meeting.pk}/"


@login_required
@require_POST
def act(request, org: str, pk: int, name: str):
    meeting = access_meeting(request.viewer, pk)
    spec = ACTIONS.get(name)
    if spec is None:
        raise NotFound("No such action.")
    back = _back(request, meeting)
    form = spec.form(request, meeting) if spec.form else None
    error = None
    try:
        actor = require_member(request.viewer)
        if form is None:
            message = spec.handler(request, meeting, actor)
        elif form.is_valid():
            message = spec.handler(request, meeting, actor, form.cleaned_data)
    except ServiceError as refused:
        error = refused
        if form is not None:
            add_service_error(form, error)
    if error is not None or (form is not None and form.errors):
        return refused_page(request, meeting, back, Refusal.of(
            name, request, error=error, form=form, target=spec.target))
    messages.success(request, message)
    return HttpResponseSeeOther(back)
