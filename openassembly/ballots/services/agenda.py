"""Placing a successful petition's item on a body's next agenda.

A request waits here until the body has a meeting called; `place_request` (at once when the
petition succeeds, and from the task `openassembly tick` enqueues once a meeting is called) moves
it onto that meeting's agenda, marked as added after notice when the notice has already gone out.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.html import escape, linebreaks

from openassembly.core import clock
from openassembly.core.actors import Actor
from openassembly.core.authority import Route, acts
from openassembly.core.ledger import append_event
from openassembly.core.states import move
from openassembly.meetings.models import AgendaItem, Meeting

from ..models import AgendaRequest


def _next_meeting(request: AgendaRequest):
    return (
        Meeting.objects.filter(
            # An urgent meeting deals only with its urgent matter, so a petition's item waits
            # for the next meeting called with full notice.
            body=request.body, status=Meeting.Status.CALLED, starts_at__gt=clock.now(),
            short_notice=False,
        )
        .order_by("starts_at")
        .first()
    )


@acts(Route.PETITION, Route.SCHEDULE)
def place_request(actor: Actor, *, request: AgendaRequest) -> str:
    """Put the request on the body's next called meeting; '' if none is called yet, or if the
    request was placed meanwhile. ``actor`` is the system acting for the petition, under its
    rule: the petition is the authority, and no member's power is asked for."""
    meeting = _next_meeting(request)
    if meeting is None:
        return ""
    with transaction.atomic():
        # Read again under its lock: the petition's success and the periodic run can both
        # try to place the same request, and only one may add the item.
        request = AgendaRequest.objects.select_for_update(of=("self",)).select_related(
            "petition__created_by", "organisation").get(pk=request.pk)
        if request.status != AgendaRequest.Status.PENDING:
            return ""
        Meeting.objects.select_for_update().filter(pk=meeting.pk).get()
        position = (meeting.items.aggregate(n=Max("position"))["n"] or 0) + 1
        now = clock.now()
        item = AgendaItem.objects.create(
            organisation=request.organisation, meeting=meeting, position=position,
            title=request.title, description=request.text,
            description_html=linebreaks(escape(request.text)),
            added_by=request.petition.created_by, added_at=now, after_notice=True,
        )
        move(request, AgendaRequest.Status.PLACED)
        request.placed_at = now
        request.agenda_item_id = item.pk
        request.save(update_fields=["status", "placed_at", "agenda_item_id"])
        append_event(
            request.organisation, kind="agenda.item_added",
            actor=actor.name,
            data={"meeting": meeting.pk, "item": item.pk, "position": position,
                  "title": item.title, "after_notice": True, "petition": request.petition_id},
        )
    return f"item {position} of {meeting.title}"
