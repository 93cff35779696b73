"""Writers for bodies and seats."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from openassembly.core import clock
from openassembly.core.actors import Actor
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.powers import require_power
from openassembly.members.models import Affiliate, Member, Region

from .models import Body, SeatGroup, SeatHolding
from .selectors import current_holdings


@acts(Route.SCHEDULE, Route.FOUNDING)
def apply_constitution(organisation: Organisation) -> None:
    """Make regions, bodies and seat groups match the current constitution.

    Groups the constitution no longer has are deactivated, never deleted: their holders'
    terms are history.
    """
    constitution = organisation.constitution
    today = clock.today()
    regions = {}
    for name in constitution.membership.regions:
        regions[name], _ = Region.objects.get_or_create(organisation=organisation, name=name)
    affiliates_by_kind: dict[str, list[str]] = {}
    fee_paid: dict[str, set[str]] = {}
    affiliate_rows = {}
    current = Affiliate.objects.filter(organisation=organisation, disaffiliated_on=None)
    paid_ids = set(current.filter(fees__year=today.year).values_list("pk", flat=True))
    for affiliate in current:
        affiliates_by_kind.setdefault(affiliate.kind, []).append(affiliate.name)
        affiliate_rows[(affiliate.kind, affiliate.name)] = affiliate
        if affiliate.pk in paid_ids:
            fee_paid.setdefault(affiliate.kind, set()).add(affiliate.name)
    bodies = {}
    for spec in constitution.bodies:
        body, _ = Body.objects.update_or_create(
            organisation=organisation,
            key=spec.key,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "rule": spec.rule,
                "description": spec.description,
            },
            create_defaults={
                "name": spec.name,
                "kind": spec.kind,
                "rule": spec.rule,
                "description": spec.description,
                "established_on": today,
            },
        )
        bodies[spec.key] = body
    kept = set()
    # A seat that needs a fee (a union's places) exists only while this year's fee is paid.
    plan = constitution.seat_plan(affiliates=affiliates_by_kind, fee_paid=fee_paid)
    for position, group in enumerate(plan):
        body = bodies[group.body_key]
        seat = next(s for s in constitution.body(group.body_key).seats if s.key == group.seat_key)
        row, _ = SeatGroup.objects.update_or_create(
            body=body,
            seat_key=group.seat_key,
            # A single group of a seat is labelled with the seat's own name; say it once.
            label="" if group.label == seat.name else group.label,
            defaults={
                "organisation": organisation,
                "name": seat.name,
                "places": group.places,
                "kind": group.kind,
                "officer": group.officer,
                "rule": group.rule,
                "position": position,
                "active": True,
                "region": regions.get(group.region) if group.region else None,
                "affiliate": affiliate_rows.get((seat.nominated_by, group.affiliate))
                if group.affiliate
                else None,
            },
        )
        kept.add(row.pk)
    SeatGroup.objects.filter(organisation=organisation).exclude(pk__in=kept).update(active=False)


@acts(Route.OFFICE, Route.FOUNDING, power="manage-seats")
def seat_member(
    actor: Actor,
    *,
    organisation: Organisation,
    seat_group: SeatGroup,
    member: Member,
    starts_on: date,
    ends_on: date | None = None,
    how: str,
) -> SeatHolding:
    """Put a member in a seat for a term: an officer using manage-seats, or the system (the
    founding, a test's or the demo's cast)."""
    if actor.is_member:
        require_power(organisation, actor, "manage-seats")
    return _seat(actor, organisation=organisation, seat_group=seat_group, member=member,
                 starts_on=starts_on, ends_on=ends_on, how=how)


@acts(Route.ELECTION, Route.SCHEDULE)
def seat_elected(
    actor: Actor,
    *,
    organisation: Organisation,
    seat_group: SeatGroup,
    member: Member,
    starts_on: date,
    ends_on: date | None,
    how: str,
) -> SeatHolding:
    """Seat a member whom a declared election result elected. The result is the authority, not
    a power of ``actor`` (the returning officer who declared it, or the timetable), so no seat
    power is asked for; only the declaring of a result calls this."""
    return _seat(actor, organisation=organisation, seat_group=seat_group, member=member,
                 starts_on=starts_on, ends_on=ends_on, how=how)


def _seat(actor: Actor, *, organisation: Organisation, seat_group: SeatGroup, member: Member,
          starts_on: date, ends_on: date | None, how: str) -> SeatHolding:
    if seat_group.organisation_id != organisation.pk or member.organisation_id != organisation.pk:
        raise InvalidInput("That seat or member belongs to another organisation.")
    if member.status != Member.Status.ACTIVE:
        raise InvalidInput(f"{member.name} is not an active member and cannot take a seat.")
    if ends_on is not None and ends_on <= starts_on:
        raise InvalidInput("A term must end after it starts.")
    with transaction.atomic():
        SeatGroup.objects.select_for_update().filter(pk=seat_group.pk).get()
        taken = current_holdings(seat_group, starts_on).count()
        if taken >= seat_group.places:
            raise Conflict(f"All {seat_group.places} places in {seat_group} are filled.")
        if current_holdings(seat_group, starts_on).filter(member=member).exists():
            raise Conflict(f"{member.name} already holds a place in {seat_group}.")
        holding = SeatHolding.objects.create(
            organisation=organisation,
            seat_group=seat_group,
            member=member,
            starts_on=starts_on,
            ends_on=ends_on,
            how=how,
        )
        append_event(
            organisation,
            kind="seat.taken",
            actor=actor.name,
            data={
                "body": seat_group.body.key,
                "seat": seat_group.seat_key,
                "label": seat_group.label,
                "holder": member.name,
                "member": member.pk,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat() if ends_on else None,
                "how": how,
            },
        )
    return holding


@acts(Route.OFFICE, power="manage-seats")
def end_term(
    actor: Member, *, organisation: Organisation, holding: SeatHolding, ends_on: date, reason: str
) -> SeatHolding:
    require_power(organisation, actor, "manage-seats")
    if holding.organisation_id != organisation.pk:
        raise InvalidInput("That seat belongs to another organisation.")
    if ends_on < holding.starts_on:
        raise InvalidInput("A term cannot end before it started.", field="ends_on")
    with transaction.atomic():
        holding.ends_on = ends_on
        holding.save(update_fields=["ends_on"])
        append_event(
            organisation,
            kind="seat.vacated",
            actor=actor.name,
            data={
                "body": holding.seat_group.body.key,
                "seat": holding.seat_group.seat_key,
                "label": holding.seat_group.label,
                "holder": holding.member.name,
                "ends_on": ends_on.isoformat(),
                "reason": reason,
            },
        )
    return holding
