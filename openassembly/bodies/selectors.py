"""Reads about bodies: composition, vacancies, who holds what."""

from __future__ import annotations

import hashlib
import shlex
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import Count, Prefetch, Q

from openassembly.core import clock
from openassembly.core.models import LedgerEvent, Organisation
from openassembly.counting.apportionment import (
    APPORTIONMENT_INFO,
    Apportionment,
    apportion,
    csv_cell,
    decimal,
)
from openassembly.counting.model import CountError
from openassembly.members.models import Affiliate, Member
from openassembly.rules.model import Seat
from openassembly.rules.seats import Way, way_of

from .models import Body, SeatGroup, SeatHolding
from .seats_svg import Place


@dataclass
class GroupView:
    group: SeatGroup
    holders: list[SeatHolding]

    @property
    def vacancies(self) -> int:
        return max(0, self.group.places - len(self.holders))


def bodies(organisation: Organisation):
    return Body.objects.filter(organisation=organisation, dissolved_on=None).order_by("name")


def composition(body: Body) -> list[GroupView]:
    today = clock.today()
    current = (
        SeatHolding.objects.filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .select_related("member")
        .order_by("starts_on", "pk")
    )
    groups = (
        body.seat_groups.filter(active=True)
        .select_related("affiliate", "region")
        .prefetch_related(Prefetch("holdings", queryset=current, to_attr="current"))
    )
    return [GroupView(group=g, holders=list(g.current)) for g in groups]


def places(groups: list[GroupView]) -> list[Place]:
    result = []
    for view in groups:
        label = f"{view.group.name} {view.group.label}".strip()
        for i in range(view.group.places):
            holder = view.holders[i].member.name if i < len(view.holders) else None
            result.append(Place(label, view.group.kind, view.group.officer, holder))
    return result


# Shared seats: how many places each affiliate is entitled to on a seat the constitution
# shares among them by membership (``shared = { method = ..., rule = ... }``). Computed from
# the register as it stands, so the entitlement follows membership with nothing stored; the
# page shows the quotient (or remainder) table and the command that reproduces it, lots
# included, from the members list it publishes.

@dataclass
class SharedSeat:
    """One shared seat of a body: the spec, the members list it was shared by, the result."""

    seat: Seat
    kind_name: str  # the affiliate kind's name, e.g. "Local group"
    csv: str
    seed: str
    result: Apportionment | None = None
    problem: str = ""
    heads: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)

    @property
    def threshold(self) -> str:
        """The threshold as people write it: "5", "2.5" (percent); "" when there is none."""
        s = self.seat.shared
        assert s is not None
        if not s.threshold_percent:
            return ""
        return decimal(s.threshold_percent, 4).rstrip("0").rstrip(".")

    @property
    def method_title(self) -> str:
        """The sharing method by its title ("D'Hondt (...)"), never its key."""
        s = self.seat.shared
        assert s is not None
        info = APPORTIONMENT_INFO.get(s.method)
        return info.title if info else s.method

    @property
    def command(self) -> str:
        s = self.seat.shared
        assert s is not None
        threshold = f" --threshold {self.threshold}%" if self.threshold else ""
        return (f"openassembly apportion {self.seat.key}-members.csv --seats {self.seat.count} "
                f"--method {s.method}{threshold} --seed {shlex.quote(self.seed)}")


def shared_seats(body: Body) -> list[SharedSeat]:
    """Every shared seat of ``body`` with each affiliate's entitlement, in seat order."""
    organisation = body.organisation
    spec = organisation.constitution.body(body.key)
    out = []
    for seat in spec.seats:
        if seat.shared is not None:
            out.append(_share(organisation, body, seat))
    return out


def _share(organisation, body: Body, seat: Seat) -> SharedSeat:
    shared = seat.shared
    assert shared is not None and seat.count is not None
    affiliates = Affiliate.objects.filter(
        organisation=organisation, kind=seat.nominated_by, disaffiliated_on=None)
    if seat.requires_fee:
        affiliates = affiliates.filter(fees__year=clock.today().year)
    counted = affiliates.annotate(active=Count(
        "members", filter=Q(members__status=Member.Status.ACTIVE),
        distinct=True)).order_by("name").values_list("name", "active")
    votes = list(counted)
    csv = "name,members\n" + "".join(f"{csv_cell(n)},{v}\n" for n, v in votes)
    seed = f"{organisation.slug}/{body.key}/{seat.key}"
    kind = organisation.constitution.affiliate_kind(seat.nominated_by or "")
    view = SharedSeat(seat=seat, kind_name=kind.name, csv=csv, seed=seed)
    try:
        result = apportion(votes, seats=seat.count, method=shared.method,
                           threshold=Fraction(shared.threshold_percent) / 100, seed=seed,
                           digest=hashlib.sha256(csv.encode("utf-8")).hexdigest())
    except CountError as err:
        view.problem = str(err)
        return view
    view.result = result
    _table(view, result)
    return view


def _table(view: SharedSeat, r: Apportionment) -> None:
    if r.divisor_method:
        view.heads = [f"÷ {decimal(d, 1) if d.denominator != 1 else d}" for d in r.divisors]
        took = {(a.party, a.divisor): a.place for a in r.awards}
        for i, name in enumerate(r.parties):
            cells = [(decimal(q), took.get((name, d))) if r.qualified[i] else ("–", None)
                     for q, d in zip(r.quotients[i], r.divisors, strict=True)]
            view.rows.append({"name": name, "votes": r.votes[i], "cells": cells,
                              "places": r.places[i], "qualified": r.qualified[i]})
    else:
        view.heads = ["quotas", "whole", "remainder"]
        extra = {a.party: a.place for a in r.awards[sum(r.whole):]}
        for i, name in enumerate(r.parties):
            ok = r.qualified[i] and r.quota
            cells = [(decimal(r.votes[i] / r.quota, 4) if ok else "–", None),
                     (str(r.whole[i]), None),
                     (decimal(r.remainders[i], 4) if ok else "–", extra.get(name))]
            view.rows.append({"name": name, "votes": r.votes[i], "cells": cells,
                              "places": r.places[i], "qualified": r.qualified[i]})


def current_holdings(seat_group: SeatGroup, on: date | None = None):
    on = on or clock.today()
    return seat_group.holdings.filter(starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=on)
    )


def founding_recorded(organisation: Organisation) -> LedgerEvent | None:
    """The ledger event that closed the founding (after it, seats fill only by their routes)."""
    return (LedgerEvent.objects.filter(organisation=organisation, kind="founding.recorded")
            .order_by("pk").first())


def current_holdings_on(body: Body, day: date):
    """Every holding of a seat on ``body`` in force on ``day``."""
    return (SeatHolding.objects.filter(seat_group__body=body, starts_on__lte=day)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day)))


def way_of_group(organisation: Organisation, group: SeatGroup) -> Way:
    """How the seat a group of places belongs to is filled and left (rules/seats.py)."""
    return way_of(organisation.constitution, group.body.key, group.seat_key)
