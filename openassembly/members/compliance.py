"""The register's checks on the compliance record: lapsing kept to the dues rule.

Counts only, never names: how many members lapsed on each day, how many are in arrears and
will lapse unless they pay, and (a breach) how many are past the grace period yet still on the
rolls because the timetable has not lapsed them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce

from openassembly.core import compliance as registry
from openassembly.core.compliance import Finding
from openassembly.core.models import Organisation

from .models import Member, StandingChange


def _members(n: int) -> str:
    return f"{n} member{'' if n == 1 else 's'}"


def lapsing(organisation: Organisation, now: datetime) -> list[Finding]:
    dues = organisation.constitution.dues
    if dues is None:
        return []
    today = now.date()
    found: list[Finding] = []
    grace_from = today - timedelta(days=dues.grace_days)
    cutoff = today - timedelta(days=dues.grace_days + 1)
    # One query for both counts: a member with nothing recorded owes from the day they joined.
    owed = Coalesce("dues_paid_to", "joined_on")
    in_grace = Q(owed__lt=today, owed__gte=grace_from)
    counts = (Member.objects.filter(organisation=organisation, status=Member.Status.ACTIVE)
              .annotate(owed=owed)
              .aggregate(overdue=Count("pk", filter=Q(owed__lte=cutoff)),
                         at_risk=Count("pk", filter=in_grace),
                         first=Min("owed", filter=in_grace)))
    if counts["overdue"]:
        found.append(Finding(
            ok=False,
            subject=f"{_members(counts['overdue'])} past the grace period still on the rolls",
            rule=dues.grace_rule,
            reason=f"Rule {dues.grace_rule} lapses a member whose dues are unpaid "
                   f"{dues.grace_days} days after the date they were paid to; these have not "
                   "lapsed, so they would be counted on rolls they should have left."))
    if counts["at_risk"]:
        found.append(Finding(
            ok=True, at_risk=True, subject=f"{_members(counts['at_risk'])} in arrears",
            rule=dues.grace_rule,
            reason=f"Within the grace period of rule {dues.grace_rule}: the first will lapse on "
                   f"{dues.lapses_on(counts['first']):%-d %B %Y} unless their dues are paid "
                   f"(rule {dues.rule})."))
    days = (StandingChange.objects.filter(organisation=organisation,
                                          cause=StandingChange.Cause.LAPSED)
            .values("on", "rule").annotate(n=Count("pk")).order_by("-on"))
    for row in days:
        found.append(Finding(
            ok=True, subject=f"{_members(row['n'])} lapsed on {row['on']:%-d %B %Y}",
            rule=row["rule"],
            reason=f"Their dues were unpaid past the grace period of rule {row['rule']}; they "
                   "left the rolls of every vote and meeting from that day."))
    return found


def register() -> None:
    registry.register("lapsing", "Members lapsed under the dues rule", lapsing, order=200)
