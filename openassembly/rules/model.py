"""The shape of a constitution: pydantic models for the TOML an organisation writes.

Field-level checks (types, ranges, "exactly one of") live on each model; checks that need the
whole document (every rule reference names a real rule, keys are unique, seats referenced by
powers exist) run once the whole document has parsed, in ``Constitution._cross_check``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    model_validator,
)

from openassembly.rules import admission as admission_rules
from openassembly.rules import amending as amendment_routes
from openassembly.rules import meeting_rights, standing
from openassembly.rules.base import RuleNumber, Slug, _Model
from openassembly.rules.bounds import (
    MAX_BODY_PLACES,
    MAX_EFFECTIVE_DAYS,
    MAX_FEE_PENCE,
    MAX_HOURS,
    MAX_LIST,
    MAX_PLACES,
    MAX_PROXIES,
    MAX_REGIONS,
    Days,
    Description,
    Minutes,
    Months,
    Name,
    PerGroup,
    Places,
    PositiveDays,
    PositiveInt,
    Text,
    bounded_int,
    bounded_list,
)
from openassembly.rules.errors import ConstitutionError, Problem
from openassembly.rules.members_ballots import PetitionBallot, Scrutiny
from openassembly.rules.members_ballots import problems as _petition_ballot_problems
from openassembly.rules.seats import Founding, SeatRoute, seat_route_problems
from openassembly.rules.sortition import SortitionSeed
from openassembly.rules.sortition import problems as sortition_problems
from openassembly.rules.standing import Discipline, Dues

_CONSEQUENCE = re.compile(r"referendum|agenda:[a-z0-9]+(?:-[a-z0-9]+)*")


def _fraction(value: object) -> Fraction:
    """Read "1/3", "5", "2.5", 5 or a TOML decimal as an exact Fraction; never via float."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ValueError("must be a number such as \"5\", \"2.5\" or \"1/3\", not true/false")
    if isinstance(value, int | Decimal):
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip().removesuffix("%").strip()
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            pass
    raise ValueError(f"must be a number such as \"5\", \"2.5\" or \"1/3\", not {value!r}")


ExactFraction = Annotated[Fraction, BeforeValidator(_fraction)]


class Organisation(_Model):
    name: Name
    slug: Slug
    description: Description = ""


class Rule(_Model):
    number: RuleNumber
    title: Name
    text: Text


class Membership(_Model):
    rule: RuleNumber
    regions: bounded_list(Name, MAX_REGIONS)  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _regions(self) -> Membership:
        if not self.regions:
            raise ValueError("regions must list at least one region")
        seen: set[str] = set()
        for region in self.regions:
            if not region.strip():
                raise ValueError("a region's name cannot be empty")
            if region in seen:
                raise ValueError(f"region {region!r} is listed twice")
            seen.add(region)
        return self


class AffiliateKind(_Model):
    key: Slug
    name: Name
    rule: RuleNumber
    annual_fee_pence: bounded_int(0, MAX_FEE_PENCE) = 0  # type: ignore[valid-type]


class Quorum(_Model):
    fraction: ExactFraction | None = None
    count: PositiveInt | None = None
    rule: RuleNumber

    @model_validator(mode="after")
    def _one(self) -> Quorum:
        if (self.fraction is None) == (self.count is None):
            raise ValueError("give exactly one of fraction (e.g. \"1/3\") or count")
        if self.fraction is not None and not 0 < self.fraction <= 1:
            raise ValueError(f"fraction must be more than 0 and at most 1, not {self.fraction}")
        return self


MajorityKind = Literal["simple", "absolute", "two-thirds", "unanimity"]


class Majority(_Model):
    kind: MajorityKind
    rule: RuleNumber


# The names of counting.apportionment's methods (a test keeps the two lists equal); rules
# names them without importing the counting engine.
ApportionmentMethod = Literal["dhondt", "sainte-lague", "modified-sainte-lague", "hare",
                              "droop"]


