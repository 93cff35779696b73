"""The record's two-officer act: a full export, personal data included (see core.sensitive)."""

from __future__ import annotations

from openassembly.core.models import Organisation
from openassembly.core.sensitive import Spec

from .exports import write_full_export


def _check_export(organisation: Organisation, payload: dict) -> None:
    return None


def _export(organisation: Organisation, action, *, confirmer) -> dict:
    name = write_full_export(organisation, action_id=action.pk)
    return {"file": name}


FULL_EXPORT = Spec(
    "full-export",
    "Full export of the organisation's data, personal data included",
    "full-export",
    _check_export,
    lambda org, p: "a full export including personal data",
    _export,
)
