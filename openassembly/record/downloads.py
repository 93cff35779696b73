"""A full export, fetched by the two officers who made it (its writer is record.exports)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from openassembly.accounts.middleware import ask_again, second_factor_is_recent
from openassembly.accounts.models import SensitiveAction
from openassembly.core.access import require_member

from .exports import export_dir


@login_required
def full_export(request, org: str, pk: int):
    """Only the two officers who made a full export may fetch it."""
    actor = require_member(request.viewer)
    action = SensitiveAction.objects.filter(
        organisation=request.organisation,
        pk=pk,
        kind="full-export",
        status=SensitiveAction.Status.CONFIRMED,
    ).first()
    if action is None or actor.pk not in (action.proposed_by_id, action.decided_by_id):
        raise Http404("No such export.")
    if not second_factor_is_recent(request):
        return ask_again(request, request.get_full_path())
    path = export_dir(request.organisation) / action.outcome["file"]
    return FileResponse(path.open("rb"), as_attachment=True, filename=action.outcome["file"])