class SharedPlaces(_Model):
    """A seat's ``count`` places shared among the affiliates that nominate to it, in
    proportion to their active members, by a list method (e.g. delegates per local group)."""

    method: ApportionmentMethod
    rule: RuleNumber
    by: Literal["members"] = "members"
    # Percent of all the members counted; an affiliate below it gets no place.
    threshold_percent: ExactFraction = Fraction(0)

    @model_validator(mode="after")
    def _threshold(self) -> SharedPlaces:
        if not 0 <= self.threshold_percent < 100:
            raise ValueError(
                f"threshold_percent must be from 0 up to (not including) 100, "
                f"not {self.threshold_percent}")
        return self


class Seat(_Model):
    key: Slug
    name: Name
    rule: RuleNumber
    kind: Literal["elected", "nominated", "ex-officio"]
    count: Places | None = None  # type: ignore[valid-type]
    per_region: PerGroup | None = None  # type: ignore[valid-type]
    per_affiliate: PerGroup | None = None  # type: ignore[valid-type]
    nominated_by: Slug | None = None
    requires_fee: bool = False
    officer: bool = False
    eligibility: Description | None = None
    elected_by: Description | None = None
    shared: SharedPlaces | None = None

    @model_validator(mode="after")
    def _shape(self) -> Seat:
        shapes = ("count", "per_region", "per_affiliate")
        given = [name for name in shapes if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of count, per_region or per_affiliate"
                + (f" (found {', '.join(given)})" if given else "")
            )
        if self.kind == "nominated" and self.nominated_by is None:
            raise ValueError("a nominated seat needs nominated_by (an affiliate kind key)")
        if self.kind != "nominated" and self.nominated_by is not None:
            raise ValueError(f"nominated_by only applies to nominated seats, not {self.kind} ones")
        if self.per_affiliate is not None and self.kind != "nominated":
            raise ValueError(
                "per_affiliate seats are filled by affiliates, so kind must be 'nominated'"
            )
        if self.requires_fee and self.kind != "nominated":
            raise ValueError("requires_fee only applies to seats nominated by an affiliate")
        if self.shared is not None and (self.count is None or self.kind != "nominated"):
            raise ValueError(
                "shared places are a fixed count shared among the affiliates that nominate "
                "to the seat: give count, kind = 'nominated' and nominated_by with shared")
        return self

    @property
    def places_per_group(self) -> int:
        return self.count or self.per_region or self.per_affiliate or 0


class Section(_Model):
    key: Slug
    name: Name
    weight_percent: Annotated[int, AfterValidator(lambda v: _percent(v))]
    rule: RuleNumber
    seats: bounded_list(Slug)  # type: ignore[valid-type]


def _percent(value: int) -> int:
    if not 0 < value <= 100:
        raise ValueError(f"must be between 1 and 100, not {value}")
    return value


class Proxies(_Model):
    """A member who cannot attend may appoint another member of the body for one meeting."""

    rule: RuleNumber
    # May a proxy cast the votes they hold differently from their own? Most rules say no.
    split: bool = False
    most: bounded_int(1, MAX_PROXIES) = 1  # type: ignore[valid-type]


class StandingOrders(_Model):
    """How a meeting of the body is conducted: who chairs, and how long people may speak."""

    rule: RuleNumber
    speech_minutes: Minutes | None = None  # type: ignore[valid-type]
    mover_minutes: Minutes | None = None  # type: ignore[valid-type]


