"""The accounts' two-officer act: resetting the second factor of an officer who lost both their
phone and their recovery codes (see core.sensitive). Two *other* officers: the officer being
reset can neither propose nor confirm it, so a stolen password alone never gets past the
second factor."""

from __future__ import annotations

from openassembly.core.actors import System
from openassembly.core.errors import InvalidInput, NotFound
from openassembly.core.models import Organisation
from openassembly.core.sensitive import Spec
from openassembly.members.models import Member

from .resets import KIND, refuse_own_reset
from .services import reset_second_factor


def _member(organisation: Organisation, payload: dict) -> Member:
    member = Member.objects.filter(organisation=organisation, pk=payload.get("member")).first()
    if member is None:
        raise NotFound("No such member.")
    return member


def _check_reset(organisation: Organisation, payload: dict) -> None:
    member = _member(organisation, payload)
    if member.user is None or not member.user.has_second_factor:
        raise InvalidInput("That member has no second factor set up, so nothing to reset.",
                           field="member")


def _reset(organisation: Organisation, action, *, confirmer: Member) -> dict:
    member = _member(organisation, action.payload)
    refuse_own_reset(confirmer, action.payload)
    refuse_own_reset(action.proposed_by, action.payload)
    # Two officers together reset (the two-person rule): the record names both as one actor.
    reset_second_factor(
        System(f"{action.proposed_by.name} and {confirmer.name}"),
        organisation=organisation,
        member=member,
    )
    return {"member": member.pk}


RESET_SECOND_FACTOR = Spec(
    KIND,
    "Reset an officer's lost second factor",
    "confirm-sensitive-action",
    _check_reset,
    lambda org, p: f"reset the second factor of member {p.get('member')} (they set it up "
                   "again at their next sign-in)",
    _reset,
)
