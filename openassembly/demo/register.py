"""The demo's dues: every member's dues record, a few members in the grace period, and a lapse
on the record, so the roll every page counts is the one the dues rule leaves.

Payments go through the treasurer's service, one a year from the day each member joined, as a
treasurer would have recorded them. A few members who joined over a year ago have not renewed
and are in the grace period of rule 2.4; a few who joined more than the grace period ago never
paid, and the timetable lapses them as the demo loads. Nobody who holds a seat lapses, so every
body's meetings and votes stay as the meetings demo records them.
"""

from __future__ import annotations

import random
from datetime import timedelta

from openassembly.bodies.models import SeatHolding
from openassembly.core import clock
from openassembly.core.actors import System
from openassembly.core.models import Organisation
from openassembly.members.models import Member
from openassembly.members.services_dues import lapse_members_in_arrears, record_dues_payment

IN_GRACE = 3
NEVER_PAID = 4


def load_dues_demo(organisation: Organisation, *, treasurer: Member, seed: int = 2026) -> dict:
    """Record the demo's dues and lapse those in arrears; which members are which, by id."""
    rng = random.Random(seed + 23)
    dues = organisation.constitution.dues
    assert dues is not None, "the demo constitution sets dues (rule 2.3)"
    today = clock.today()
    seated = set(SeatHolding.objects.filter(seat_group__organisation=organisation)
                 .values_list("member_id", flat=True))
    members = list(Member.objects.filter(organisation=organisation).order_by("pk"))
    free = [m for m in members if m.pk not in seated and m.user_id is None]
    # Paid once, on joining, a little over a year ago: paid to a day within the last 55 days.
    # Still active in grace, so they may hold seats; those who lapse hold none.
    lapsing_soon = [m for m in members if m.user_id is None
                    and today - timedelta(days=420) <= m.joined_on <= today - timedelta(days=372)]
    grace = rng.sample(lapsing_soon, min(IN_GRACE, len(lapsing_soon)))
    old_enough = [m for m in free if m not in grace
                  and m.joined_on <= today - timedelta(days=dues.grace_days + 1)]
    never = rng.sample(old_enough, min(NEVER_PAID, len(old_enough)))
    skip = {m.pk for m in never}
    once = {m.pk for m in grace}
    for member in members:
        if member.pk in skip:
            continue
        payment = record_dues_payment(treasurer, organisation=organisation, member=member,
                                      amount_pence=dues.period_pence(), paid_on=member.joined_on)
        while member.pk not in once and payment.paid_to <= today:
            payment = record_dues_payment(treasurer, organisation=organisation, member=member,
                                          amount_pence=dues.period_pence(),
                                          paid_on=payment.paid_to)
    lapsed = lapse_members_in_arrears(System("the timetable"), organisation=organisation)
    return {"in_grace": sorted(once), "lapsed": sorted(skip), "count": lapsed}
