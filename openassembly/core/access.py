"""Who is looking, and lookups scoped to their organisation.

Every ``access_<thing>(viewer, pk)`` in every app has the same shape: it takes a ``Viewer``
and the thing's id, and returns the thing or raises ``NotFound`` for missing and forbidden
alike, so that a lookup cannot probe another organisation's ids. A viewer is the organisation
whose pages or API are being read plus the member reading them, or ``None`` for an anonymous
visitor of a public page: the organisation travels with the viewer, never beside it.
``OrganisationMiddleware`` (members) puts one on every request as ``request.viewer``; code
acting for a member outside a request makes one with ``Viewer.of(member)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model

from openassembly.core.errors import NotFound, PowerDenied
from openassembly.core.models import Organisation
from openassembly.core.powers import Holder, require_power

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Viewer:
    """The organisation being read and the member reading it (``None`` when anonymous)."""

    organisation: Organisation
    member: Holder | None = None

    @classmethod
    def of(cls, member: Holder) -> Viewer:
        return cls(member.organisation, member)


def require_member(viewer: Viewer):
    """The viewer's member, or PowerDenied for a visitor who is not one."""
    if viewer.member is None:
        raise PowerDenied(
            "Only members of this organisation can do this; sign in with your member account.",
            power="member",
        )
    return viewer.member


def require_power_in(viewer: Viewer, power: str):
    """The viewer's member if a seat they hold carries ``power``; PowerDenied otherwise."""
    require_power(viewer.organisation, viewer.member, power)
    return viewer.member


MAX_ID = 2**63 - 1  # the largest id a database column holds; a larger one would fail the query


def as_id(value) -> int | None:
    """``value`` as a row id, or None when it cannot be one (not a whole number, below 1, or
    larger than any database id), so that a lookup can say "not found" and never fail."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def scoped(model: type[M], viewer: Viewer, pk, **lookup) -> M:
    """The row of ``model`` with id ``pk`` in the viewer's organisation (and matching
    ``lookup``), or NotFound; an id that is not a number is simply not found."""
    number = as_id(pk)
    if number is None:
        raise NotFound(f"No such {model._meta.verbose_name}.")
    obj = model.objects.filter(organisation=viewer.organisation, pk=number, **lookup).first()
    if obj is None:
        raise NotFound(f"No such {model._meta.verbose_name}.")
    return obj
