from __future__ import annotations

from django.http import HttpRequest

from openassembly.core.powers import powers_of


def organisation(request: HttpRequest) -> dict:
    member = getattr(request, "member", None)
    return {
        "organisation": getattr(request, "organisation", None),
        "member": member,
        "powers": powers_of(member) if member else set(),
    }
