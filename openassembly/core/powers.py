"""Powers come from seats: the constitution's ``[[powers]]`` name which seats hold which power.

The seats belong to the bodies app, which sits above members; yet the register's own services
(members) and core's view helpers must ask about powers too. So the rule is read here, in core,
from the constitution, and the one fact core cannot know (which seats a member sits in today)
comes from a seat source that bodies registers from its ``AppConfig.ready()``
(``bodies/powers.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from openassembly.core.errors import PowerDenied
from openassembly.core.models import Organisation


class Holder(Protocol):
    """A member, as far as powers need one."""

    pk: int
    organisation_id: int
    organisation: Organisation


SeatSource = Callable[[Holder], set[str]]

_seat_source: SeatSource | None = None


def register_seat_source(source: SeatSource) -> None:
    """Say how to find the "body/seat" keys whose powers a member exercises today."""
    global _seat_source
    _seat_source = source


def held_seats(member: Holder) -> set[str]:
    if _seat_source is None:
        raise ImproperlyConfigured("No seat source: is openassembly.bodies installed?")
    return _seat_source(member)


def powers_of(member: Holder | None) -> set[str]:
    if member is None:
        return set()
    seats = held_seats(member)
    if not seats:
        return set()
    return {p.name for p in member.organisation.constitution.powers if seats & set(p.seats)}


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


def require_power(organisation: Organisation, member: Holder | None, power_name: str) -> None:
    if member is not None and member.organisation_id != organisation.pk:
        member = None
    if power_name in powers_of(member):
        return
    try:
        rule, holders = describe_holders(organisation, power_name)
    except KeyError:
        # A constitution may leave a power out (one with no dues has no one to record them).
        raise PowerDenied(f"The constitution gives nobody the power '{power_name}'.",
                          power=power_name) from None
    raise PowerDenied(
        f"Rule {rule} gives the power '{power_name}' only to: {holders}. "
        "You do not hold any of those seats.",
        power=power_name,
        rule=rule,
    )
