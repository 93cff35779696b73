"""The returning officer cancelling an election or a members' ballot, with a reason."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from openassembly.core.access import require_power_in

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

    def act(data):
        return services.propose_cancellation(actor, poll=poll, reason=data["reason"])

    return form_page(
        request, form, act, success=reverse("accounts:actions", kwargs={"org": org}),
        message="Cancellation proposed. It happens only when a second officer confirms it on "
        "the two-officer actions page; both steps are public.",
        title=f"Cancel {poll.title}", submit="Propose the cancellation",
        intro="Cancelling needs two officers: you propose it with the reason, and it happens "
        "when a second officer confirms it. It cannot be undone, and it is public: the reason, "
        "both names and the time go on the ballot's page and the ledger. "
        f"{_WHAT_HAPPENS[poll.status == 'open']}",
    )
