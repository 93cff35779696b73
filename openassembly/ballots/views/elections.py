"""Announcing an election, standing, nominating, slates and questionnaires."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openassembly.core.access import require_member, require_power_in
from openassembly.core.errors import ServiceError
from openassembly.core.forms_flow import handle_form

from .. import services
from ..access import access_candidacy, access_poll, access_questionnaire, access_slate
from ..forms import AnswerForm, ElectionForm, QuestionnaireForm, SlateForm, StandForm
from ..models import Candidacy
from .common import form_page
from .polls import poll_detail


def _poll_url(org: str, pk: int) -> str:
    return reverse("ballots:poll", kwargs={"org": org, "pk": pk})


@login_required
def election_new(request, org: str):
    actor = require_power_in(request.viewer, "run-ballots")
    form = ElectionForm(request.POST or None, organisation=request.organisation)

    def act(data):
        return services.create_election(actor, organisation=request.organisation, **data)

    return form_page(request, form, act, success=lambda election: _poll_url(org, election.poll_id),
                     message="The election is announced.",
                     title="Announce an election", submit="Announce",
                     intro="The constitution sets the method, the nominations each candidate "
                     "needs and the shortest periods for nominations and voting.")


@login_required
def stand(request, org: str, pk: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    if poll.kind != "election":
        # Only an election has candidates: another poll's page is not found, not an error.
        raise Http404("Only an election has candidates.")
    form = StandForm(request.POST or None)

    def act(data):
        return services.stand(member, election=poll.election, statement=data["statement"])

    return form_page(request, form, act, success=_poll_url(org, pk),
                     message="You are standing; members may now nominate you.",
                     title=f"Stand in {poll.title}", submit="Stand",
                     intro=f"You need {poll.election.nominators_required} members to nominate "
                     "you before nominations close.")


@login_required
@require_POST
def nominate(request, org: str, pk: int, cid: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    try:
        services.nominate(member, candidacy=access_candidacy(request.viewer, cid, poll=poll))
    except ServiceError as error:
        return poll_detail(request, org, pk, error=error)
    return redirect("ballots:poll", org=org, pk=pk)


@login_required
@require_POST
def withdraw(request, org: str, pk: int, cid: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    try:
        services.withdraw(member, candidacy=access_candidacy(request.viewer, cid, poll=poll))
    except ServiceError as error:
        return poll_detail(request, org, pk, error=error)
    return redirect("ballots:poll", org=org, pk=pk)


@login_required
def slate_new(request, org: str, pk: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    form = SlateForm(request.POST or None)

    def act(data):
        return services.create_slate(member, election=poll.election, **data)

    return form_page(request, form, act, success=_poll_url(org, pk),
                     message="The slate is published.",
                     title=f"Publish a slate in {poll.title}", submit="Publish",
                     intro="A slate is a named list of candidates standing on one platform. "
                     "Candidates join it by signing the platform.")


@login_required
@require_POST
def slate_sign(request, org: str, pk: int):
    member = require_member(request.viewer)
    slate = access_slate(request.viewer, pk)
    try:
        services.sign_slate(member, slate=slate)
    except ServiceError as error:
        return poll_detail(request, org, slate.election.poll_id, error=error)
    return redirect("ballots:poll", org=org, pk=slate.election.poll_id)


@login_required
def questionnaire_new(request, org: str, pk: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    form = QuestionnaireForm(request.POST or None)

    def act(data):
        return services.create_questionnaire(
            member, election=poll.election, title=data["title"], set_by=data["set_by"],
            questions=data["questions"].splitlines(),
        )

    return form_page(request, form, act, message="The questions are sent to every candidate.",
                     success=lambda q: reverse("ballots:questionnaire", kwargs={"org": org,
                                                                               "pk": q.pk}),
                     title=f"Questions for the candidates in {poll.title}",
                     submit="Send to every candidate",
                     intro="Every candidate is invited by email. Their answers, and any "
                     "missing answer, are published side by side.")


def questionnaire(request, org: str, pk: int):
    questionnaire = access_questionnaire(request.viewer, pk)
    election = questionnaire.election
    questions = list(questionnaire.questions.prefetch_related("answers"))
    candidacies = list(
        election.candidacies.exclude(status=Candidacy.Status.WITHDRAWN).select_related("member")
    )
    table = [
        (question, [(c, next((a for a in question.answers.all() if a.candidacy_id == c.pk),
                             None)) for c in candidacies])
        for question in questions
    ]
    mine = next((c for c in candidacies if request.member and c.member_id == request.member.pk),
                None)
    page = {"questionnaire": questionnaire, "poll": election.poll, "table": table,
            "candidacies": candidacies}
    if mine is not None:
        initial = {f"q{q.pk}": next((a.text for a in q.answers.all() if a.candidacy_id == mine.pk),
                                    "") for q in questions}
        form = AnswerForm(request.POST or None, questions=questions, initial=initial)

        def act(data):
            for question in questions:
                text = data[f"q{question.pk}"]
                if text.strip():
                    try:
                        services.answer_question(request.member, question=question, text=text)
                    except ServiceError as error:
                        # Say which answer was refused, next to it.
                        error.field = error.field or f"q{question.pk}"
                        raise

        return handle_form(request, form, act, message="Your answers are published.",
                           success=reverse("ballots:questionnaire", kwargs={"org": org, "pk": pk}),
                           template="ballots/questionnaire.html", context=page)
    return render(request, "ballots/questionnaire.html", {**page, "form": None})
