"""Who becomes a member, and when a new member may vote, stand and sign.

One optional table of the constitution, ``[admission]``:

``route`` says how an applicant (someone who signed up and confirmed their address) becomes a
member: ``"officer"`` (an officer holding the named ``power`` approves), ``"decision"`` (a
decision of the kind named by ``decision``, one of the ``[[decisions]]``, which says the body
and the majority) or ``"dues"`` (recording their first payment of dues admits them; the
constitution must then have a ``[dues]`` table). ``rule`` is the rule that says so.

``qualifying_days`` is the qualifying period (the rule many constitutions call a freeze date):
the whole days of membership before a member may vote in a members' ballot or election, stand
as a candidate or sign a petition or requisition. ``vote_days``, ``stand_days`` and
``sign_days`` set one act's period apart from the others. ``qualifying_rule`` is the rule that
sets them.

A constitution without the table admits a confirmed sign-up at once and sets no qualifying
period: the behaviour of an organisation that never wrote such a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import model_validator

from openassembly.rules.base import RuleNumber, Slug, _Model
from openassembly.rules.bounds import MAX_EFFECTIVE_DAYS, bounded_int

# Up to ten years: far beyond any real qualifying period (a year is the longest seen), and
# short enough that the date arithmetic below can never overflow.
QualifyingDays = bounded_int(0, MAX_EFFECTIVE_DAYS)

ACTS = ("vote", "stand", "sign")
WORDS = {"vote": "vote", "stand": "stand as a candidate", "sign": "sign a petition"}


class Admission(_Model):
    """How an applicant becomes a member, and the qualifying period before they may act."""

    rule: RuleNumber  # the rule on admission
    route: Literal["officer", "decision", "dues"]
    power: Slug | None = None  # route "officer": the power that approves applications
    decision: Slug | None = None  # route "decision": the [[decisions]] kind that admits
    qualifying_rule: RuleNumber | None = None  # the rule setting the qualifying period
    qualifying_days: QualifyingDays = 0  # type: ignore[valid-type]
    vote_days: QualifyingDays | None = None  # type: ignore[valid-type]
    stand_days: QualifyingDays | None = None  # type: ignore[valid-type]
    sign_days: QualifyingDays | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _route_named(self) -> Admission:
        if self.route == "officer" and self.power is None:
            raise ValueError("route = \"officer\" needs power = the power that approves "
                             "applications, e.g. power = \"admit-members\"")
        if self.route == "decision" and self.decision is None:
            raise ValueError("route = \"decision\" needs decision = the key of the "
                             "[[decisions]] kind that admits members")
        if self.route != "officer" and self.power is not None:
            raise ValueError(f"power is for route = \"officer\"; this route is {self.route!r}")
        if self.route != "decision" and self.decision is not None:
            raise ValueError(f"decision is for route = \"decision\"; this route is "
                             f"{self.route!r}")
        periods = (self.qualifying_days, self.vote_days, self.stand_days, self.sign_days)
        if self.qualifying_rule is None and any(periods):
            raise ValueError("a qualifying period needs qualifying_rule = the rule that sets it")
        return self

    def days(self, act: str) -> int:
        """The qualifying period for ``act`` (one of ``ACTS``), in days."""
        if act not in ACTS:
            raise ValueError(f"{act!r} is not one of {ACTS}")
        own = getattr(self, f"{act}_days")
        return self.qualifying_days if own is None else own

    def qualifies_on(self, joined_on: date, act: str) -> date:
        """The first day a member who joined on ``joined_on`` may ``act``: the period counts
        whole days from the day they joined, so with 28 days a member who joined on 1 March
        may act from 29 March."""
        return joined_on + timedelta(days=self.days(act))

    def latest_joining(self, on: date, act: str) -> date:
        """The latest day a member can have joined and still ``act`` on ``on``."""
        return on - timedelta(days=self.days(act))


def problems(c: Any, rule_ref: Callable[[str, str | None], None]) -> list[tuple[str, str]]:
    """The whole-document checks of ``[admission]``, as ``_cross_check`` collects them."""
    found: list[tuple[str, str]] = []
    admission = c.admission
    if admission is None:
        return found
    rule_ref("admission.rule", admission.rule)
    rule_ref("admission.qualifying_rule", admission.qualifying_rule)
    if admission.power is not None and admission.power not in {p.name for p in c.powers}:
        found.append(("admission.power", f"{admission.power!r} is not one of the [[powers]]"))
    if admission.decision is not None and admission.decision not in {d.key for d in c.decisions}:
        found.append(("admission.decision",
                      f"{admission.decision!r} is not one of the [[decisions]]"))
    if admission.route == "dues" and c.dues is None:
        found.append(("admission.route", "route = \"dues\" admits on the first payment of "
                                         "dues, but the constitution has no [dues] table"))
    return found