class Body(_Model):
    key: Slug
    name: Name
    rule: RuleNumber
    kind: Literal["committee", "conference", "all-members"]
    description: Description = ""
    meets_every_months: Months | None = None  # type: ignore[valid-type]
    meetings_rule: RuleNumber | None = None
    notice_days: Days  # type: ignore[valid-type]
    notice_rule: RuleNumber
    urgent_notice_hours: bounded_int(0, MAX_HOURS) | None = None  # type: ignore[valid-type]
    urgency_rule: RuleNumber | None = None
    quorum: Quorum
    term_months: Months | None = None  # type: ignore[valid-type]
    terms_rule: RuleNumber | None = None
    majority: Majority
    papers_days: Days = 0  # type: ignore[valid-type]
    papers_rule: RuleNumber | None = None
    # Papers for this body's meetings go to every member of the organisation, not only to the
    # body's own members (as for a conference whose papers all members may read and discuss).
    papers_to_members: bool = False
    papers_to_members_rule: RuleNumber | None = None
    minutes_days: Days | None = None  # type: ignore[valid-type]
    minutes_rule: RuleNumber | None = None
    seats: bounded_list(Seat) = []  # type: ignore[valid-type]
    sections: bounded_list(Section) = []  # type: ignore[valid-type]
    proxies: Proxies | None = None
    standing_orders: StandingOrders | None = None

    @model_validator(mode="after")
    def _paired_rules(self) -> Body:
        pairs = [
            ("meets_every_months", "meetings_rule", self.meets_every_months is not None),
            ("urgent_notice_hours", "urgency_rule", self.urgent_notice_hours is not None),
            ("term_months", "terms_rule", self.term_months is not None),
            ("papers_days", "papers_rule", self.papers_days > 0),
            ("minutes_days", "minutes_rule", self.minutes_days is not None),
            ("papers_to_members = true", "papers_to_members_rule", self.papers_to_members),
        ]
        missing = [f"{value} needs {rule}" for value, rule, needed in pairs
                   if needed and getattr(self, rule) is None]
        if missing:
            raise ValueError("; ".join(missing) + " (the number of the rule that says so)")
        if self.papers_to_members_rule is not None and not self.papers_to_members:
            raise ValueError("papers_to_members_rule only applies when papers_to_members = true")
        return self

    def seat(self, key: str) -> Seat:
        for seat in self.seats:
            if seat.key == key:
                return seat
        raise KeyError(f"body {self.key!r} has no seat {key!r}")


class Power(_Model):
    name: Slug
    description: Description
    rule: RuleNumber
    seats: bounded_list(Name)  # type: ignore[valid-type]
    two_person: bool = False


class Decision(_Model):
    key: Slug
    name: Name
    body: Slug
    majority: Majority
    # A vote on this kind of decision is secret (no link between a member and their vote).
    secret: bool = False
    secret_rule: RuleNumber | None = None
    # A motion of this kind carries the constitution's new text; carried, it is the next version.
    amends_constitution: bool = False

    @model_validator(mode="after")
    def _secret_rule(self) -> Decision:
        if self.secret and self.secret_rule is None:
            raise ValueError("secret = true needs secret_rule (the number of the rule)")
        if not self.secret and self.secret_rule is not None:
            raise ValueError("secret_rule only applies when secret = true")
        return self


class PrivateBusiness(_Model):
    """A ground on which an item may be taken in private; the item itself stays on the record."""

    key: Slug
    name: Name
    rule: RuleNumber
    # Whether the decision reached in private may be published (the discussion never is).
    outcome_public: bool = True


class Petition(_Model):
    key: Slug
    name: Name
    rule: RuleNumber
    percent: ExactFraction | None = None
    count: PositiveInt | None = None
    combine: Literal["either", "both"] = "either"
    consequence: Name
    # A recall petition names an office holder; its members' ballot asks whether to remove them.
    recall: bool = False

    @model_validator(mode="after")
    def _thresholds(self) -> Petition:
        if self.percent is None and self.count is None:
            raise ValueError("give percent, count or both")
        if self.recall and self.consequence != "referendum":
            raise ValueError("a recall petition must have consequence = 'referendum'")
        if self.percent is not None and not 0 < self.percent <= 100:
            raise ValueError(f"percent must be more than 0 and at most 100, not {self.percent}")
        if not _CONSEQUENCE.fullmatch(self.consequence):
            raise ValueError(
                f"consequence must be 'referendum' or 'agenda:<body-key>', not {self.consequence!r}"
            )
        return self

    @property
    def agenda_body(self) -> str | None:
        """The body whose agenda a successful petition reaches, for 'agenda:<body>' petitions."""
        kind, _, body = self.consequence.partition(":")
        return body if kind == "agenda" else None


ElectionMethod = Literal["fptp", "block", "approval", "irv", "ers97", "meek", "scottish",
                         "schulze", "ranked-pairs", "minimax"]


