"""Minutes: drafted from the record, edited by the minute-taker, published, later approved."""

from __future__ import annotations

import hashlib

from django.db import transaction

from openassembly.core import clock, states
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput
from openassembly.core.ledger import append_event
from openassembly.members.models import Member

from ..draft import draft_text
from ..models import Meeting, Minutes
from ..text import clean_markdown, render
from ._common import require_minute_taker, require_status


@acts(Route.OFFICE, power="minute-meeting")
def draft_minutes(actor: Member, *, meeting: Meeting, restart: bool = False) -> Minutes:
    """Write the first draft from what was recorded; ``restart`` throws away edits to a draft."""
    require_minute_taker(actor, meeting, "draft the minutes")
    require_status(meeting, Meeting.Status.CLOSED, doing="draft the minutes")
    text = draft_text(meeting)
    now = clock.now()
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
        if minutes is not None and not restart:
            raise Conflict("The minutes have been drafted already; edit them.")
        if minutes is not None and minutes.status != Minutes.Status.DRAFT:
            raise Conflict("These minutes are published; they can no longer be redrafted.")
        if minutes is None:
            minutes = Minutes.objects.create(
                organisation=meeting.organisation, meeting=meeting, text=text,
                html=render(text), drafted_at=now,
            )
        else:
            minutes.text, minutes.html, minutes.drafted_at = text, render(text), now
            minutes.save(update_fields=["text", "html", "drafted_at"])
        append_event(meeting.organisation, kind="minutes.drafted", actor=actor.name,
                     data={"meeting": meeting.pk})
    return minutes


@acts(Route.OFFICE, power="minute-meeting")
def edit_minutes(actor: Member, *, minutes: Minutes, text: str) -> Minutes:
    require_minute_taker(actor, minutes.meeting, "edit the minutes")
    text = clean_markdown(text, field="minutes")
    if not text:
        raise InvalidInput("The minutes cannot be empty.")
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if minutes.status != Minutes.Status.DRAFT:
            raise Conflict(f"These minutes are {minutes.get_status_display()}; a published "
                           "record is not edited, it is corrected by the next meeting.")
        minutes.text, minutes.html = text, render(text)
        minutes.edited_at, minutes.edited_by = clock.now(), actor
        minutes.save(update_fields=["text", "html", "edited_at", "edited_by"])
        append_event(minutes.organisation, kind="minutes.edited", actor=actor.name, data={
            "meeting": minutes.meeting_id, "sha256": hashlib.sha256(text.encode()).hexdigest(),
        })
    return minutes


@acts(Route.OFFICE, power="minute-meeting")
def publish_minutes(actor: Member, *, minutes: Minutes) -> Minutes:
    """Publish the draft for everyone; the next meeting approves it by a recorded vote."""
    require_minute_taker(actor, minutes.meeting, "publish the minutes")
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        states.move(minutes, Minutes.Status.PUBLISHED)
        minutes.published_at, minutes.published_by = clock.now(), actor
        minutes.save(update_fields=["status", "published_at", "published_by"])
        append_event(minutes.organisation, kind="minutes.published", actor=actor.name, data={
            "meeting": minutes.meeting_id,
            "sha256": hashlib.sha256(minutes.text.encode()).hexdigest(),
        })
    return minutes
