"""Reads about bodies: composition, vacancies, who holds what."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from openassembly.core import clock
from openassembly.core.models import Organisation

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
