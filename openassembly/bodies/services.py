"""Writers for bodies and seats.

A seat is filled only by its lawful route (rules/seats.py): the founders once, an election's
declared result, an affiliate's nomination recorded by its authorised nominator, a decision of
the body where the constitution provides co-option, or, for an ex officio seat, the office it
follows. A term ends early only on the holder's resignation, a carried recall ballot, a
decision of the body by the majority its rule sets, or a new election to the seat. No officer
power fills or empties a seat: that was the bypass (issue 12) by which one officer could end
another's term and seat an account they control.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from openassembly.core import clock
from openassembly.core.actors import Actor
from openassembly.core.authority import (
    Authority,
    AuthorityRefused,
    Route,
    acts,
    plain,
    reread,
    resolve,
)
from openassembly.core.errors import Conflict, InvalidInput, NotFound
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.services import create_organisation
from openassembly.members.models import Affiliate, AffiliationFee, Member, Region
from openassembly.members.services import add_member
from openassembly.rules.questions import add_months, passed
from openassembly.rules.seats import Way, followers

from .models import Body, SeatGroup, SeatHolding, SeatNomination
from .selectors import current_holdings, founding_recorded, way_of_group


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


# --- the routes into a seat ---

ROUTE_WORDS = {
    "elected": "the declared result of an election to it",
    "public-office": "the declared result of an election to it, among members recorded as "
                     "holding a public office",
    "nominated": "a nomination by the affiliate's contact",
    "ex-officio": "holding the office it follows",
}


def _refuse(message: str, rule: str, field: str = "") -> AuthorityRefused:
    return AuthorityRefused(f"Rule {rule}: {message}" if rule else message, rule=rule,
                            field=field)


def _term_end(organisation: Organisation, group: SeatGroup, starts_on: date) -> date | None:
    months = organisation.constitution.body(group.body.key).term_months
    return add_months(starts_on, months) if months else None


def _fresh(organisation: Organisation, authority: Authority | None, route: Route, *,
           act: str, rule: str) -> Authority:
    """The authority looked up again from its record, so that what an act rests on is what the
    register says today, never what a caller put together (core.authority.reread)."""
    return reread(organisation, authority, route, act=act, rule=rule)


def _unused(organisation: Organisation, authority: Authority, rule: str) -> None:
    """A decision or a recall authorises one change of one seat, not any number of them."""
    used = (SeatHolding.objects.filter(organisation=organisation, route=authority.route,
                                       reference=authority.reference).exists()
            or SeatHolding.objects.filter(organisation=organisation,
                                          ended_route=authority.route,
                                          ended_reference=authority.reference).exists())
    if used:
        raise _refuse(f"{authority.text[:1].upper()}{authority.text[1:]} has been acted on "
                      "already; one decision changes one seat.", rule, field="decision")


def _check_decision(organisation: Organisation, authority: Authority, *, body: Body,
                    decision_key: str, rule: str, what: str) -> None:
    """The decision is of ``body``, of the kind the constitution names, by its majority."""
    facts = authority.facts
    if facts.get("body") != body.key:
        raise _refuse(f"only a decision of the {body.name} can {what}; decision "
                      f"{facts.get('decision')} is of the {facts.get('body_name')}.", rule,
                      field="decision")
    kind = organisation.constitution.decision(decision_key)
    if facts.get("decision_key") != decision_key:
        raise _refuse(f"to {what} needs a decision of the kind '{kind.name}' (rule "
                      f"{kind.majority.rule}: {kind.majority.kind.replace('-', ' ')} "
                      f"majority); decision {facts.get('decision')} was not one.", rule,
                      field="decision")
    if "for" in facts and kind.majority.kind != "absolute":
        answer = passed(kind.majority, votes_for=facts["for"], against=facts["against"],
                        abstain=facts["abstain"])
        if not answer.ok:
            raise _refuse(f"decision {facts.get('decision')} did not reach the majority "
                          f"its rule sets: {answer.reason}", kind.majority.rule,
                          field="decision")


def _seat(actor: Actor, *, organisation: Organisation, seat_group: SeatGroup, member: Member,
          starts_on: date, ends_on: date | None, how: str, route: str, reference: str,
          authority: Authority | None, follows: SeatHolding | None = None) -> SeatHolding:
    if seat_group.organisation_id != organisation.pk or member.organisation_id != organisation.pk:
        raise InvalidInput("That seat or member belongs to another organisation.")
    if not seat_group.active:
        raise InvalidInput(f"{seat_group} is not a seat under the constitution in force.")
    if member.status != Member.Status.ACTIVE:
        raise InvalidInput(f"{member.name} is not an active member and cannot take a seat.",
                           field="member")
    if ends_on is not None and ends_on <= starts_on:
        raise InvalidInput("A term must end after it starts.")
    way = way_of_group(organisation, seat_group)
    if way.route == "public-office" and not member.public_office_holder:
        raise _refuse(f"only members recorded as holding a public office may hold a seat as "
                      f"{seat_group.name.lower()}; {member.name} is not recorded as holding "
                      "one.", way.rule, field="member")
    SeatGroup.objects.select_for_update().filter(pk=seat_group.pk).get()
    taken = current_holdings(seat_group, starts_on).count()
    if taken >= seat_group.places:
        raise Conflict(f"All {seat_group.places} places in {seat_group} are filled.")
    if current_holdings(seat_group, starts_on).filter(member=member).exists():
        raise Conflict(f"{member.name} already holds a place in {seat_group}.")
    holding = SeatHolding.objects.create(
        organisation=organisation, seat_group=seat_group, member=member, starts_on=starts_on,
        ends_on=ends_on, how=how[:200], route=route, reference=reference, follows=follows,
    )
    append_event(
        organisation, kind="seat.taken", actor=actor.name, authority=authority,
        data={
            "body": seat_group.body.key, "seat": seat_group.seat_key, "label": seat_group.label,
            "holder": member.name, "member": member.pk, "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None, "how": how,
        },
    )
    _seat_followers(actor, organisation=organisation, office=holding, authority=authority)
    return holding


def _seat_followers(actor: Actor, *, organisation: Organisation, office: SeatHolding,
                    authority: Authority | None) -> None:
    """Ex officio seats follow their office: whoever takes the office takes them too."""
    group = office.seat_group
    for way in followers(organisation.constitution, group.body.key, group.seat_key):
        target = SeatGroup.objects.filter(organisation=organisation, body__key=way.body,
                                          seat_key=way.seat, active=True).first()
        if target is None:
            continue
        _seat(actor, organisation=organisation, seat_group=target, member=office.member,
              starts_on=office.starts_on, ends_on=office.ends_on,
              how=f"ex officio, as {group} (rule {way.rule})", route="ex-officio",
              reference=f"holding:{office.pk}", authority=authority, follows=office)


@acts(Route.FOUNDING)
@transaction.atomic
def seat_founder(actor: Actor, *, organisation: Organisation, seat_group: SeatGroup,
                 member: Member, starts_on: date | None = None) -> SeatHolding:
    """The founders name a first holder of a seat the constitution's [founding] lists: the
    one time a seat is filled without its route, and only until the founding is recorded."""
    way = way_of_group(organisation, seat_group)
    rule = way.founding_rule or way.rule
    if actor.is_member:
        raise _refuse("only the founders fill seats at founding, through the command that "
                      "sets the organisation up; no member can.", rule)
    founded = founding_recorded(organisation)
    if founded is not None:
        raise _refuse(f"the founding was recorded on {founded.at:%-d %B %Y}; "
                      f"{seat_group} is now filled only by {ROUTE_WORDS[way.route]}.", rule)
    if not way.founding:
        raise _refuse(f"the founders do not fill {seat_group}; it is filled by "
                      f"{ROUTE_WORDS[way.route]} (rule {way.rule}).", rule)
    starts_on = starts_on or clock.today()
    authority = plain(Route.FOUNDING, "by the founders, when the organisation was set up",
                      rule=rule)
    # Open-ended: founders hold their seats until the first election to them replaces them
    # (the compliance page flags a term run past the body's term length).
    return _seat(actor, organisation=organisation, seat_group=seat_group, member=member,
                 starts_on=starts_on, ends_on=None,
                 how=f"named by the founders (rule {rule})", route=Route.FOUNDING,
                 reference="", authority=authority)


@acts(Route.FOUNDING)
@transaction.atomic
def record_founding(actor: Actor, *, organisation: Organisation) -> list[SeatHolding]:
    """Close the founding: from now on every seat is filled only by its own route."""
    founding = organisation.constitution.founding
    rule = founding.rule if founding is not None else ""
    if actor.is_member:
        raise _refuse("only the founders record the founding, through the command that sets "
                      "the organisation up.", rule)
    if founding_recorded(organisation) is not None:
        raise Conflict("The founding of this organisation was recorded already.")
    holdings = list(SeatHolding.objects.filter(organisation=organisation, route=Route.FOUNDING)
                    .select_related("member", "seat_group__body").order_by("pk"))
    if not holdings:
        raise InvalidInput("Name at least one founder in a seat before recording the founding.")
    append_event(
        organisation, kind="founding.recorded", actor=actor.name,
        authority=plain(Route.FOUNDING, "by the founders, when the organisation was set up",
                        rule=rule),
        data={"rule": rule, "seats": [
            {"body": h.seat_group.body.key, "seat": h.seat_group.seat_key,
             "holder": h.member.name, "member": h.member_id} for h in holdings]},
    )
    return holdings


@acts(Route.FOUNDING)
@transaction.atomic
def found_organisation(actor: Actor, *, constitution_text: str,
                       founders: list[tuple[str, str]] | None = None,
                       ) -> tuple[Organisation, list[SeatHolding]]:
    """Set an organisation up from its constitution and seat its founding officers, once.

    ``founders`` are (name, email) pairs from the command line: they take the founding
    seats that are officer seats, in the constitution's order, one each. Without them the
    constitution's own [[founding.founders]] are seated. Each founder is added to the register
    (they sign in by claiming their account with that email), seated, and the founding is
    recorded: from then on no seat is filled without its route.
    """
    if actor.is_member:
        raise AuthorityRefused("Only the founders set an organisation up, from the command "
                               "line; no member can.")
    organisation = create_organisation(actor, constitution_text=constitution_text)
    constitution = organisation.constitution
    founding = constitution.founding
    if founding is None:
        raise InvalidInput("The constitution has no [founding] table naming the seats the "
                           "founders fill, so nobody could hold a seat to run it; add one "
                           "(see docs/constitution.md, \"Seats' routes\").")
    if founders:
        officer_seats = [ref for ref in founding.seats if constitution.body(
            ref.partition("/")[0]).seat(ref.partition("/")[2]).officer]
        if len(founders) > len(officer_seats):
            raise InvalidInput(
                f"{len(founders)} founders were named, but rule {founding.rule} has "
                f"{len(officer_seats)} founding officer seat"
                f"{'s' if len(officer_seats) != 1 else ''} ({', '.join(officer_seats)}).",
                field="founders")
        plan = [(ref, name, email) for ref, (name, email) in zip(officer_seats, founders,
                                                                  strict=False)]
    else:
        plan = [(f.seat, f.name, f.email) for f in founding.founders]
    if not plan:
        raise InvalidInput(f"Name the founding officers (rule {founding.rule}): give "
                           "--founders, or list [[founding.founders]] in the constitution.",
                           field="founders")
    holdings = []
    for ref, name, email in plan:
        body_key, _, seat_key = ref.partition("/")
        group = SeatGroup.objects.filter(organisation=organisation, body__key=body_key,
                                         seat_key=seat_key, active=True).first()
        if group is None:
            raise InvalidInput(f"{ref} has no places of its own to fill at founding.")
        member = Member.objects.filter(organisation=organisation,
                                       email__iexact=email.strip()).first()
        if member is None:
            member = add_member(actor, organisation=organisation, name=name, email=email)
        holdings.append(seat_founder(actor, organisation=organisation, seat_group=group,
                                     member=member))
    record_founding(actor, organisation=organisation)
    return organisation, holdings


@acts(Route.ELECTION)
@transaction.atomic
def seat_elected(actor: Actor, *, organisation: Organisation, authority: Authority,
                 seat_group: SeatGroup, member: Member, starts_on: date,
                 ends_on: date | None) -> SeatHolding:
    """Seat a member whom a declared election result elected to ``seat_group``. The result is
    the authority, not a power of ``actor`` (the returning officer, or the timetable)."""
    way = way_of_group(organisation, seat_group)
    authority = _fresh(organisation, authority, Route.ELECTION,
                       act=f"Filling {seat_group}", rule=way.rule)
    facts = authority.facts
    if way.route not in ("elected", "public-office"):
        raise _refuse(f"{seat_group} is filled by {ROUTE_WORDS[way.route]}, not by "
                      "election.", way.rule)
    if facts.get("seat_group") != seat_group.pk:
        raise _refuse(f"{authority.text} filled {facts.get('seat_name')}, not "
                      f"{seat_group}.", way.rule)
    if member.pk not in facts.get("elected_members", ()):
        raise _refuse(f"{member.name} was not declared elected ({authority.text}).", way.rule,
                      field="member")
    return _seat(actor, organisation=organisation, seat_group=seat_group, member=member,
                 starts_on=starts_on, ends_on=ends_on, how=f"elected: {facts.get('title')}",
                 route=Route.ELECTION, reference=authority.reference, authority=authority)


def _nominating_affiliate(organisation: Organisation, nominator: Member, group: SeatGroup,
                          way: Way) -> Affiliate:
    spec = organisation.constitution.body(group.body.key).seat(group.seat_key)
    if group.affiliate_id is not None:
        # Read now, not from the seat group's cached row: the contact may have just changed.
        affiliate = Affiliate.objects.get(pk=group.affiliate_id)
        if affiliate.contact_id != nominator.pk:
            raise _refuse(f"only the contact {affiliate.name} names nominates its "
                          f"representatives; {nominator.name} is not its contact.", way.rule)
        return affiliate
    # A count of places shared among every affiliate of the kind: the nominator's own.
    mine = Affiliate.objects.filter(organisation=organisation, kind=spec.nominated_by,
                                    contact=nominator, disaffiliated_on=None)
    if spec.requires_fee:
        paid = AffiliationFee.objects.filter(year=clock.today().year)
        mine = mine.filter(pk__in=paid.values("affiliate_id"))
    affiliate = mine.order_by("pk").first()
    if affiliate is None:
        kind = organisation.constitution.affiliate_kind(spec.nominated_by or "")
        fee = " whose fee for the year is paid" if spec.requires_fee else ""
        raise _refuse(f"places in {group} are nominated by the contacts of affiliated "
                      f"{kind.name.lower()}s{fee}; {nominator.name} is not one.", way.rule)
    return affiliate


@acts(Route.NOMINATION)
@transaction.atomic
def nominate_to_seat(nominator: Member, *, organisation: Organisation, seat_group: SeatGroup,
                     member: Member, starts_on: date | None = None) -> SeatHolding:
    """An affiliate's authorised nominator (its contact) nominates a member to one of its
    places; the nomination is recorded and is the seat's authority."""
    if seat_group.organisation_id != organisation.pk:
        raise NotFound("No such seat.")
    way = way_of_group(organisation, seat_group)
    if way.route != "nominated":
        raise _refuse(f"{seat_group} is filled by {ROUTE_WORDS[way.route]}, not by an "
                      "affiliate's nomination.", way.rule)
    affiliate = _nominating_affiliate(organisation, nominator, seat_group, way)
    nomination = SeatNomination.objects.create(
        organisation=organisation, seat_group=seat_group, affiliate=affiliate, member=member,
        nominated_by=nominator, recorded_at=clock.now())
    authority = resolve(organisation, Route.NOMINATION, nomination.pk)
    starts_on = starts_on or clock.today()
    return _seat(nominator, organisation=organisation, seat_group=seat_group, member=member,
                 starts_on=starts_on, ends_on=_term_end(organisation, seat_group, starts_on),
                 how=f"nominated by {affiliate.name}", route=Route.NOMINATION,
                 reference=authority.reference, authority=authority)


