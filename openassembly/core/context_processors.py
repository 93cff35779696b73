from __future__ import annotations

from django.http import HttpRequest


def organisation(request: HttpRequest) -> dict:
    from openassembly.accounts.powers import powers_of

    member = getattr(request, "member", None)
    return {
        "organisation": getattr(request, "organisation", None),
        "member": member,
        "powers": powers_of(member) if member else set(),
    }
