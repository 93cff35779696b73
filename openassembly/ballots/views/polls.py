"""The poll page, the ballot paper, the officer's timetable steps, and everything published."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from markdown_it import MarkdownIt

from openassembly.core import clock, limits
from openassembly.core.access import require_member, require_power_in
from openassembly.core.errors import Conflict, InvalidInput, RateLimited, ServiceError
from openassembly.core.event_text import describe
from openassembly.core.forms_flow import render_form_page
from openassembly.core.models import LedgerEvent
from openassembly.core.powers import powers_of
from openassembly.counting import METHOD_INFO

from .. import selectors, services
from ..access import access_poll, access_task
from ..constitution import scrutiny_rule
from ..forms import BallotForm, ReceiptForm
from ..models import Poll
from ..receipts import display
from ..selectors import ballot_paper, choices_of, has_voted, on_roll, receipt_pad


def index(request, org: str):
    polls = list(selectors.polls(request.organisation))
    from ..models import Petition, Sortition

    context = {
        "elections": [p for p in polls if p.kind == Poll.Kind.ELECTION],
        "referendums": [p for p in polls if p.kind == Poll.Kind.REFERENDUM],
        "petitions": Petition.objects.filter(organisation=request.organisation)[:20],
        "sortitions": Sortition.objects.filter(organisation=request.organisation)[:20],
        "waiting": selectors.open_polls_for(request.member),
    }
    return render(request, "ballots/index.html", context)


def poll_detail(request, org: str, pk: int, error: ServiceError | None = None):
    """The poll's page; a refused step or button (``error``) comes back on it, said at the
    top with the rule, rather than on a page of its own."""
    poll = access_poll(request.viewer, pk)
    member = request.member
    context = {
        "poll": poll,
        "choices": choices_of(poll),
        "turnout": None if poll.status == Poll.Status.DRAFT or (
            poll.cancelled and poll.opened_at is None) else selectors.live_turnout(poll),
        "on_roll": on_roll(member, poll),
        "voted": has_voted(member, poll),
        "officer": "run-ballots" in powers_of(member),
        "cancellable": poll.status not in (Poll.Status.DECLARED, Poll.Status.CANCELLED),
        # A timetable step shows disabled, with its date, until the timetable allows it.
        "now": clock.now(),
        "tasks": poll.tasks.filter(started_by=member).order_by("-pk")[:5] if member else [],
    }
    if poll.kind == Poll.Kind.ELECTION:
        election = poll.election
        context.update(
            election=election,
            candidacies=selectors.candidacies(election),
            slates=election.slates.prefetch_related("signatures__candidacy__member"),
            questionnaires=election.questionnaires.all(),
            my_candidacy=election.candidacies.filter(member=member).first() if member else None,
            my_nominations=set(
                election.candidacies.filter(nominations__nominator=member).values_list(
                    "pk", flat=True)
            ) if member else set(),
        )
    else:
        referendum = poll.referendum
        context.update(
            referendum=referendum,
            statements={s.side: s for s in referendum.statements.select_related("author")},
        )
    if request.htmx and request.htmx.target == "turnout" and error is None:
        return render(request, "ballots/_turnout.html", context)
    return render_form_page(request, None, template="ballots/poll.html", context=context,
                            error=error, status=error.status if error is not None else 200)


RECEIPT_BUCKET = 1024


def receipt_page(context: dict, *, marks: list[str], labels: list[str]) -> bytes:
    """The receipt page, padded to one size for every ballot of the poll.

    The page repeats the marks, so its length would tell someone watching the encrypted
    traffic (or a log of response sizes) which choice was made, or how many preferences. The
    longest page this poll can produce is the one with every choice marked (or the blank
    ballot's wording); every page is padded with a comment to the next bucket above it.
    """
    def render(these: list[str]) -> bytes:
        return render_to_string("ballots/receipt.html", {**context, "marks": these}).encode()

    page = render(marks)
    longest = max(len(render(labels)), len(render([])))
    filler = "<!---->"  # the shortest comment; spaces inside it make up the rest
    target = -(-(longest + len(filler)) // RECEIPT_BUCKET) * RECEIPT_BUCKET
    pad = target - len(page) - len(filler)
    comment = f"<!--{' ' * pad}-->".encode()
    head, tail = page.rsplit(b"</body>", 1)
    return head + comment + b"</body>" + tail


@login_required
def vote(request, org: str, pk: int):
    """The ballot paper. The receipt is shown in the response to the vote and nowhere else:
    it is never put in the session, a message or a log, where it could be tied to the voter.
    A voter who has voted gets their receipt pad instead, from which their browser recomputes a
    receipt whose response was lost (receipts.py)."""
    member = require_member(request.viewer)
    if request.method == "POST":
        poll, choices = selectors.paper_for_voting(request.organisation, pk)
    else:
        poll = access_poll(request.viewer, pk)
        choices = ballot_paper(poll)
    context = {"poll": poll, "choices": choices}
    if request.method != "POST":
        # A ballot sent anyway is refused by cast_ballot, which checks the same things
        # inside its transaction; asking here too would only make voting slower.
        context.update(voted=has_voted(member, poll), on_roll=on_roll(member, poll))
        if poll.status != Poll.Status.OPEN or context["voted"] or not context["on_roll"]:
            context["pad"] = receipt_pad(member, poll) if context["voted"] else ""
            return render(request, "ballots/vote.html", context)
    context.update(voted=False, on_roll=True)
    data = request.POST if request.method == "POST" else None
    form = BallotForm(data, poll=poll, choices=choices)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            # Per account only, never per address: a conference votes from one venue's address.
            limits.check(request, "ballots cast", per=("account",))
            receipt = services.cast_ballot(
                member, poll=poll, marks=form.cleaned_data["marks"], choices=len(choices),
                secret=form.cleaned_data["secret"],
            )
        except Conflict as error:
            # Most often a retry after a lost response: the page offers the receipt back.
            voted = has_voted(member, poll)
            context.update(voted=voted, on_roll=True, refusal=str(error),
                           pad=receipt_pad(member, poll) if voted else "")
            if voted or poll.status != Poll.Status.OPEN:
                return render(request, "ballots/vote.html", context, status=error.status)
            form.add_error(None, str(error))
            status = error.status
        except (InvalidInput, RateLimited) as error:
            form.add_error(None, str(error))
            status = error.status
        else:
            marks = form.cleaned_data["marks"]
            by_position = {c.position: c.label for c in choices}
            # A page of its own, without the site's navigation: nothing to distract from
            # the code, and none of the per-request lookups the navigation needs.
            response = HttpResponse(receipt_page(
                {"poll": poll, "organisation": request.organisation,
                 "receipt": display(receipt)},
                marks=[by_position[m] for m in marks],
                labels=[c.label for c in choices],
            ))
            response["Cache-Control"] = "no-store"
            return response
    context["form"] = form
    return render(request, "ballots/vote.html", context, status=status)


@login_required
@require_POST
def step(request, org: str, pk: int):
    """The returning officer moves the poll to its next stage, when the timetable allows."""
    actor = require_power_in(request.viewer, "run-ballots")
    poll = access_poll(request.viewer, pk)
    try:
        return _step(request, org, poll, actor)
    except ServiceError as error:
        return poll_detail(request, org, pk, error=error)


def _step(request, org: str, poll: Poll, actor):
    action = request.POST.get("action", "")
    if action == "open-nominations":
        services.open_nominations(actor, election=poll.election)
    elif action == "close-nominations":
        services.close_nominations(actor, election=poll.election)
    elif action == "open-voting":
        services.open_voting(actor, poll=poll)
    elif action == "close-voting":
        services.close_voting(actor, poll=poll)
    elif action == "count":
        services.count_poll(actor, poll=poll)
    elif action == "declare":
        services.declare_result(actor, poll=poll)
    elif action == "remind":
        task = services.send_reminder(actor, poll=poll)
        return redirect("ballots:task", org=org, pk=task.pk)
    else:
        raise InvalidInput(f"'{action}' is not a step of a ballot.")
    return redirect("ballots:poll", org=org, pk=poll.pk)


def results(request, org: str, pk: int):
    poll = access_poll(request.viewer, pk)
    if poll.result is None:
        raise Http404("This ballot has not been counted yet.")
    result = poll.result
    names = [n for n in result["candidates"] if n not in result["withdrawn"]]
    stages = result["stages"]
    rows = [
        {"name": name, "elected": name in result["elected"],
         "cells": [(_change(s["transfers"].get(name)), s["votes"].get(name)) for s in stages]}
        for name in names
    ]
    context = {
        "poll": poll,
        "result": result,
        "stages": stages,
        "rows": rows,
        "exhausted": [(s["transfers"].get("exhausted"), s["exhausted"]) for s in stages],
        # render_svg escapes every name it draws, so its output is safe to embed.
        "chart": mark_safe(poll.result_svg),
        **_rule_and_recount(org, poll, result["method"]),
    }
    return render(request, "ballots/results.html", context)


def _rule_and_recount(org: str, poll: Poll, method: str) -> dict:
    """The rule variant that counted, its source, and how to re-count the published file."""
    info = METHOD_INFO.get(method)
    if info is None:
        return {"rule_info": None, "recount": []}
    filename = f"{org}-poll-{poll.pk}.blt"
    return {"rule_info": info,
            "recount": info.commands(file=filename, seats=poll.seats, seed=poll.seed)}


def _change(value: str | None) -> str:
    """A stage's transfer as the sheet shows it: signed, and blank when nothing moved."""
    if value is None or Decimal(value) == 0:
        return ""
    return value if value.startswith("-") else f"+{value}"


def chart(request, org: str, pk: int):
    poll = access_poll(request.viewer, pk)
    if not poll.result_svg:
        raise Http404("No chart until the count.")
    return HttpResponse(poll.result_svg, content_type="image/svg+xml")


def published(request, org: str, pk: int):
    poll = access_poll(request.viewer, pk)
    if not poll.published:
        raise Http404("Ballots are published when voting closes.")
    labels = {c.position: c.label for c in choices_of(poll)}
    ballots = [
        (display(b.receipt), [labels[m] for m in b.marks])
        for b in selectors.published_ballots(poll)
    ]
    return render(request, "ballots/published.html",
                  {"poll": poll, "ballots": ballots, "form": ReceiptForm(), "ranked":
                   poll.form == Poll.Form.RANKED})


def blt(request, org: str, pk: int):
    poll = access_poll(request.viewer, pk)
    if not poll.published:
        raise Http404("Ballots are published when voting closes.")
    response = HttpResponse(poll.blt, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{org}-poll-{poll.pk}.blt"'
    return response


def receipt(request, org: str, pk: int):
    """Check a receipt code against the published ballots; anyone may, nothing is recorded."""
    poll = access_poll(request.viewer, pk)
    form = ReceiptForm(request.GET or None)
    found = None
    checked = False
    if poll.published and form.is_valid():
        checked = True
        ballot = selectors.find_receipt(poll, form.cleaned_data["code"])
        if ballot is not None:
            labels = {c.position: c.label for c in choices_of(poll)}
            found = [labels[m] for m in ballot.marks]
    return render_form_page(
        request, form, template="ballots/receipt_check.html",
        context={"poll": poll, "checked": checked, "found": found,
                 "code": display(form.cleaned_data["code"]) if checked else "",
                 "ranked": poll.form == Poll.Form.RANKED},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def register(request, org: str, pk: int):
    poll = access_poll(request.viewer, pk)
    entries = selectors.marked_register(request.member, poll)
    return render(request, "ballots/register.html", {"poll": poll, "entries": entries})


@login_required
def task(request, org: str, pk: int):
    require_member(request.viewer)
    task = access_task(request.viewer, pk)
    template = "ballots/_task.html" if request.htmx else "ballots/task.html"
    return render(request, template, {"task": task})


_MD = MarkdownIt("commonmark", {"html": False})


def threat_model(request, org: str):
    path = Path(settings.BASE_DIR) / "docs" / "threat-model.md"
    if not path.is_file():
        raise Http404("The threat model is not installed with this copy of openassembly.")
    html = _MD.render(path.read_text(encoding="utf-8"))
    return render(request, "ballots/threat_model.html", {"html": mark_safe(html)})


# A member's own acts on a poll (standing, nominating, a statement, a co-signature) are public
# on the poll's page; the scrutiny page lists what officers and the timetable did.
MEMBERS_OWN = ("candidate.standing", "candidate.nominated", "candidate.withdrawn",
               "referendum.against-offered", "referendum.against-cosigned")


def scrutiny(request, org: str, pk: int):
    """What a scrutineer sees, and anyone else may: the timetable, the roll's size, every act
    on this poll by an officer or the system (the ledger's own entries), and the reports."""
    poll = access_poll(request.viewer, pk)
    acts = (LedgerEvent.objects.filter(organisation=poll.organisation, data__poll=poll.pk)
            .exclude(kind__in=MEMBERS_OWN).order_by("at", "pk"))
    return render(request, "ballots/scrutiny.html", {
        "poll": poll, "acts": describe(poll.organisation, list(acts)),
        "scrutineers": poll.scrutineers.select_related("member", "report_recorded_by"),
        "rule": scrutiny_rule(poll.organisation),
        "officer": "run-ballots" in powers_of(request.member),
    })
