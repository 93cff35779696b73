"""The acts that need two officers: a registry each app fills from its ``AppConfig.ready()``.

The two-person rule itself (propose, confirm, cancel) is ``accounts.services``; what each act
checks, says and does belongs to the app that owns the act. The registry lives in core, the
lowest layer, so that every app can add its acts without importing the rule's app, and the
rule's app imports none of theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openassembly.core.errors import InvalidInput
from openassembly.core.models import Organisation


@dataclass(frozen=True)
class Spec:
    """One kind of two-officer act.

    ``check(organisation, payload)`` refuses a proposal that could not be carried out (it runs
    when proposed); ``summary(organisation, payload)`` is the sentence published on the ledger;
    ``carry_out(organisation, action, confirmer=member)`` does the act once a second officer
    confirms, inside the confirmation's transaction, and returns what is kept as its outcome.
    """

    kind: str
    title: str
    power: str
    check: Callable[[Organisation, dict], None]
    summary: Callable[[Organisation, dict], str]
    carry_out: Callable[..., dict[str, Any]]


SPECS: dict[str, Spec] = {}


def register(new: Spec) -> None:
    """Add an act; registering the same spec again (a second ``ready()``) changes nothing."""
    existing = SPECS.get(new.kind)
    if existing is not None and existing != new:
        raise ValueError(f"Two different two-officer acts are named '{new.kind}'.")
    SPECS[new.kind] = new


def spec(kind: str) -> Spec:
    try:
        return SPECS[kind]
    except KeyError:
        raise InvalidInput(f"'{kind}' is not an action that needs two officers.") from None
