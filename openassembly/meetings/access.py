"""Meetings' things for a viewer (core.access): scoped to the viewer's organisation (and the
meeting), missing and forbidden alike NotFound."""

from __future__ import annotations

from django.db.models import Model

from openassembly.core.access import Viewer, scoped
from openassembly.core.errors import NotFound

from .models import Division, Meeting


def access_meeting(viewer: Viewer, pk: int) -> Meeting:
    meeting = (Meeting.objects.filter(organisation=viewer.organisation, pk=pk)
               .select_related("body", "chair", "minute_taker", "called_by", "organisation")
               .first())
    if meeting is None:
        raise NotFound("No such meeting.")
    return meeting


def access_division(viewer: Viewer, pk: int) -> Division:
    division = (Division.objects.filter(organisation=viewer.organisation, pk=pk)
                .select_related("meeting__body", "meeting__chair", "motion__item",
                                "meeting__organisation", "organisation").first())
    if division is None:
        raise NotFound("No such division.")
    return division


def access_in_meeting(viewer: Viewer, pk, *, model: type[Model], meeting: Meeting,
                      via: str = "meeting"):
    """A row of ``model`` that belongs to ``meeting`` (``via`` is the path to the meeting),
    which must be in the viewer's organisation."""
    if meeting.organisation_id != viewer.organisation.pk:
        raise NotFound(f"No such {model._meta.verbose_name} in this meeting.")
    try:
        return scoped(model, viewer, pk, **{via: meeting})
    except NotFound:
        raise NotFound(f"No such {model._meta.verbose_name} in this meeting.") from None
