"""The returning officer cancelling an election or a members' ballot, with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from openassembly.core.access import require_power_in
from openassembly.core.errors import Conflict, InvalidInput

from .. import services
from ..access import access_poll
from ..forms import CancelForm
from .common import form_page

_WHAT_HAPPENS = {
    True: "Voting is open: the ballots cast so far will be destroyed unread, never counted or "
    "published; how many there were stays public. Mail not yet sent stops, and everyone on the "
    "roll is told of the cancellation and its reason.",
    False: "Nothing further can then happen in it: no nominations, no statements, no ballots, "
    "no count.",
}


@login_required
def cancel(request, org: str, pk: int):
    actor = require_power_in(request.viewer, "run-ballots")
    poll = access_poll(request.viewer, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_cancellation(actor, poll=poll, reason=form.cleaned_data["reason"])
        except (InvalidInput, Conflict) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Cancellation proposed. It happens only when a second "
                             "officer confirms it on the two-officer actions page; both steps "
                             "are public.")
            return redirect("accounts:actions", org=org)
    return form_page(
        request, title=f"Cancel {poll.title}", form=form, submit="Propose the cancellation",
        intro="Cancelling needs two officers: you propose it with the reason, and it happens "
        "when a second officer confirms it. It cannot be undone, and it is public: the reason, "
        "both names and the time go on the ballot's page and the ledger. "
        f"{_WHAT_HAPPENS[poll.status == 'open']}",
    )
