"""The seats a member sits in today, which is where their powers come from (see core.powers)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet

from openassembly.core import clock
from openassembly.members.models import Member

from .models import SeatHolding


def _held_today(holdings: QuerySet[SeatHolding]) -> QuerySet[SeatHolding]:
    today = clock.today()
    return holdings.filter(starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today)
    )


def seats_in_force(member: Member) -> set[str]:
    """The "body/seat" keys whose powers this member exercises today.

    A member who is not active (lapsed, suspended, erased) exercises none, whatever seats they
    were elected to: their terms stay on the record, their powers do not.
    """
    if member.status != Member.Status.ACTIVE:
        return set()
    rows = _held_today(SeatHolding.objects.filter(member=member)).values_list(
        "seat_group__body__key", "seat_group__seat_key"
    )
    return {f"{body}/{seat}" for body, seat in rows}


def holds_officer_seat(who: Member | AbstractBaseUser) -> bool:
    """Whether this member, or this login in any of its organisations, sits in an officer seat
    today: the one definition, which the second-factor rule (accounts.middleware) uses."""
    holder = {"member": who} if isinstance(who, Member) else {"member__user": who}
    return _held_today(SeatHolding.objects.filter(**holder, seat_group__officer=True)).exists()


def holders_of(organisation, power_names: set[str]) -> QuerySet[Member]:
    """The active members who hold any of these powers today, through the seats the
    constitution's ``[[powers]]`` give them to (the reverse of ``seats_in_force``)."""
    refs = {ref for power in organisation.constitution.powers if power.name in power_names
            for ref in power.seats}
    if not refs:
        return Member.objects.none()
    seats = Q()
    for ref in refs:
        body, seat = ref.split("/", 1)
        seats |= Q(seat_group__body__key=body, seat_group__seat_key=seat)
    held = _held_today(SeatHolding.objects.filter(seats, organisation=organisation))
    return (Member.objects.filter(organisation=organisation, status=Member.Status.ACTIVE,
                                  pk__in=held.values("member")).order_by("pk"))
