"""Lookups scoped to the organisation, raising one error for missing and forbidden alike."""

from __future__ import annotations

from openassembly.core.errors import NotFound, PowerDenied
from openassembly.core.powers import require_power


def require_member(request):
    if request.member is None:
        raise PowerDenied(
            "Only members of this organisation can do this; sign in with your member account.",
            power="member",
        )
    return request.member


def require_power_in(request, power: str):
    require_power(request.organisation, request.member, power)
    return request.member


def scoped(model, request, **lookup):
    obj = model.objects.filter(organisation=request.organisation, **lookup).first()
    if obj is None:
        raise NotFound(f"No such {model._meta.verbose_name}.")
    return obj
