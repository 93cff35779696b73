"""Reads for the public record: the ledger as sentences people can read."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from openassembly.ballots.models import Poll
from openassembly.core.event_text import Described, describe
from openassembly.core.models import LedgerEvent, Organisation
from openassembly.record.charts import TurnoutPoint

LEDGER_PAGE_SIZE = 50


@dataclass(frozen=True)
class EventLine:
    """One event as the record shows it: the sentence first, the kind and data for checkers."""

    described: Described

    @property
    def event(self) -> LedgerEvent:
        return self.described.event

    @property
    def sentence(self) -> str:
        return self.described.sentence

    @property
    def label(self) -> str:
        return self.described.label

    @property
    def data_json(self) -> str:
        # JSON, as the export and the hash have it, not Python's repr of a dict.
        return json.dumps(self.event.data, ensure_ascii=False, sort_keys=True)


def _lines(organisation: Organisation, rows: list[LedgerEvent]) -> list[EventLine]:
    for row in rows:
        row.organisation = organisation  # links and feeds need it: no query per row
    return [EventLine(d) for d in describe(organisation, rows)]


def recent_events(organisation: Organisation, *, limit: int = 10) -> list[EventLine]:
    rows = list(LedgerEvent.objects.filter(organisation=organisation).order_by("-id")[:limit])
    return _lines(organisation, rows)


def ledger_page(
    organisation: Organisation, number: str | int | None
) -> tuple[Page, list[EventLine]]:
    """One page of the ledger, newest first, each event with its sentence; names are looked up
    once per kind of thing on the page, so the page costs the same for 5 events or 50."""
    events = (
        LedgerEvent.objects.filter(organisation=organisation)
        .select_related("checkpoint")
        .order_by("-id")
    )
    page = Paginator(events, LEDGER_PAGE_SIZE).get_page(number)
    return page, _lines(organisation, list(page.object_list))


def turnout_history(organisation: Organisation) -> list[TurnoutPoint]:
    """Each ballot whose voting has closed, not cancelled, with its turnout, oldest first."""
    polls = (Poll.objects.filter(organisation=organisation, roll_size__gt=0,
                                 status__in=[Poll.Status.CLOSED, Poll.Status.COUNTED,
                                             Poll.Status.DECLARED])
             .order_by("closes_at", "pk").only("title", "closes_at", "voters_count", "roll_size"))
    return [TurnoutPoint(label=p.title, when=p.closes_at.date(), voters=p.voters_count,
                         roll=p.roll_size) for p in polls]
