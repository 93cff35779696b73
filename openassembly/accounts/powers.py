"""Powers come from seats: the constitution names which seats hold which power."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet

from openassembly.bodies.models import SeatHolding
from openassembly.core import clock
from openassembly.core.errors import PowerDenied
from openassembly.core.models import Organisation
from openassembly.members.models import Member


def _held_today(holdings: QuerySet[SeatHolding]) -> QuerySet[SeatHolding]:
    today = clock.today()
    return holdings.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) |
                                                        Q(ends_on__gt=today))


def held_seats(member: Member) -> set[str]:
    """The "body/seat" keys this member sits in today."""
    rows = _held_today(member.seats.all()).values_list("seat_group__body__key",
                                                       "seat_group__seat_key")
    return {f"{body}/{seat}" for body, seat in rows}


def powers_of(member: Member | None) -> set[str]:
    if member is None or member.status != Member.Status.ACTIVE:
        return set()
    seats = held_seats(member)
    return {p.name for p in member.organisation.constitution.powers if seats & set(p.seats)}


def holds_officer_seat(who: Member | AbstractBaseUser) -> bool:
    """Whether this member, or this login in any of its organisations, sits in an officer seat
    today: the one definition, which the second-factor rule (accounts.middleware) uses."""
    holder = {"member": who} if isinstance(who, Member) else {"member__user": who}
    return _held_today(SeatHolding.objects.filter(**holder, seat_group__officer=True)).exists()


def describe_holders(organisation: Organisation, power_name: str) -> tuple[str, str]:
    """The rule granting a power and the seats it names, in words."""
    constitution = organisation.constitution
    power = constitution.power(power_name)
    names = []
    for ref in power.seats:
        body_key, seat_key = ref.split("/", 1)
        body = constitution.body(body_key)
        seat = next(s for s in body.seats if s.key == seat_key)
        names.append(f"{seat.name} of the {body.name}")
    return power.rule, ", ".join(names)


def require_power(organisation: Organisation, member: Member | None, power_name: str) -> None:
    if member is not None and member.organisation_id != organisation.pk:
        member = None
    if power_name in powers_of(member):
        return
    rule, holders = describe_holders(organisation, power_name)
    raise PowerDenied(
        f"Rule {rule} gives the power '{power_name}' only to: {holders}. "
        "You do not hold any of those seats.",
        power=power_name,
        rule=rule,
    )
