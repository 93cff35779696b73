"""The ledger events the bodies app declares: people taking and leaving seats.

Seat holders' names are public record (holding a seat is a public role), so the events carry
them; `seat.vacated` is also written by the ballots app when an election or a recall ends a
term.
"""

from __future__ import annotations

from collections.abc import Mapping

from openassembly.core.event_text import Reading
from openassembly.core.events import EventKind, data, register, register_names

from .models import Body, SeatGroup


def _on(e: Reading) -> str:
    label = f" ({e['label']})" if e.has("label") else ""
    return f"{e.quoted(e.name('seat', 'seat') + label)} on the {e.name('body', 'body')}"


KINDS = (
    EventKind(
        kind="seat.taken",
        label="Seat taken",
        meaning="A member took a place in a seat of a body for a term.",
        fields={
            "body": data("the body's key", names="body"),
            "seat": data("the seat's key within the body", names="seat"),
            "label": data("which of the seat's places (a region, an affiliate), or empty"),
            "holder": data("the new holder's name (public: a seat is a public role)"),
            "member": data("the holder's member number"),
            "starts_on": data("first day of the term (ISO date)"),
            "ends_on": data("last day of the term, or null when open-ended"),
            "how": data("how the place was filled: elected, nominated, co-opted, ex officio…"),
        },
        sentence=lambda e: (
            f"{e['holder']} took a seat as {_on(e)} from {e.date(e['starts_on'])} "
            f"({e['how']}" + (f", until {e.date(e['ends_on'])})" if e.has("ends_on") else ")")
        ),
        example={"body": "organising-group", "seat": "chair", "label": "",
                 "holder": "Morwen Ashby", "member": 7, "starts_on": "2026-01-01",
                 "ends_on": "2027-12-31", "how": "elected"},
    ),
    EventKind(
        kind="seat.vacated",
        label="Seat vacated",
        meaning="A member's term in a seat ended (resigned, removed, recalled or replaced at "
                "an election).",
        fields={
            "body": data("the body's key", names="body"),
            "seat": data("the seat's key within the body", names="seat"),
            "label": data("which of the seat's places (a region, an affiliate), or empty"),
            "holder": data("the outgoing holder's name"),
            "member": data("the holder's member number (written by elections and recalls)",
                           optional=True),
            "ends_on": data("last day of the term (ISO date)"),
            "reason": data("why the term ended"),
        },
        sentence=lambda e: (
            f"{e['holder']} left their seat as {_on(e)} on {e.date(e['ends_on'])}"
            + (f": {e['reason']}" if e.has("reason") else "")
        ),
        example={"body": "organising-group", "seat": "chair", "label": "",
                 "holder": "Morwen Ashby", "member": 7, "ends_on": "2026-12-31",
                 "reason": "resigned"},
    ),
)


def _founded(e: Reading) -> str:
    seats = e["seats"]
    names = ", ".join(f"{s['holder']} ({s['seat'].replace('-', ' ')})" for s in seats[:6])
    more = f" and {len(seats) - 6} more" if len(seats) > 6 else ""
    return f"{e.who} recorded the founding: the founders named {names}{more}"


FOUNDING = EventKind(
    kind="founding.recorded",
    label="Founding recorded",
    meaning="The founders' first holders of seats were recorded and the founding closed: from "
            "then on every seat is filled only by its own route (election, nomination, ...).",
    fields={
        "rule": data("the constitution's founding rule"),
        "seats": data("the seats the founders filled: body, seat, holder and member number "
                      "(public: a seat is a public role)"),
    },
    sentence=_founded,
    example={"rule": "4.4", "seats": [{"body": "organising-group", "seat": "chair",
                                       "holder": "Morwen Ashby", "member": 7}]},
)


def _body_names(organisation, keys: set) -> Mapping[str, str]:
    return dict(Body.objects.filter(organisation=organisation, key__in=keys)
                .order_by().values_list("key", "name"))


def _seat_names(organisation, keys: set) -> Mapping[str, str]:
    # Keyed by the seat's key alone (events carry the body's key in another field): a key
    # whose seats have different names in different bodies is left to the fallback.
    found: dict[str, set[str]] = {}
    for key, name in (SeatGroup.objects.filter(organisation=organisation, seat_key__in=keys)
                      .order_by().values_list("seat_key", "name").distinct()):
        found.setdefault(key, set()).add(name)
    return {key: names.pop() for key, names in found.items() if len(names) == 1}


def _seat_key_as_words(key: object) -> str:
    return str(key).replace("-", " ").capitalize()


def register_kinds() -> None:
    register("bodies", *KINDS, FOUNDING)
    register_names("seat", _seat_names, fallback=_seat_key_as_words, example="Chair")
    register_names("body", _body_names, fallback=lambda key: str(key),
                   example='Organising Group')
