"""Reads for the public record: the ledger as sentences people can read."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from openassembly.core.event_text import Described, describe
from openassembly.core.models import LedgerEvent, Organisation

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
