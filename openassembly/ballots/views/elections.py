"""Announcing an election, standing, nominating, slates and questionnaires."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openassembly.core.access import require_member, require_power_in
from openassembly.core.errors import Conflict, InvalidInput

from .. import services
from ..access import access_candidacy, access_poll, access_questionnaire, access_slate
from ..forms import AnswerForm, ElectionForm, QuestionnaireForm, SlateForm, StandForm
from ..models import Candidacy
from .common import form_page


@login_required
def election_new(request, org: str):
    actor = require_power_in(request.viewer, "run-ballots")
    form = ElectionForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.create_election(actor, organisation=request.organisation,
                                                **form.cleaned_data)
        except InvalidInput as error:
            form.add_error(None, str(error))
        else:
            return redirect("ballots:poll", org=org, pk=election.poll_id)
    return form_page(request, title="Announce an election", form=form, submit="Announce",
                     intro="The constitution sets the method, the nominations each candidate "
                     "needs and the shortest periods for nominations and voting.")


@login_required
def stand(request, org: str, pk: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    form = StandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stand(member, election=poll.election, statement=form.cleaned_data["statement"])
        except (InvalidInput, Conflict) as error:
            form.add_error(None, str(error))
        else:
            return redirect("ballots:poll", org=org, pk=pk)
    return form_page(request, title=f"Stand in {poll.title}", form=form, submit="Stand",
                     intro=f"You need {poll.election.nominators_required} members to nominate "
                     "you before nominations close.")


@login_required
@require_POST
def nominate(request, org: str, pk: int, cid: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    services.nominate(member, candidacy=access_candidacy(request.viewer, cid, poll=poll))
    return redirect("ballots:poll", org=org, pk=pk)


@login_required
@require_POST
def withdraw(request, org: str, pk: int, cid: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    services.withdraw(member, candidacy=access_candidacy(request.viewer, cid, poll=poll))
    return redirect("ballots:poll", org=org, pk=pk)


@login_required
def slate_new(request, org: str, pk: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    form = SlateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_slate(member, election=poll.election, **form.cleaned_data)
        except (InvalidInput, Conflict) as error:
            form.add_error(None, str(error))
        else:
            return redirect("ballots:poll", org=org, pk=pk)
    return form_page(request, title=f"Publish a slate in {poll.title}", form=form,
                     submit="Publish", intro="A slate is a named list of candidates standing on "
                     "one platform. Candidates join it by signing the platform.")


@login_required
@require_POST
def slate_sign(request, org: str, pk: int):
    member = require_member(request.viewer)
    slate = access_slate(request.viewer, pk)
    services.sign_slate(member, slate=slate)
    return redirect("ballots:poll", org=org, pk=slate.election.poll_id)


@login_required
def questionnaire_new(request, org: str, pk: int):
    member = require_member(request.viewer)
    poll = access_poll(request.viewer, pk)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.create_questionnaire(
                member, election=poll.election, title=form.cleaned_data["title"],
                set_by=form.cleaned_data["set_by"],
                questions=form.cleaned_data["questions"].splitlines(),
            )
        except (InvalidInput, Conflict) as error:
            form.add_error(None, str(error))
        else:
            return redirect("ballots:questionnaire", org=org, pk=questionnaire.pk)
    return form_page(request, title=f"Questions for the candidates in {poll.title}", form=form,
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
    form = None
    if mine is not None:
        initial = {f"q{q.pk}": next((a.text for a in q.answers.all() if a.candidacy_id == mine.pk),
                                    "") for q in questions}
        form = AnswerForm(request.POST or None, questions=questions, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                for question in questions:
                    text = form.cleaned_data[f"q{question.pk}"]
                    if text.strip():
                        services.answer_question(request.member, question=question, text=text)
            except (InvalidInput, Conflict) as error:
                form.add_error(None, str(error))
            else:
                return redirect("ballots:questionnaire", org=org, pk=pk)
    return render(request, "ballots/questionnaire.html",
                  {"questionnaire": questionnaire, "poll": election.poll, "table": table,
                   "candidacies": candidacies, "form": form})
