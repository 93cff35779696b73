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


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    findings: list[Finding]

    @property
    def breaches(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]

    @property
    def risks(self) -> list[Finding]:
        return [f for f in self.findings if f.ok and f.at_risk]


Run = Callable[[Organisation, datetime], list[Finding]]


@dataclass(frozen=True)
class Spec:
    key: str
    title: str
    run: Run
    order: int = 100  # where the check comes on the page, lowest first


_SPECS: dict[str, Spec] = {}


def register(key: str, title: str, run: Run, *, order: int = 100) -> None:
    """Add a check; registering the same one again (a second ``ready()``) changes nothing."""
    existing = _SPECS.get(key)
    if existing is not None and (existing.title, existing.run) != (title, run):
        raise ValueError(f"Two different compliance checks are named '{key}'.")
    _SPECS[key] = Spec(key=key, title=title, run=run, order=order)


def compliance(organisation: Organisation, now: datetime | None = None) -> list[Check]:
    """Every registered check, run now, in page order."""
    now = now or clock.now()
    specs = sorted(_SPECS.values(), key=lambda s: (s.order, s.key))
    return [Check(s.key, s.title, s.run(organisation, now)) for s in specs]
