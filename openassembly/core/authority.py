"""Authority on every act (ARCHITECTURE principle 3): what each state-changing service rests on.

Every public service function that changes state is declared here, through the ``acts``
decorator, with the kinds of authority (``Route``) it accepts and, where the constitution
grants it through a seat, the power it needs. ``tests/test_authority.py`` walks every service
module and fails on a public service with no declaration.

An act that rests on something recorded elsewhere (a decision of a body, an election's
declared result, a petition that reached its threshold, a carried members' ballot, an
affiliate's nomination) takes that thing as an ``Authority`` argument and is refused without
it. The apps that own those records (meetings for decisions, ballots for elections, petitions
and members' ballots, members for nominations) register a *resolver* that turns a reference
("decision 7") into a checked ``Authority``, so that a lower layer (bodies, members) can take
a decision without importing the app that records decisions. What a resolver returns is
checked, never taken from the caller: a view hands over the number a person chose, and the
resolver looks it up inside the organisation.

The ledger event an act writes carries its authority (``Authority.as_data()``, under the key
``authority``, allowed on every event kind), so the public record can say "seated by the
result of election 12" or "by decision 7 of the Coordinating Group, carried 20-9-1".

A refusal of a privileged act (one a member does not do for themselves) is itself written to
the ledger by the decorator, after the refused act's own transaction has rolled back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from django.db import transaction

from openassembly.core.errors import PowerDenied, ServiceError
from openassembly.core.models import Organisation


class Route(StrEnum):
    """The kinds of authority the constitution recognises."""

    ELECTION = "election"  # the declared result of an election
    DECISION = "decision"  # a recorded decision of the body the rules empower, by its majority
    PETITION = "petition"  # a petition that reached its threshold
    BALLOT = "ballot"  # a carried members' ballot
    NOMINATION = "nomination"  # an affiliate's nomination, recorded by its authorised nominator
    REQUISITION = "requisition"  # members who signed a requisition in the numbers the rules set
    OFFICE = "office"  # a power the constitution gives to a seat, used by one holder to administer
    TWO_OFFICERS = "two-officers"  # the two-person rule: one proposes, another confirms
    SELF = "self"  # a member acting for themselves (voting, signing, standing, withdrawing)
    SCHEDULE = "schedule"  # the system on the constitution's timetable, or as the consequence
    # of another recorded act (a result declared, a threshold reached)
    FOUNDING = "founding"  # the founders, once, when the organisation is set up


WORDS = {
    Route.ELECTION: "the declared result of an election",
    Route.DECISION: "a recorded decision of the body the rules empower",
    Route.PETITION: "a petition that reached its threshold",
    Route.BALLOT: "a carried members' ballot",
    Route.NOMINATION: "a nomination by an affiliate's authorised nominator",
    Route.REQUISITION: "a requisition signed by the members the rules require",
    Route.OFFICE: "an officer using a power the constitution gives their seat",
    Route.TWO_OFFICERS: "two officers acting together (one proposes, another confirms)",
    Route.SELF: "a member acting for themselves",
    Route.SCHEDULE: "the system, on the constitution's timetable or as the consequence of a "
                    "recorded act",
    Route.FOUNDING: "the founders, when the organisation was set up",
}

# Powers a meeting gives its own officers, not a seat: an act under Route.OFFICE names one of
# these or a power of the constitution's [[powers]].
ROLES = {
    "chair-meeting": "the chair of the meeting (or, for its agenda and attendance, its "
                     "minute-taker or an officer who may call meetings)",
    "minute-meeting": "the minute-taker of the meeting",
}

# Routes whose authority is a record the act must be given (and is refused without).
RECORDED = frozenset({Route.ELECTION, Route.DECISION, Route.PETITION, Route.BALLOT,
                      Route.NOMINATION, Route.REQUISITION})


class AuthorityRefused(ServiceError):
    """The act was not given the authority the constitution requires, or what it was given is
    not that authority (the wrong body, a majority not reached, a petition short of its
    threshold). The message names the rule."""

    status = 403

    def __init__(self, message: str, *, rule: str = "", field: str = "") -> None:
        super().__init__(message, field=field)
        self.rule = rule


@dataclass(frozen=True)
class Authority:
    """A checked piece of authority, as a resolver returns it.

    ``text`` completes a sentence of the record: "by decision 7 of the Coordinating Group,
    carried 20-9-1". ``facts`` are what the acts need to check it against their rule (the
    body, the votes, the election's seats, ...), and are published with the act."""

    route: Route
    text: str
    reference: str = ""  # "decision:7", "election:12": what the record links to
    rule: str = ""  # the rule of the constitution the authority was exercised under
    facts: dict[str, Any] = field(default_factory=dict, compare=False)

    def as_data(self) -> dict[str, Any]:
        return {"route": str(self.route), "text": self.text, "reference": self.reference,
                "rule": self.rule}


def plain(route: Route, text: str, *, rule: str = "") -> Authority:
    """Authority that is no record: an officer's power, two officers, the timetable, the
    founders, a member for themselves."""
    if route in RECORDED:
        raise ValueError(f"{route} authority comes from a resolver, never made by hand")
    return Authority(route=route, text=text, rule=rule)


# --- resolvers: the apps that keep the records turn references into checked authority ---