class Election(_Model):
    """An election the constitution provides for: the seats, the method and the timetable."""

    key: Slug
    name: Name
    rule: RuleNumber
    body: Slug
    seat: Slug
    method: ElectionMethod
    # "members": every member votes; "region": the members of each region elect its places;
    # "body": the current holders of the body's seats (a group electing its own officers).
    electorate: Literal["members", "region", "body"] = "members"
    nominators: bounded_int(0, MAX_PLACES) = 0  # type: ignore[valid-type]
    nomination_days: PositiveDays = 14  # type: ignore[valid-type]
    voting_days: PositiveDays = 7  # type: ignore[valid-type]
    # The rule setting nominations and the timetable, when it is not ``rule`` itself.
    procedure_rule: RuleNumber | None = None

    @property
    def procedure(self) -> str:
        return self.procedure_rule or self.rule


class Ballots(_Model):
    """How secret ballots are run: who sees the marked register, statements, reminders, lots."""

    rule: RuleNumber
    # Who may inspect the marked register (who voted, never how) once a ballot has closed.
    marked_register: Literal["members", "officers"] = "members"
    # The rule that a members' ballot needs a statement for and a statement against.
    statements_rule: RuleNumber | None = None
    # Members who have not voted are reminded this many days before the close (0: no reminder).
    reminder_days: Days = 2  # type: ignore[valid-type]
    sortition_rule: RuleNumber | None = None


class Amendments(_Model):
    """When a new version of the constitution, however adopted, takes effect."""

    rule: RuleNumber
    # Days from adoption until the new version governs; 0 means at once. Until then every
    # question is answered by the version it replaces.
    effective_days: bounded_int(0, MAX_EFFECTIVE_DAYS) = 0  # type: ignore[valid-type]


@dataclass(frozen=True)
class SeatGroup:
    """Places of one seat that are filled together: one region, one affiliate, or all of them.

    ``places`` is a maximum when ``up_to`` is true (per-affiliate seats: "up to 3 per union").
    """

    body_key: str
    seat_key: str
    label: str
    places: int
    kind: str
    officer: bool
    rule: str
    region: str | None = None
    affiliate: str | None = None
    nominated_by: str | None = None
    requires_fee: bool = False
    up_to: bool = False
    eligibility: str | None = None
    elected_by: str | None = None

    @property
    def body(self) -> str:
        return self.body_key

    @property
    def seat(self) -> str:
        return self.seat_key


