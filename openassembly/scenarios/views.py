"""Pages for pact analyses: thin views over the services, selectors and the pure package."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openassembly.analysis import AnalysisInputError, analyse, render_csv, render_json, render_svg
from openassembly.core.access import require_member
from openassembly.core.errors import Conflict, InvalidInput, NotFound

from . import selectors, services
from .access import access_results_set, access_saved_analysis
from .forms import AttachForm, ResultsSetForm, ScenarioForm
from .stored import analysis_from_dict
from .tables import data_line, page_tables

DOWNLOADS = {
    "json": (render_json, "application/json; charset=utf-8"),
    "csv": (render_csv, "text/csv; charset=utf-8"),
    "svg": (render_svg, "image/svg+xml; charset=utf-8"),
}


def index(request, org: str):
    organisation = request.organisation
    return render(
        request,
        "scenarios/index.html",
        {
            "results_sets": list(selectors.results_sets(organisation)),
            "analyses": list(selectors.saved_analyses(organisation)),
        },
    )


@login_required
def add_results(request, org: str):
    actor = require_member(request.viewer)
    form = ResultsSetForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            results_set = services.upload_results(
                actor,
                organisation=request.organisation,
                name=form.cleaned_data["name"],
                filename=upload.name if upload else "",
                data=upload.read() if upload else None,
                dataset=form.cleaned_data["dataset"],
            )
        except services.ResultsRejected as rejected:
            problems = rejected.problems
        except (InvalidInput, Conflict) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Results set “{results_set.name}” added.")
            return redirect("scenarios:results_set", org=org, pk=results_set.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "scenarios/add_results.html", {"form": form, "problems": problems}, status=status
    )


def results_set(request, org: str, pk: int):
    """The set's figures and, for members, the scenario form with a preview of its result."""
    rs = access_results_set(request.viewer, pk)
    results = selectors.load_set(rs)
    context = {"results_set": rs, "results": results, "form": None, "analysis": None}
    if request.member is not None:
        form = ScenarioForm(request.POST or None, results=results)
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            if request.POST.get("action") == "save":
                try:
                    saved = services.save_analysis(
                        request.member,
                        results_set=rs,
                        scenario=form.scenario,
                        title=form.cleaned_data["title"],
                    )
                except InvalidInput as error:
                    form.add_error("title" if "title" in str(error) else None, str(error))
                else:
                    messages.success(request, f"Analysis “{saved.title}” saved.")
                    return redirect("scenarios:analysis", org=org, pk=saved.pk)
            else:
                try:
                    analysis = analyse(results, form.scenario)
                except AnalysisInputError as error:
                    form.add_error(None, str(error))
                else:
                    context.update(_analysis_context(analysis))
    elif request.method == "POST":
        require_member(request.viewer)
    status = 400 if context["form"] is not None and context["form"].errors else 200
    return render(request, "scenarios/results_set.html", context, status=status)


def _analysis_context(analysis) -> dict:
    return {
        "analysis": analysis,
        "describe": "Pact analysis: " + analysis.scenario.describe(),
        "data_line": data_line(analysis),
        "tables": page_tables(analysis),
    }


def analysis(request, org: str, pk: int, check: bool = False):
    saved = access_saved_analysis(request.viewer, pk)
    context = {
        "saved": saved,
        "attachments": selectors.attachments_of(saved),
        "check": selectors.check_saved(saved) if check else None,
        "attach_form": AttachForm(organisation=request.organisation)
        if request.member is not None
        else None,
        **_analysis_context(analysis_from_dict(saved.result)),
    }
    return render(request, "scenarios/analysis.html", context)


def analysis_check(request, org: str, pk: int):
    return analysis(request, org, pk, check=True)


def download(request, org: str, pk: int, fmt: str):
    saved = access_saved_analysis(request.viewer, pk)
    if fmt not in DOWNLOADS:
        raise NotFound(f"No download as {fmt!r}: use json, csv or svg.")
    renderer, content_type = DOWNLOADS[fmt]
    response = HttpResponse(renderer(analysis_from_dict(saved.result)), content_type=content_type)
    if request.GET.get("inline") != "1":
        response["Content-Disposition"] = f'attachment; filename="pact-analysis-{saved.pk}.{fmt}"'
    return response


@login_required
@require_POST
def attach(request, org: str, pk: int):
    actor = require_member(request.viewer)
    saved = access_saved_analysis(request.viewer, pk)
    form = AttachForm(request.POST, organisation=request.organisation)
    if form.is_valid():
        try:
            attachment = services.attach_analysis(
                actor,
                analysis=saved,
                motion=form.cleaned_data["motion"],
                paper=form.cleaned_data["paper"],
            )
        except (InvalidInput, Conflict) as error:
            form.add_error(None, str(error))
        else:
            target = attachment.motion or attachment.paper
            messages.success(request, f"Attached to “{target}”.")
            return redirect("scenarios:analysis", org=org, pk=saved.pk)
    context = {
        "saved": saved,
        "attachments": selectors.attachments_of(saved),
        "check": None,
        "attach_form": form,
        **_analysis_context(analysis_from_dict(saved.result)),
    }
    return render(request, "scenarios/analysis.html", context, status=400)
