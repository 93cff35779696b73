"""The compliance record's check on acts of power refused: who tried an act the constitution
did not let them do, what, and which rule refused it.

The refusals are on the ledger (core/authority.py writes them), so this check only reads them
back; it lives here, with the ledger page the findings link to, and is registered from this
app's ``ready()``. A refusal is the rule holding, so it is listed as kept: members see who
tried to step round the rules, and that they could not.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from openassembly.core import compliance as registry
from openassembly.core.compliance import Finding
from openassembly.core.models import LedgerEvent, Organisation

from .selectors import LEDGER_PAGE_SIZE

RECENT = timedelta(days=365)
SHOWN = 50


def refused_acts(organisation: Organisation, now: datetime) -> list[Finding]:
    """The refusals of the last year, newest first, each linked to its line on the ledger."""
    newer = (LedgerEvent.objects.filter(organisation=organisation, pk__gt=OuterRef("pk"))
             .order_by().values("organisation").annotate(n=Count("pk")).values("n"))
    events = (LedgerEvent.objects.filter(organisation=organisation, kind="power.refused",
                                         at__gte=now - RECENT)
              .annotate(newer=Coalesce(Subquery(newer), 0)).order_by("-id")[:SHOWN])
    ledger = reverse("record:ledger", kwargs={"org": organisation.slug})
    findings = []
    for event in events:
        data = event.data
        findings.append(Finding(
            ok=True,
            # The power's name is in the reason, with the seats that hold it.
            subject=f"{event.actor or 'Someone'} tried to {data.get('act', 'act')}",
            rule=data.get("rule", ""),
            reason=f"Refused on {timezone.localtime(event.at):%-d %B %Y}; nothing changed. "
                   f"{data.get('reason', '')}".strip(),
            url=f"{ledger}?page={event.newer // LEDGER_PAGE_SIZE + 1}#e-{event.pk}",
        ))
    return findings


def register() -> None:
    registry.register("refused", "Acts of power refused", refused_acts, order=900,
                      empty="No act of power was refused in the last year.")
