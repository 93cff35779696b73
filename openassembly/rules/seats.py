"""How each seat is filled and how its holders leave it: the lawful routes to and from a seat.

A seat is filled only by the route its constitution gives it:

- ``elected``: from the declared result of one of the ``[[elections]]`` for the seat;
- ``public-office``: the same, and only members recorded as holding a public office;
- ``nominated``: by a nomination that the affiliate's authorised nominator records (for now
  the constitution can name one nominator: the affiliate's named ``contact``);
- ``ex-officio``: the seat follows an office (``follows = "body/seat"``): whoever holds that
  office holds this seat, for the same term;

and, where the constitution provides it, a vacancy may be filled by co-option: a recorded
decision of the seat's own body, of the ``[[decisions]]`` kind ``co_option`` names (so by the
majority that kind's rule sets). ``[founding]`` names the seats the founders fill once, when
the organisation is set up; it is the one time an elected seat is filled without an election.

A holder leaves a seat at the end of the term, by resigning, or, where the route says so, by a
carried recall ballot (``recall = true``) or by a decision of the body of the ``[[decisions]]``
kind ``removal`` names. Nothing else ends a term.

A seat with no ``[[seat_routes]]`` entry keeps the route its ``kind`` implies (elected seats
by election, nominated seats by the affiliate's contact) and leaves only at the end of the term
or on resignation; an ex officio seat needs an entry, since only the constitution can say which
office it follows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from openassembly.rules.base import RuleNumber, Slug, _Model
from openassembly.rules.bounds import Name, bounded_list

SeatRef = Name  # "body-key/seat-key"
_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
ROUTES = ("elected", "public-office", "nominated", "ex-officio")
# What each route needs of the seat's kind in [[bodies.seats]].
_KIND_OF_ROUTE = {"elected": "elected", "public-office": "elected", "nominated": "nominated",
                  "ex-officio": "ex-officio"}


class SeatRoute(_Model):
    seats: bounded_list(SeatRef)  # type: ignore[valid-type]
    route: Literal["elected", "public-office", "nominated", "ex-officio"]
    rule: RuleNumber
    # nominated: who records the nomination for the affiliate.
    nominator: Literal["contact"] | None = None
    # ex-officio: the office ("body/seat") this seat follows.
    follows: SeatRef | None = None
    # A vacancy may be filled by a decision of the body of this [[decisions]] kind.
    co_option: Slug | None = None
    co_option_rule: RuleNumber | None = None
    # How a holder may be removed before the end of the term (besides resigning).
    recall: bool = False
    removal: Slug | None = None
    removal_rule: RuleNumber | None = None


class Founder(_Model):
    seat: SeatRef
    name: Name
    email: Name


class Founding(_Model):
    """The seats the founders fill once, at setup, and (optionally) who fills them."""

    rule: RuleNumber
    seats: bounded_list(SeatRef)  # type: ignore[valid-type]
    founders: bounded_list(Founder) = []  # type: ignore[valid-type]


class Constitution(Protocol):
    """What of a rules.model.Constitution this module reads (it cannot import the model,
    which includes this module's sections)."""

    bodies: Any
    elections: Any
    decisions: Any
    petitions: Any
    seat_routes: Any
    founding: Any

    def body(self, key: str) -> Any: ...


@dataclass(frozen=True)
class Way:
    """Everything the software needs to know about the routes into and out of one seat."""

    body: str
    seat: str
    name: str
    route: str  # one of ROUTES
    rule: str
    elections: tuple[str, ...] = ()
    nominator: str = "contact"
    follows: str | None = None
    co_option: str | None = None
    co_option_rule: str = ""
    founding: bool = False
    founding_rule: str = ""
    recall: bool = False
    removal: str | None = None
    removal_rule: str = ""

    @property
    def ref(self) -> str:
        return f"{self.body}/{self.seat}"


def way_of(c: Constitution, body_key: str, seat_key: str) -> Way:
    """How seat ``body_key/seat_key`` is filled and left (KeyError if there is no such seat)."""
    seat = c.body(body_key).seat(seat_key)
    ref = f"{body_key}/{seat_key}"
    entry = next((r for r in c.seat_routes if ref in r.seats), None)
    elections = tuple(e.key for e in c.elections if e.body == body_key and e.seat == seat_key)
    founding = c.founding is not None and ref in c.founding.seats
    common = dict(body=body_key, seat=seat_key, name=seat.name, elections=elections,
                  founding=founding, founding_rule=c.founding.rule if founding else "")
    if entry is None:
        if seat.kind == "elected":
            route = "public-office" if seat.eligibility == "public-office-holder" else "elected"
        else:
            route = seat.kind
        return Way(route=route, rule=seat.rule, **common)
    return Way(
        route=entry.route, rule=entry.rule, nominator=entry.nominator or "contact",
        follows=entry.follows, co_option=entry.co_option,
        co_option_rule=entry.co_option_rule or entry.rule, recall=entry.recall,
        removal=entry.removal, removal_rule=entry.removal_rule or entry.rule, **common,
    )


def followers(c: Constitution, body_key: str, seat_key: str) -> list[Way]:
    """The ex officio seats that follow the office ``body_key/seat_key``."""
    ref = f"{body_key}/{seat_key}"
    return [way_of(c, body, seat) for r in c.seat_routes if r.route == "ex-officio"
            and r.follows == ref for body, _, seat in (s.partition("/") for s in r.seats)]


def seat_route_problems(c: Constitution,
                        rule_ref: Callable[[str, str | None], None]) -> list[tuple[str, str]]:
    """Problems in [[seat_routes]] and [founding] that need the whole document."""
    problems: list[tuple[str, str]] = []
    seats = {f"{b.key}/{s.key}": s for b in c.bodies for s in b.seats}
    decisions = {d.key: d for d in c.decisions}
    routed: dict[str, int] = {}

    def seat_ref(key: str, ref: str) -> bool:
        if ref not in seats:
            problems.append((key, f"{ref!r} is not a seat: write 'body-key/seat-key'"))
            return False
        return True

    def decision_of_body(key: str, decision: str | None, body: str) -> None:
        if decision is None:
            return
        if decision not in decisions:
            problems.append((key, f"{decision!r} is not one of the [[decisions]]"))
        elif decisions[decision].body != body:
            problems.append((key, f"decision {decision!r} is taken by "
                                  f"{decisions[decision].body!r}, not by the seat's own body "
                                  f"{body!r}"))

    for index, entry in enumerate(c.seat_routes):
        here = f"seat_routes[{index}]"
        rule_ref(f"{here}.rule", entry.rule)
        rule_ref(f"{here}.co_option_rule", entry.co_option_rule)
        rule_ref(f"{here}.removal_rule", entry.removal_rule)
        if not entry.seats:
            problems.append((f"{here}.seats", "name at least one seat"))
        if entry.nominator is not None and entry.route != "nominated":
            problems.append((f"{here}.nominator", "nominator only applies to nominated seats"))
        if (entry.follows is None) == (entry.route == "ex-officio"):
            problems.append((f"{here}.follows",
                             "an ex-officio seat needs follows (the office it goes with), and "
                             "only an ex-officio seat has one"))
        elif (entry.follows is not None and seat_ref(f"{here}.follows", entry.follows)
              and entry.follows in entry.seats):
            problems.append((f"{here}.follows", "a seat cannot follow itself"))
        if entry.co_option is not None and entry.route in ("nominated", "ex-officio"):
            problems.append((f"{here}.co_option",
                             f"a {entry.route} seat is filled by its own route, not co-option"))
        if entry.recall and not any(p.recall for p in c.petitions):
            problems.append((f"{here}.recall", "recall = true needs a recall petition in "
                                               "[[petitions]] (recall = true)"))
        for ref in entry.seats:
            if not seat_ref(f"{here}.seats", ref):
                continue
            if ref in routed:
                problems.append((f"{here}.seats",
                                 f"{ref!r} already has its route in seat_routes[{routed[ref]}]"))
            routed[ref] = index
            kind = seats[ref].kind
            if _KIND_OF_ROUTE[entry.route] != kind:
                problems.append((f"{here}.route",
                                 f"{ref!r} is a {kind} seat, so its route cannot be "
                                 f"{entry.route!r}"))
            body = ref.partition("/")[0]
            decision_of_body(f"{here}.co_option", entry.co_option, body)
            decision_of_body(f"{here}.removal", entry.removal, body)
    if c.founding is not None:
        rule_ref("founding.rule", c.founding.rule)
        for ref in c.founding.seats:
            if seat_ref("founding.seats", ref) and seats[ref].kind != "elected":
                problems.append(("founding.seats",
                                 f"{ref!r} is {seats[ref].kind}: founders fill only seats that "
                                 "are otherwise elected"))
        for index, founder in enumerate(c.founding.founders):
            where = f"founding.founders[{index}]"
            if founder.seat not in c.founding.seats:
                problems.append((f"{where}.seat", f"{founder.seat!r} is not one of "
                                                  "founding.seats"))
            if not _EMAIL.fullmatch(founder.email):
                problems.append((f"{where}.email", f"{founder.email!r} is not an email address"))
            if not founder.name.strip():
                problems.append((f"{where}.name", "a founder needs a name"))
    return problems
