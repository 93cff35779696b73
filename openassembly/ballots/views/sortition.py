"""Sortition pages: announcing a draw, the pool, the parties' commitments and reveals."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from openassembly.core.access import require_member, require_power_in
from openassembly.core.errors import InvalidInput, ServiceError
from openassembly.core.forms_flow import HttpResponseSeeOther, render_form_page, submit
from openassembly.counting import LOT_PROCEDURE
from openassembly.counting.lots import pool_text
from openassembly.counting.seed import SEED_PROCEDURE

from .. import services
from ..access import access_sortition
from ..forms import CommitForm, RevealForm, SortitionForm
from ..models import SeedParty
from ..selectors import pool_labels
from .common import form_page


@login_required
def sortition_new(request, org: str):
    actor = require_power_in(request.viewer, "run-ballots")
    form = SortitionForm(request.POST or None)

    def act(data):
        return services.announce_sortition(actor, organisation=request.organisation, **data)

    return form_page(request, form, act, message="The draw is announced. Commit to your "
                     "secret value on its page before the pool closes.",
                     success=lambda d: reverse("ballots:sortition", kwargs={"org": org,
                                                                            "pk": d.pk}),
                     title="Draw a panel by lot", submit="Announce",
                     intro="The seed is made by commit and reveal: you, as returning officer, "
                     "and members the constitution names each commit to a secret value before "
                     "the pool closes and reveal it after, so nobody can know the draw early.")


def sortition(request, org: str, pk: int):
    sortition = access_sortition(request.viewer, pk)
    commit_form = reveal_form = None
    error = None
    if request.method == "POST":
        member = require_member(request.viewer)
        action = request.POST.get("action")
        if action in ("commit", "reveal"):
            if action == "commit":
                form = commit_form = CommitForm(request.POST)

                def act(data):
                    return services.commit_seed_value(member, sortition=sortition, **data)
            else:
                form = reveal_form = RevealForm(request.POST)

                def act(data):
                    return services.reveal_seed_value(member, sortition=sortition, **data)
            done, _, error = submit(form, act)
            if done:
                return HttpResponseSeeOther(request.path)
        else:
            steps = {"join": services.join_pool, "close": services.close_pool,
                     "draw": services.draw}
            if action not in steps:
                raise InvalidInput(f"'{action}' is not a step of a draw.")
            try:
                steps[action](member, sortition=sortition)
            except ServiceError as refused:
                # A refused button comes back on this page, said at the top with its rule.
                error = refused
            else:
                return redirect("ballots:sortition", org=org, pk=pk)
    me = request.member
    in_pool = bool(me) and sortition.pool.filter(member=me).exists()
    party = sortition.parties.filter(member=me).first() if me else None
    bound = commit_form or reveal_form  # a refused form, shown again with its reason
    status = (error.status if error is not None else 400) if bound is not None or error \
        else 200
    return render_form_page(request, bound, template="ballots/sortition.html", status=status,
                            error=error, anchor="seed",
                            form_name="commit_form" if commit_form else "reveal_form",
                            context={
        "sortition": sortition, "pool": pool_labels(sortition), "in_pool": in_pool,
        "procedure": LOT_PROCEDURE, "seed_procedure": SEED_PROCEDURE,
        "parties": sortition.parties.select_related("member"), "party": party,
        "commit_form": commit_form or CommitForm(), "reveal_form": reveal_form or RevealForm(),
        "is_returning_officer": bool(me) and me.pk == sortition.created_by_id,
        "witness_role": SeedParty.Role.WITNESS,
    })


def pool_file(request, org: str, pk: int):
    """The pool list exactly as the draw hashed it: one name per line."""
    sortition = access_sortition(request.viewer, pk)
    text = pool_text(pool_labels(sortition))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