class Constitution(_Model):
    format: Literal[1]
    organisation: Organisation
    rules: bounded_list(Rule, 4 * MAX_LIST)  # type: ignore[valid-type]
    membership: Membership
    affiliate_kinds: bounded_list(AffiliateKind) = []  # type: ignore[valid-type]
    bodies: bounded_list(Body)  # type: ignore[valid-type]
    elections: bounded_list(Election) = []  # type: ignore[valid-type]
    ballots: Ballots | None = None
    sortition: SortitionSeed | None = None  # rules/sortition.py
    powers: bounded_list(Power) = []  # type: ignore[valid-type]
    decisions: bounded_list(Decision) = []  # type: ignore[valid-type]
    petitions: bounded_list(Petition) = []  # type: ignore[valid-type]
    private_business: bounded_list(PrivateBusiness) = []  # type: ignore[valid-type]
    amendments: Amendments | None = None
    amendment_ballot: amendment_routes.AmendmentBallot | None = None
    # Requisitions and cancellation: their schema is rules/meeting_rights.py.
    requisitions: bounded_list(meeting_rights.Requisition) = []  # type: ignore[valid-type]
    cancellation: meeting_rights.Cancellation | None = None
    petition_ballots: bounded_list(PetitionBallot) = []  # type: ignore[valid-type]
    scrutiny: Scrutiny | None = None
    founding: Founding | None = None  # rules/seats.py
    seat_routes: bounded_list(SeatRoute) = []  # type: ignore[valid-type]  # rules/seats.py
    dues: Dues | None = None  # rules/standing.py
    discipline: Discipline | None = None  # rules/standing.py
    admission: admission_rules.Admission | None = None  # rules/admission.py

    @model_validator(mode="after")
    def _cross_checked(self) -> Constitution:
        problems = [Problem(None, key, message) for key, message in _cross_check(self)]
        if problems:
            # Not a ValueError on purpose (see ConstitutionError): each problem keeps its own key.
            raise ConstitutionError(problems)
        return self

    def body(self, key: str) -> Body:
        for body in self.bodies:
            if body.key == key:
                return body
        raise KeyError(f"the constitution has no body {key!r}")

    def rule(self, number: str) -> Rule:
        for rule in self.rules:
            if rule.number == number:
                return rule
        raise KeyError(f"the constitution has no rule {number!r}")

    def power(self, name: str) -> Power:
        for power in self.powers:
            if power.name == name:
                return power
        raise KeyError(f"the constitution grants no power {name!r}")

    def affiliate_kind(self, key: str) -> AffiliateKind:
        for kind in self.affiliate_kinds:
            if kind.key == key:
                return kind
        raise KeyError(f"the constitution has no affiliate kind {key!r}")

    def decision(self, key: str) -> Decision:
        for decision in self.decisions:
            if decision.key == key:
                return decision
        raise KeyError(f"the constitution has no decision {key!r}")

    def private_ground(self, key: str) -> PrivateBusiness:
        for ground in self.private_business:
            if ground.key == key:
                return ground
        raise KeyError(f"the constitution allows no private business {key!r}")

    def amendment_decision(self) -> Decision | None:
        """The kind of decision that changes the constitution, if the constitution names one."""
        return next((d for d in self.decisions if d.amends_constitution), None)

    def petition(self, key: str) -> Petition:
        for petition in self.petitions:
            if petition.key == key:
                return petition
        raise KeyError(f"the constitution has no petition {key!r}")

    def election(self, key: str) -> Election:
        for election in self.elections:
            if election.key == key:
                return election
        raise KeyError(f"the constitution has no election {key!r}")

    def officer_seats(self) -> list[tuple[Body, Seat]]:
        """Every (body, seat) whose holders are officers, in constitution order."""
        return [(body, seat) for body in self.bodies for seat in body.seats if seat.officer]

    def powers_of(self, body_key: str, seat_key: str) -> list[Power]:
        """The powers a holder of this seat has."""
        ref = f"{body_key}/{seat_key}"
        return [power for power in self.powers if ref in power.seats]

    def seat_plan(self, *, affiliates: Mapping[str, list[str]],
                  fee_paid: Mapping[str, Collection[str]] | None = None) -> list[SeatGroup]:
        """Expand every body's seats into the groups that are actually filled.

        ``affiliates`` maps an affiliate kind key to the names of its current affiliates.
        ``fee_paid``, when given, maps a kind to the affiliates whose fee is paid: only those
        get places on a ``requires_fee`` per-affiliate seat (the constitution cannot know who
        has paid). Without it every affiliate listed gets places.
        """
        unknown = sorted(set(affiliates) - {k.key for k in self.affiliate_kinds})
        if unknown:
            names = ", ".join(map(repr, unknown))
            raise KeyError(f"the constitution has no affiliate kind {names}")
        groups: list[SeatGroup] = []
        for body in self.bodies:
            for seat in body.seats:
                common = dict(
                    body_key=body.key, seat_key=seat.key, kind=seat.kind, officer=seat.officer,
                    rule=seat.rule, nominated_by=seat.nominated_by,
                    requires_fee=seat.requires_fee, eligibility=seat.eligibility,
                    elected_by=seat.elected_by,
                )
                if seat.count is not None:
                    groups.append(SeatGroup(label=seat.name, places=seat.count, **common))
                elif seat.per_region is not None:
                    groups.extend(
                        SeatGroup(label=region, places=seat.per_region, region=region, **common)
                        for region in self.membership.regions
                    )
                elif seat.per_affiliate is not None:
                    kind = seat.nominated_by or ""
                    names = affiliates.get(kind, [])
                    if seat.requires_fee and fee_paid is not None:
                        paid = fee_paid.get(kind, ())
                        names = [name for name in names if name in paid]
                    groups.extend(
                        SeatGroup(label=name, places=seat.per_affiliate, affiliate=name,
                                  up_to=True, **common)
                        for name in names
                    )
        return groups


def _duplicates(items: list[str]) -> list[tuple[int, str]]:
    seen: set[str] = set()
    found = []
    for index, item in enumerate(items):
        if item in seen:
            found.append((index, item))
        seen.add(item)
    return found


