"""The register's two-officer act: erasing a member's personal data (see core.sensitive)."""

from __future__ import annotations

from openassembly.core.actors import System
from openassembly.core.errors import InvalidInput, NotFound
from openassembly.core.models import Organisation
from openassembly.core.sensitive import Spec

from .models import Member
from .services import erase_member


def _member(organisation: Organisation, payload: dict) -> Member:
    member = Member.objects.filter(organisation=organisation, pk=payload.get("member")).first()
    if member is None:
        raise NotFound("No such member.")
    return member


def _check_erase(organisation: Organisation, payload: dict) -> None:
    if _member(organisation, payload).erased_at is not None:
        raise InvalidInput("That member's personal data has been erased already.")


def _erase(organisation: Organisation, action, *, confirmer: Member) -> dict:
    # Two officers together erase (the two-person rule): the record names both as one actor.
    member = erase_member(
        System(f"{action.proposed_by.name} and {confirmer.name}"),
        organisation=organisation,
        member=_member(organisation, action.payload),
    )
    return {"member": member.pk}


ERASE_MEMBER = Spec(
    "erase-member",
    "Erase a member's personal data",
    "manage-register",
    _check_erase,
    lambda org, p: f"erase the personal data of member {p.get('member')}",
    _erase,
)
