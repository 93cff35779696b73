"""A member's standing: the dues that keep it, and the decision that alone can take it away.

Two tables of the constitution, both optional:

``[dues]`` sets the annual dues, what one payment covers and the grace period after the paid-up
date; a member still in arrears when the grace period ends lapses, on the timetable, by the
rule named in ``grace_rule``. ``[discipline]`` names the kind of decision (one of the
``[[decisions]]``, which says the body and the majority) that alone may suspend, expel or
reinstate a member.

The tables are hooked into ``Constitution`` at the end of ``model.py``; the questions they
answer are here, so the apps ask the constitution, never do the arithmetic themselves.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from openassembly.rules.base import RuleNumber, Slug, _Model
from openassembly.rules.bounds import MAX_FEE_PENCE, Days, Months, bounded_int


def add_months(start: date, months: int) -> date:
    """``start`` moved on by whole months, kept to the last day of a shorter month
    (31 January + 1 month is 28 or 29 February)."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


class Dues(_Model):
    """What members pay to stay members, and when an unpaid member lapses."""

    rule: RuleNumber  # the rule setting the dues
    annual_pence: bounded_int(1, MAX_FEE_PENCE)  # type: ignore[valid-type]
    period_months: Months = 12  # type: ignore[valid-type]  # what one payment covers
    grace_days: Days = 0  # type: ignore[valid-type]
    grace_rule: RuleNumber  # the rule under which a member in arrears lapses

    def period_pence(self) -> int:
        """The dues for one period (``period_months`` of the year's ``annual_pence``)."""
        return -(-self.annual_pence * self.period_months // 12)

    def lapses_on(self, paid_to: date) -> date:
        """The first day a member paid up to ``paid_to`` is past the grace period."""
        return paid_to + timedelta(days=self.grace_days + 1)

    def in_grace(self, paid_to: date, today: date) -> bool:
        return paid_to < today < self.lapses_on(paid_to)

    def lapsed(self, paid_to: date, today: date) -> bool:
        return today >= self.lapses_on(paid_to)

    def period_start(self, *, paid_to: date, paid_on: date) -> date:
        """Where the periods a payment made on ``paid_on`` buys begin.

        A member not yet past the grace period pays the arrears: the new periods run on from
        the old paid-up date. A member who had lapsed starts again from the day they paid."""
        return paid_to if paid_on < self.lapses_on(paid_to) else paid_on

    def paid_to_after(self, *, paid_to: date, paid_on: date, periods: int) -> date:
        """The paid-up date after a payment of ``periods`` periods made on ``paid_on``."""
        start = self.period_start(paid_to=paid_to, paid_on=paid_on)
        return add_months(start, self.period_months * periods)


class Discipline(_Model):
    """Who may suspend, expel or reinstate a member: the body that makes ``decision``."""

    rule: RuleNumber  # the rule that says so
    decision: Slug  # the key of the [[decisions]] kind: its body and the majority it needs


def problems(c: Any, rule_ref: Callable[[str, str | None], None]) -> list[tuple[str, str]]:
    """The whole-document checks of these two tables, as ``_cross_check`` collects them
    (``c`` is the Constitution, which imports this module, so it is not named here)."""
    found: list[tuple[str, str]] = []
    if c.dues is not None:
        rule_ref("dues.rule", c.dues.rule)
        rule_ref("dues.grace_rule", c.dues.grace_rule)
    if c.discipline is not None:
        rule_ref("discipline.rule", c.discipline.rule)
        if c.discipline.decision not in {d.key for d in c.decisions}:
            found.append(("discipline.decision",
                          f"{c.discipline.decision!r} is not one of the [[decisions]]"))
    return found