def _cross_check(c: Constitution) -> list[tuple[str, str]]:
    """Problems that need the whole document: (dotted key, message) pairs, in document order."""
    problems: list[tuple[str, str]] = []
    numbers = {rule.number for rule in c.rules}

    def rule_ref(key: str, number: str | None) -> None:
        if number is not None and number not in numbers:
            problems.append((key, f"rule {number!r} is not one of the [[rules]]"))

    for index, number in _duplicates([r.number for r in c.rules]):
        problems.append((f"rules[{index}].number", f"rule {number!r} is numbered twice"))

    rule_ref("membership.rule", c.membership.rule)

    kinds = {k.key: k for k in c.affiliate_kinds}
    for index, key in _duplicates([k.key for k in c.affiliate_kinds]):
        problems.append((f"affiliate_kinds[{index}].key", f"affiliate kind {key!r} appears twice"))
    for index, kind in enumerate(c.affiliate_kinds):
        rule_ref(f"affiliate_kinds[{index}].rule", kind.rule)

    for index, key in _duplicates([b.key for b in c.bodies]):
        problems.append((f"bodies[{index}].key", f"body {key!r} appears twice"))
    for b_index, body in enumerate(c.bodies):
        here = f"bodies[{b_index}]"
        for field in ("rule", "meetings_rule", "notice_rule", "urgency_rule", "terms_rule",
                      "papers_rule", "minutes_rule", "papers_to_members_rule"):
            rule_ref(f"{here}.{field}", getattr(body, field))
        rule_ref(f"{here}.quorum.rule", body.quorum.rule)
        rule_ref(f"{here}.majority.rule", body.majority.rule)
        if body.proxies is not None:
            rule_ref(f"{here}.proxies.rule", body.proxies.rule)
        if body.standing_orders is not None:
            rule_ref(f"{here}.standing_orders.rule", body.standing_orders.rule)
        for index, key in _duplicates([s.key for s in body.seats]):
            problems.append((f"{here}.seats[{index}].key", f"seat {key!r} appears twice"))
        for s_index, seat in enumerate(body.seats):
            where = f"{here}.seats[{s_index}]"
            rule_ref(f"{where}.rule", seat.rule)
            if seat.shared is not None:
                rule_ref(f"{where}.shared.rule", seat.shared.rule)
            if seat.nominated_by is not None and seat.nominated_by not in kinds:
                problems.append((f"{where}.nominated_by",
                                 f"{seat.nominated_by!r} is not one of the [[affiliate_kinds]]"))
            elif (seat.requires_fee and seat.nominated_by is not None
                  and kinds[seat.nominated_by].annual_fee_pence == 0):
                problems.append((f"{where}.requires_fee",
                                 f"affiliate kind {seat.nominated_by!r} has no annual fee"))
        seat_keys = {s.key for s in body.seats}
        for index, key in _duplicates([s.key for s in body.sections]):
            problems.append((f"{here}.sections[{index}].key", f"section {key!r} appears twice"))
        for s_index, section in enumerate(body.sections):
            where = f"{here}.sections[{s_index}]"
            rule_ref(f"{where}.rule", section.rule)
            for seat_key in section.seats:
                if seat_key not in seat_keys:
                    problems.append((f"{where}.seats",
                                     f"{seat_key!r} is not a seat of body {body.key!r}"))
        places = sum(seat.count or (seat.per_region or 0) * len(c.membership.regions)
                     for seat in body.seats)  # fmt: skip
        if places > MAX_BODY_PLACES:
            problems.append((f"{here}.seats",
                             f"the seats add up to {places:,} places (per_region seats once "
                             f"for each region); a body may have at most {MAX_BODY_PLACES:,}"))
        if body.sections:
            total = sum(s.weight_percent for s in body.sections)
            if total != 100:
                problems.append((f"{here}.sections",
                                 f"section weights add up to {total}%, not 100%"))
            in_sections = [k for s in body.sections for k in s.seats]
            for _, key in _duplicates(in_sections):
                problems.append((f"{here}.sections", f"seat {key!r} is in more than one section"))

    body_seats = {b.key: {s.key for s in b.seats} for b in c.bodies}
    for index, name in _duplicates([p.name for p in c.powers]):
        problems.append((f"powers[{index}].name", f"power {name!r} appears twice"))
    for p_index, power in enumerate(c.powers):
        rule_ref(f"powers[{p_index}].rule", power.rule)
        if not power.seats:
            problems.append((f"powers[{p_index}].seats", "a power must name at least one seat"))
        for ref in power.seats:
            body_key, slash, seat_key = ref.partition("/")
            if not slash:
                problems.append((f"powers[{p_index}].seats",
                                 f"{ref!r} should be written 'body-key/seat-key'"))
            elif body_key not in body_seats:
                problems.append((f"powers[{p_index}].seats", f"{body_key!r} is not a body"))
            elif seat_key not in body_seats[body_key]:
                problems.append((f"powers[{p_index}].seats",
                                 f"{seat_key!r} is not a seat of body {body_key!r}"))

    for index, key in _duplicates([d.key for d in c.decisions]):
        problems.append((f"decisions[{index}].key", f"decision {key!r} appears twice"))
    for d_index, decision in enumerate(c.decisions):
        if decision.body not in body_seats:
            problems.append((f"decisions[{d_index}].body", f"{decision.body!r} is not a body"))
        rule_ref(f"decisions[{d_index}].majority.rule", decision.majority.rule)
        rule_ref(f"decisions[{d_index}].secret_rule", decision.secret_rule)
    amending = [i for i, d in enumerate(c.decisions) if d.amends_constitution]
    for index in amending[1:]:
        problems.append((f"decisions[{index}].amends_constitution",
                         "only one kind of decision may amend the constitution"))

    for index, key in _duplicates([g.key for g in c.private_business]):
        problems.append((f"private_business[{index}].key",
                         f"private business {key!r} appears twice"))
    for g_index, ground in enumerate(c.private_business):
        rule_ref(f"private_business[{g_index}].rule", ground.rule)

    for index, key in _duplicates([p.key for p in c.petitions]):
        problems.append((f"petitions[{index}].key", f"petition {key!r} appears twice"))
    for p_index, petition in enumerate(c.petitions):
        rule_ref(f"petitions[{p_index}].rule", petition.rule)
        target = petition.agenda_body
        if target is not None and target not in body_seats:
            problems.append((f"petitions[{p_index}].consequence", f"{target!r} is not a body"))
    problems.extend(_election_problems(c, rule_ref))
    problems.extend(amendment_routes.problems(c, rule_ref))
    problems.extend(meeting_rights.problems(c, rule_ref))
    problems.extend(_petition_ballot_problems(c, rule_ref))
    problems.extend(seat_route_problems(c, rule_ref))
    problems.extend(standing.problems(c, rule_ref))
    problems.extend(admission_rules.problems(c, rule_ref))
    return problems