@acts(Route.DECISION)
@transaction.atomic
def co_opt(actor: Actor, *, organisation: Organisation, authority: Authority,
           seat_group: SeatGroup, member: Member, starts_on: date | None = None,
           ends_on: date | None = None) -> SeatHolding:
    """Fill a vacancy by a decision of the seat's own body, where the constitution provides
    co-option to the seat, by the kind of decision (and so the majority) it names."""
    if seat_group.organisation_id != organisation.pk:
        raise NotFound("No such seat.")
    way = way_of_group(organisation, seat_group)
    if way.co_option is None:
        raise _refuse(f"the constitution provides no co-option to {seat_group}; it is "
                      f"filled by {ROUTE_WORDS[way.route]}.", way.rule)
    rule = way.co_option_rule
    authority = _fresh(organisation, authority, Route.DECISION,
                       act=f"Co-opting a member to {seat_group}", rule=rule)
    _check_decision(organisation, authority, body=seat_group.body,
                    decision_key=way.co_option, rule=rule, what=f"co-opt to {seat_group}")
    _unused(organisation, authority, rule)
    if seat_group.region_id is not None and member.region_id != seat_group.region_id:
        raise _refuse(f"a place for the {seat_group.region} region goes to a member of that "
                      f"region; {member.name} is not one.", rule, field="member")
    starts_on = starts_on or clock.today()
    return _seat(actor, organisation=organisation, seat_group=seat_group, member=member,
                 starts_on=starts_on,
                 ends_on=ends_on or _term_end(organisation, seat_group, starts_on),
                 how=f"co-opted by decision {authority.facts.get('decision')} of the "
                     f"{authority.facts.get('body_name')}",
                 route=Route.DECISION, reference=authority.reference, authority=authority)


