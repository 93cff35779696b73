"""Lookups scoped to the organisation (and meeting): missing and forbidden look the same."""

from __future__ import annotations

from django.db.models import Model

from openassembly.core.errors import NotFound
from openassembly.core.models import Organisation

from .models import Division, Meeting


def access_meeting(organisation: Organisation, pk: int) -> Meeting:
    meeting = (Meeting.objects.filter(organisation=organisation, pk=pk)
               .select_related("body", "chair", "minute_taker", "called_by", "organisation")
               .first())
    if meeting is None:
        raise NotFound("No such meeting.")
    return meeting


def access_division(organisation: Organisation, pk: int) -> Division:
    division = (Division.objects.filter(organisation=organisation, pk=pk)
                .select_related("meeting__body", "meeting__chair", "motion__item",
                                "meeting__organisation", "organisation").first())
    if division is None:
        raise NotFound("No such division.")
    return division


def access_in_meeting(model: type[Model], meeting: Meeting, pk, *, via: str = "meeting"):
    """A row of ``model`` that belongs to ``meeting`` (``via`` is the path to the meeting)."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise NotFound(f"No such {model._meta.verbose_name}.") from None
    obj = model.objects.filter(pk=number, **{via: meeting}).first()
    if obj is None:
        raise NotFound(f"No such {model._meta.verbose_name} in this meeting.")
    return obj