def _election_problems(c: Constitution, rule_ref) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    bodies = {b.key: b for b in c.bodies}
    for index, key in _duplicates([e.key for e in c.elections]):
        problems.append((f"elections[{index}].key", f"election {key!r} appears twice"))
    for e_index, election in enumerate(c.elections):
        here = f"elections[{e_index}]"
        rule_ref(f"{here}.rule", election.rule)
        rule_ref(f"{here}.procedure_rule", election.procedure_rule)
        body = bodies.get(election.body)
        if body is None:
            problems.append((f"{here}.body", f"{election.body!r} is not a body"))
            continue
        seat = next((s for s in body.seats if s.key == election.seat), None)
        if seat is None:
            problems.append((f"{here}.seat",
                             f"{election.seat!r} is not a seat of body {body.key!r}"))
            continue
        if seat.kind != "elected":
            problems.append((f"{here}.seat",
                             f"seat {seat.key!r} is {seat.kind}, so it is not filled by election"))
        if (election.electorate == "region") != (seat.per_region is not None):
            problems.append((f"{here}.electorate",
                             "electorate = 'region' goes with, and only with, a per_region seat"))
    if c.amendments is not None:
        rule_ref("amendments.rule", c.amendments.rule)
    if c.ballots is not None:
        rule_ref("ballots.rule", c.ballots.rule)
        rule_ref("ballots.statements_rule", c.ballots.statements_rule)
        rule_ref("ballots.sortition_rule", c.ballots.sortition_rule)
    if c.sortition is not None:
        problems.extend(sortition_problems(c.sortition, rule_ref, bodies))
    return problems