# --- the routes out of a seat ---


def _ways_out(way: Way, holder: str) -> str:
    ways = [f"{holder}'s resignation"]
    if way.recall:
        ways.append("a carried recall ballot")
    if way.removal:
        ways.append(f"a decision of the body of the kind '{way.removal}'")
    return ", ".join(ways[:-1]) + (" or " if len(ways) > 1 else "") + ways[-1]


@acts(Route.SELF, Route.DECISION, Route.BALLOT, Route.ELECTION)
@transaction.atomic
def end_term(actor: Actor, *, organisation: Organisation, holding: SeatHolding,
             ends_on: date | None = None, reason: str = "",
             authority: Authority | None = None) -> SeatHolding:
    """End a term before its end: the holder resigning (no authority: the holder is the
    actor), or a removal resting on a carried recall ballot, a decision of the body of the
    kind the constitution names for removal, or a new election's result for the seat."""
    if holding.organisation_id != organisation.pk:
        raise NotFound("No such seat holding.")
    holding = SeatHolding.objects.select_for_update().select_related(
        "seat_group__body", "member").get(pk=holding.pk)
    group = holding.seat_group
    way = way_of_group(organisation, group)
    rule = way.removal_rule or way.rule
    today = clock.today()
    if holding.ends_on is not None and holding.ends_on <= today:
        raise Conflict(f"{holding.member.name}'s term as {group} ended already.")
    if holding.follows_id is not None:
        raise _refuse(f"{group} is held ex officio: it ends when the office it follows does.",
                      way.rule)
    reference = ""
    if authority is None:
        if not (actor.is_member and actor.pk == holding.member_id):
            raise _refuse(f"before the end of the term only {_ways_out(way, holding.member.name)}"
                          f" can end a term as {group}.", rule)
        route, reason = Route.SELF, reason.strip() or "resigned"
        authority = plain(Route.SELF, f"by the resignation of {holding.member.name}")
    elif authority.route == Route.DECISION:
        if way.removal is None:
            raise _refuse(f"no decision of a body can remove a holder of {group}; only "
                          f"{_ways_out(way, holding.member.name)} can end the term early.", rule)
        authority = _fresh(organisation, authority, Route.DECISION,
                           act=f"Removing a holder of {group}", rule=rule)
        _check_decision(organisation, authority, body=group.body, decision_key=way.removal,
                        rule=rule, what=f"remove a holder of {group}")
        _unused(organisation, authority, rule)
        route, reference = Route.DECISION, authority.reference
        reason = reason.strip() or f"removed by decision {authority.facts.get('decision')}"
    elif authority.route == Route.BALLOT:
        if not way.recall:
            raise _refuse(f"the constitution provides no recall from {group}.", rule)
        authority = _fresh(organisation, authority, Route.BALLOT,
                           act=f"Recalling a holder of {group}", rule=rule)
        facts = authority.facts
        if facts.get("recall_member") != holding.member_id or facts.get("carried") is False:
            raise _refuse(f"{authority.text} is not a carried recall of "
                          f"{holding.member.name}.", rule)
        _unused(organisation, authority, rule)
        route, reference = Route.BALLOT, authority.reference
        reason = reason.strip() or "recalled by a members' ballot"
    else:
        authority = _fresh(organisation, authority, Route.ELECTION,
                           act=f"Ending a term as {group}", rule=way.rule)
        if authority.facts.get("seat_group") != group.pk:
            raise _refuse(f"{authority.text} was for {authority.facts.get('seat_name')}, not "
                          f"{group}.", way.rule)
        route, reference = Route.ELECTION, authority.reference
        reason = reason.strip() or f"term ended at {authority.facts.get('title')}"
    ends_on = ends_on or today
    if ends_on < today or ends_on < holding.starts_on:
        raise InvalidInput("A term cannot be ended on a day already past.", field="ends_on")
    _close(actor, organisation=organisation, holding=holding, ends_on=ends_on, reason=reason,
           route=route, reference=reference, authority=authority)
    return holding


def _close(actor: Actor, *, organisation: Organisation, holding: SeatHolding, ends_on: date,
           reason: str, route: str, reference: str, authority: Authority | None) -> None:
    holding.ends_on, holding.ended_route, holding.ended_reference = ends_on, route, reference
    holding.save(update_fields=["ends_on", "ended_route", "ended_reference"])
    group = holding.seat_group
    append_event(
        organisation, kind="seat.vacated", actor=actor.name, authority=authority,
        data={"body": group.body.key, "seat": group.seat_key, "label": group.label,
              "holder": holding.member.name, "member": holding.member_id,
              "ends_on": ends_on.isoformat(), "reason": reason},
    )
    for follower in holding.followers.filter(ends_on__isnull=True) | holding.followers.filter(
            ends_on__gt=ends_on):
        _close(actor, organisation=organisation, holding=follower, ends_on=ends_on,
               reason=f"{reason} (ex officio, with {group})", route=route,
               reference=reference, authority=authority)
