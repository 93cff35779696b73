"""The seats a member sits in today, which is where their powers come from (see core.powers)."""

from __future__ import annotations

from django.db.models import Q

from openassembly.core import clock
from openassembly.members.models import Member

from .models import SeatHolding


def seats_in_force(member: Member) -> set[str]:
    """The "body/seat" keys whose powers this member exercises today.

    A member who is not active (lapsed, suspended, erased) exercises none, whatever seats they
    were elected to: their terms stay on the record, their powers do not.
    """
    if member.status != Member.Status.ACTIVE:
        return set()
    today = clock.today()
    rows = (
        SeatHolding.objects.filter(member=member, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .values_list("seat_group__body__key", "seat_group__seat_key")
    )
    return {f"{body}/{seat}" for body, seat in rows}
