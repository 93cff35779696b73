"""What the constitution says about one body, read from the organisation's current version."""

from __future__ import annotations

from django.db.models import Q

from openassembly.bodies.models import Body, SeatHolding
from openassembly.core import clock
from openassembly.members import eligibility
from openassembly.members.models import Member
from openassembly.rules import model as rules

from .models import Motion


def spec(body: Body) -> rules.Body:
    return body.organisation.constitution.body(body.key)


def _current(body: Body):
    today = clock.today()
    return SeatHolding.objects.filter(
        seat_group__body=body, seat_group__active=True, starts_on__lte=today,
        member__status=Member.Status.ACTIVE,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))


def voting_members(body: Body) -> dict[int, str]:
    """Member id -> the card-vote section they vote in ("" when the body has no sections)."""
    if body.kind == "all-members":
        # Every member whose qualifying period to vote has run (members/eligibility.py).
        ids = eligibility.qualified(body.organisation, "vote", clock.today()).values_list(
            "pk", flat=True)
        return dict.fromkeys(ids, "")
    sections = {seat: s.key for s in spec(body).sections for seat in s.seats}
    result: dict[int, str] = {}
    for member_id, seat_key in _current(body).values_list("member_id", "seat_group__seat_key"):
        result.setdefault(member_id, sections.get(seat_key, ""))
    return result


def is_voting_member(body: Body, member: Member | None) -> bool:
    if member is None or member.organisation_id != body.organisation_id:
        return False
    if member.status != Member.Status.ACTIVE:
        return False
    if body.kind == "all-members":
        return eligibility.may(member, "vote", clock.today())
    return _current(body).filter(member=member).exists()


def seats_filled(body: Body) -> int:
    """The people who hold the body's seats today; for an all-members body, the members
    entitled to vote today (members/eligibility.py), the same roll ``voting_members`` gives,
    so that a quorum is a share of those who could make it."""
    if body.kind == "all-members":
        return eligibility.qualified(body.organisation, "vote", clock.today()).count()
    return _current(body).values("member").distinct().count()


def decision_kind(body: Body, key: str) -> rules.Decision | None:
    if not key:
        return None
    try:
        return body.organisation.constitution.decision(key)
    except KeyError:
        return None


def conduct_rule(body: Body) -> str:
    orders = spec(body).standing_orders
    return orders.rule if orders is not None else body.rule


def majority_for(motion: Motion) -> rules.Majority:
    """The constitution's majority for this motion: its kind of decision's, or the body's."""
    decision = decision_kind(motion.meeting.body, motion.decision_key)
    if decision is not None and motion.kind == Motion.Kind.SUBSTANTIVE:
        return decision.majority
    return spec(motion.meeting.body).majority
