"""The compliance record's registry: every rule that can be checked mechanically, checked.

Each app registers the checks on its own records from its ``AppConfig.ready()`` (meetings:
notice, papers, minutes; ballots: stalled ballots; members: lapsing; ...), so the page (and
any app above) can list every check without core or the page importing the apps that own the
rules. A check is a read: nothing is stored, so the page is always what the record says now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from openassembly.core import clock
from openassembly.core.models import Organisation


@dataclass(frozen=True)
class Finding:
    """One thing checked against one rule: kept (ok), broken (not ok), or kept but at risk
    (ok and ``at_risk``: a deadline not yet passed, an act waiting on someone)."""

    ok: bool
    subject: str
    rule: str
    reason: str
    url: str = ""
    at_risk: bool = False

    @property
    def state(self) -> str:
        """How the rule stands, in the page's words."""
        if not self.ok:
            return BROKEN
        return AT_RISK if self.at_risk else KEPT


BROKEN, AT_RISK, KEPT = "broken", "at risk", "kept"
NOTHING = "Nothing to check."
STATES = (BROKEN, AT_RISK, KEPT)  # the order the page lists them in


@dataclass(frozen=True)
class Group:
    """Findings of one check that stand the same way under the same rule: one line on the page
    ("3 papers circulated late, rule 6.5"), however many things it covers."""

    rule: str
    state: str
    findings: tuple[Finding, ...]

    @property
    def count(self) -> int:
        return len(self.findings)

    @property
    def reason(self) -> str:
        """The reason, when every finding in the group gives the same one; else empty, and
        each subject is shown with its own."""
        reasons = {f.reason for f in self.findings}
        return reasons.pop() if len(reasons) == 1 else ""


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    findings: list[Finding]
    empty: str = NOTHING  # what the page says when there is nothing to list

    @property
    def breaches(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]

    @property
    def risks(self) -> list[Finding]:
        return [f for f in self.findings if f.ok and f.at_risk]

    @property
    def kept(self) -> list[Finding]:
        return [f for f in self.findings if f.state == KEPT]

    @property
    def groups(self) -> list[Group]:
        """The findings grouped by rule and how it stands: broken first, then at risk, then
        kept, each in the order the check found them."""
        grouped: dict[tuple[str, str], list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault((finding.state, finding.rule), []).append(finding)
        return [Group(rule=rule, state=state, findings=tuple(found))
                for (state, rule), found in sorted(grouped.items(),
                                                   key=lambda kv: STATES.index(kv[0][0]))]


@dataclass(frozen=True)
class Summary:
    """The page's opening lines: every finding of every check counted by how it stands, and
    every rule checked, counted by its worst finding (a rule broken once is broken)."""

    checks: int
    kept: int
    broken: int
    at_risk: int
    rules_kept: int
    rules_broken: int
    rules_at_risk: int

    @property
    def total(self) -> int:
        return self.kept + self.broken + self.at_risk

    @property
    def rules(self) -> int:
        return self.rules_kept + self.rules_broken + self.rules_at_risk


def summarise(checks: list[Check]) -> Summary:
    findings = [f for check in checks for f in check.findings]
    worst: dict[str, int] = {}
    for finding in findings:
        if finding.rule:  # an action's own deadline is the meeting's, not a rule's
            rank = STATES.index(finding.state)
            worst[finding.rule] = min(worst.get(finding.rule, rank), rank)
    ranks = list(worst.values())
    return Summary(
        checks=len(checks),
        kept=sum(f.state == KEPT for f in findings),
        broken=sum(f.state == BROKEN for f in findings),
        at_risk=sum(f.state == AT_RISK for f in findings),
        rules_kept=ranks.count(STATES.index(KEPT)),
        rules_broken=ranks.count(STATES.index(BROKEN)),
        rules_at_risk=ranks.count(STATES.index(AT_RISK)),
    )


Run = Callable[[Organisation, datetime], list[Finding]]


@dataclass(frozen=True)
class Spec:
    key: str
    title: str
    run: Run
    order: int = 100  # where the check comes on the page, lowest first
    empty: str = NOTHING


_SPECS: dict[str, Spec] = {}


def register(key: str, title: str, run: Run, *, order: int = 100, empty: str = NOTHING) -> None:
    """Add a check; registering the same one again (a second ``ready()``) changes nothing."""
    existing = _SPECS.get(key)
    if existing is not None and (existing.title, existing.run) != (title, run):
        raise ValueError(f"Two different compliance checks are named '{key}'.")
    _SPECS[key] = Spec(key=key, title=title, run=run, order=order, empty=empty)


def compliance(organisation: Organisation, now: datetime | None = None) -> list[Check]:
    """Every registered check, run now, in page order."""
    now = now or clock.now()
    specs = sorted(_SPECS.values(), key=lambda s: (s.order, s.key))
    return [Check(s.key, s.title, s.run(organisation, now), s.empty) for s in specs]
