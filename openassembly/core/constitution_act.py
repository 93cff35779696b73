"""Core's two-officer act: recording a new version of the constitution (see core.sensitive)."""

from __future__ import annotations

from openassembly.core.actors import System
from openassembly.core.errors import InvalidInput
from openassembly.core.models import Organisation
from openassembly.core.sensitive import Spec
from openassembly.core.services import adopt_constitution_version, refuse_while_pending
from openassembly.rules.loader import ConstitutionError, load_constitution


def _check_constitution(organisation: Organisation, payload: dict) -> None:
    text = payload.get("text", "")
    try:
        parsed = load_constitution(text)
    except ConstitutionError as error:
        raise InvalidInput(f"The constitution is not valid:\n{error}") from error
    if parsed.organisation.slug != organisation.slug:
        raise InvalidInput("organisation.slug must stay the same.")
    refuse_while_pending(organisation)


def _adopt(organisation: Organisation, action, *, confirmer) -> dict:
    # Two officers together adopt it (the two-person rule): the record names both, as one
    # actor, since neither could have done it alone.
    version = adopt_constitution_version(
        System(f"{action.proposed_by.name} and {confirmer.name}"),
        organisation=organisation,
        text=action.payload["text"],
        note=action.reason,
    )
    return {"version": version.number, "effective_at": version.effective_at.isoformat()}


ADOPT_CONSTITUTION = Spec(
    "adopt-constitution",
    "Record a new version of the constitution",
    "edit-constitution",
    _check_constitution,
    lambda org, p: "a new version of the constitution",
    _adopt,
)
