"""Ledger events as sentences people read: "Morwen Ashby called a meeting of the Organising
Group for 16 December 2026", not `meeting.called` and a dictionary.

A page describes its events in one go (`describe`): names that the data holds only as ids are
looked up once per kind of thing for the whole page, never once per row. Commitments are
never looked up: they stand for data the ledger must not carry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from . import events

if TYPE_CHECKING:
    from .models import Organisation

SYSTEM = "the system"


class Reading:
    """One event as a sentence function sees it: its data, its actor, and the page's names.

    A missing field raises KeyError, which `describe` turns into the plain fallback: events
    written before a field existed still show, just less fully.
    """

    def __init__(self, kind: str, actor: str | None, payload: Mapping[str, Any],
                 names: Mapping[tuple[str, Any], str] | None = None) -> None:
        self.kind = kind
        self.actor = actor
        self.data = payload
        self._names = names or {}

    @property
    def who(self) -> str:
        return self.actor or SYSTEM

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def has(self, key: str) -> bool:
        return self.data.get(key) not in (None, "", [], {})

    def name(self, thing: str, key: str) -> str:
        """The name of the thing the field `key` points at, or how its kind says it when the
        page has no name for it (deleted, or another organisation's)."""
        value = self.data[key]
        found = self._names.get((thing, value))
        if found:
            return found
        source = events.name_source(thing)
        return source.fallback(value) if source else f"{thing} {value}"

    def titled(self, thing: str, key: str) -> str:
        """Like `name`, but a found name (a title) is quoted: “Organising Group, spring”."""
        value = self.data[key]
        found = self._names.get((thing, value))
        return self.quoted(found) if found else self.name(thing, key)

    @staticmethod
    def quoted(text: Any) -> str:
        return f"“{text}”"

    @staticmethod
    def date(value: str) -> str:
        """An ISO date or datetime as "16 December 2026"."""
        return _format(value, "%-d %B %Y")

    @staticmethod
    def when(value: str) -> str:
        """An ISO datetime as "16 December 2026 at 19:00", in the site's time zone."""
        if len(value) <= 10:
            return _format(value, "%-d %B %Y")
        return _format(value, "%-d %B %Y at %H:%M")

    @staticmethod
    def count(n: int, singular: str, plural: str | None = None) -> str:
        return f"{n} {singular if n == 1 else (plural or singular + 's')}"

    @staticmethod
    def duration(seconds: int) -> str:
        minutes, rest = divmod(int(seconds), 60)
        if not minutes:
            return f"{rest} s"
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"

    @staticmethod
    def listing(items: Iterable[Any], *, empty: str = "nobody") -> str:
        items = [str(i) for i in items]
        if not items:
            return empty
        if len(items) == 1:
            return items[0]
        return ", ".join(items[:-1]) + " and " + items[-1]


def _format(value: str, pattern: str) -> str:
    parsed: date | datetime = datetime.fromisoformat(value)
    if isinstance(parsed, datetime) and len(value) > 10 and timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return parsed.strftime(pattern)


@dataclass(frozen=True)
class Described:
    """What a page shows for one event."""

    event: Any  # the LedgerEvent (or anything with pk, kind, actor, data, at)
    sentence: str
    label: str  # the kind as a person would name it, or the kind itself when unknown
    known: bool  # False for a kind no app declares (an event written by older code)


def fallback(kind: str, actor: str | None) -> str:
    spec = events.get(kind)
    what = spec.label if spec else f"An event of kind “{kind}”"
    return f"{what}, recorded by {actor}." if actor else f"{what}, recorded by {SYSTEM}."


def sentence(kind: str, actor: str | None, payload: Mapping[str, Any],
             names: Mapping[tuple[str, Any], str] | None = None) -> str:
    """One event as a sentence: the kind's own when it can be made, else the plain fallback."""
    spec = events.get(kind)
    if spec is None or not isinstance(payload, Mapping):
        return fallback(kind, actor)
    try:
        text = spec.sentence(Reading(kind, actor, payload, names))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        # Data written before a field existed, or shaped by older code: say what we can.
        return fallback(kind, actor)
    # Actors such as "the founding conference" or "petition 3 under rule 10.1" start lowercase.
    text = text.strip().rstrip(".")
    authority = payload.get(events.AUTHORITY_KEY)
    if isinstance(authority, Mapping) and authority.get("text"):
        text = f"{text}, {authority['text']}"
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def look_up_names(organisation: Organisation,
                  pairs: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[tuple[str, Any], str]:
    """Every name the given events point at: one query per kind of thing, whatever the count."""
    found: dict[tuple[str, Any], str] = {}
    for thing, values in sorted(events.names_wanted(pairs).items()):
        source = events.name_source(thing)
        if source is None:
            continue
        for value, name in source.lookup(organisation, values).items():
            found[(thing, value)] = name
    return found


def describe(organisation: Organisation, rows: Sequence[Any]) -> list[Described]:
    """A page's events as sentences, in the order given."""
    names = look_up_names(organisation, ((e.kind, e.data) for e in rows))
    described = []
    for event in rows:
        spec = events.get(event.kind)
        described.append(Described(
            event=event,
            sentence=sentence(event.kind, event.actor, event.data, names),
            label=spec.label if spec else event.kind,
            known=spec is not None,
        ))
    return described