Resolver = Callable[[Organisation, Any], Authority]
_RESOLVERS: dict[Route, Resolver] = {}


def register_resolver(route: Route, resolver: Resolver) -> None:
    if route not in RECORDED:
        raise ValueError(f"{route} authority is not a record and has no resolver")
    _RESOLVERS[route] = resolver


def resolve(organisation: Organisation, route: Route, reference: Any) -> Authority:
    """The checked authority that ``reference`` (a number a person chose, or the record
    itself) is for ``organisation``; AuthorityRefused when it is none."""
    try:
        resolver = _RESOLVERS[route]
    except KeyError:
        raise AuthorityRefused(f"Nothing on this install records {WORDS[route]}.") from None
    return resolver(organisation, reference)


def reread(organisation: Organisation, authority: Authority | int | str | None, route: Route, *,
           act: str, rule: str = "", field: str = "") -> Authority:
    """``authority`` read again from ``organisation``'s own record, inside the caller's
    transaction; AuthorityRefused when it is none, or not of ``route``.

    An act never trusts the facts of an ``Authority`` it is handed: a caller can make one by
    hand, bring one resolved in another organisation, or one resolved before the decision was
    made void. Only the number it names (its ``reference``, "decision:7") is taken from it,
    and the record that number names here is what the act checks. A bare number (what a
    person typed) is looked up the same way."""
    if authority is None or isinstance(authority, Authority):
        try:
            authority = require(authority, route, act=act, rule=rule)
        except AuthorityRefused as refusal:
            refusal.field = field
            raise
        named, _, number = authority.reference.partition(":")
        if named != str(route) or not number:
            where = f"Rule {rule}: " if rule else ""
            raise AuthorityRefused(f"{where}{act} needs {WORDS[route]}, named by its number.",
                                   rule=rule, field=field)
        return resolve(organisation, route, number)
    return resolve(organisation, route, authority)


def require(authority: Authority | None, *routes: Route, act: str, rule: str = "") -> Authority:
    """``authority`` if it is one of ``routes``; else a refusal saying what the act needs."""
    if authority is not None and authority.route in routes:
        return authority
    needs = " or ".join(WORDS[r] for r in routes)
    given = f" It was given {WORDS[authority.route]}." if authority is not None else ""
    where = f"Rule {rule}: " if rule else ""
    raise AuthorityRefused(f"{where}{act} needs {needs}.{given}", rule=rule)


# --- the registry of acts ---


@dataclass(frozen=True)
class Act:
    service: str  # "app.services.module:function"
    accepts: tuple[Route, ...]
    power: str = ""  # the constitution power the acting officer needs, when one is named
    privileged: bool = True  # False when every route is a member acting for themselves

    def describe(self) -> str:
        routes = "; or ".join(WORDS[r] for r in self.accepts)
        return f"{routes} (power: {self.power})" if self.power else routes


ACTS: dict[str, Act] = {}
# Public functions of a services module that are no act: checks and helpers the acts call,
# which change nothing (tests/test_authority.py reads each one to hold it to that).
CHECKS: set[str] = set()

F = TypeVar("F", bound=Callable[..., Any])

# How many acts are running inside one another in this thread (an act that carries out
# another: a two-officer confirmation erasing a member, a proposal made through the two-person
# rule). Only the outermost records a refusal, so one refused attempt is one ledger event.
_depth: ContextVar[int] = ContextVar("openassembly_act_depth", default=0)


def acts(*accepts: Route, power: str = "") -> Callable[[F], F]:
    """Declare what a service rests on. Put it above ``@transaction.atomic`` so that a refusal
    is recorded after the act's own changes have rolled back."""
    if not accepts:
        raise ValueError("An act must accept at least one kind of authority.")

    def declare(function: F) -> F:
        name = f"{function.__module__}:{function.__qualname__}"
        act = Act(service=name, accepts=tuple(accepts), power=power,
                  privileged=set(accepts) != {Route.SELF})
        ACTS[name] = act

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            depth = _depth.get()
            token = _depth.set(depth + 1)
            try:
                return function(*args, **kwargs)
            except (PowerDenied, AuthorityRefused) as refusal:
                actor = args[0] if args else kwargs.get("actor")
                if depth == 0 and act.privileged and getattr(actor, "is_member", False):
                    _record_refusal(actor, act, refusal)
                raise
            finally:
                _depth.reset(token)

        wrapper.authority = act  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return declare


def changes_nothing(function: F) -> F:
    """Declare a public function of a services module that is no act: a check or a helper
    the acts call (``refuse_if_cancelled``, ``check_marks``), which changes no state and so
    rests on no authority. The test of every service holds it to that."""
    CHECKS.add(f"{function.__module__}:{function.__qualname__}")
    return function


def _record_refusal(actor: Any, act: Act, refusal: ServiceError) -> None:
    from openassembly.core.ledger import append_event

    organisation_id = getattr(actor, "organisation_id", None)
    if organisation_id is None:
        return
    organisation = Organisation.objects.get(pk=organisation_id)
    with transaction.atomic():
        append_event(organisation, kind="power.refused", actor=actor.name, data={
            "act": act.service.rsplit(":", 1)[1].replace("_", " "),
            "power": getattr(refusal, "power", "") or act.power,
            "rule": getattr(refusal, "rule", ""),
            "reason": str(refusal),
        })
