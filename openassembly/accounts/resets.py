"""The rule of the second-factor reset that both the two-person rule (services) and the act
itself (sensitive) apply: nobody takes part in resetting their own second factor."""

from __future__ import annotations

from openassembly.core.errors import PowerDenied
from openassembly.members.models import Member

KIND = "reset-second-factor"


def refuse_own_reset(actor: Member, payload: dict) -> None:
    """Two *other* officers: the officer being reset can neither propose nor confirm it, so a
    stolen password alone never gets past the second factor."""
    if payload.get("member") == actor.pk:
        raise PowerDenied(
            "The two-person rule: two other officers must reset your second factor; you "
            "cannot propose or confirm it yourself.",
            power="confirm-sensitive-action",
        )
