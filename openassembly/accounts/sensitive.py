"""The acts that need two officers, each named with the power it needs and what it does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openassembly.core.errors import InvalidInput, NotFound
from openassembly.core.models import Organisation


@dataclass(frozen=True)
class Spec:
    kind: str
    title: str
    power: str
    check: Callable[[Organisation, dict], None]
    summary: Callable[[Organisation, dict], str]
    carry_out: Callable[..., dict[str, Any]]


def _member(organisation: Organisation, payload: dict):
    from openassembly.members.models import Member

    member = Member.objects.filter(organisation=organisation, pk=payload.get("member")).first()
    if member is None:
        raise NotFound("No such member.")
    return member


def _check_erase(organisation: Organisation, payload: dict) -> None:
    if _member(organisation, payload).erased_at is not None:
        raise InvalidInput("That member's personal data has been erased already.")


def _erase(organisation: Organisation, action, *, confirmer) -> dict:
    from openassembly.members.services import erase_member

    member = erase_member(
        organisation=organisation,
        member=_member(organisation, action.payload),
        actor=f"{action.proposed_by.name} and {confirmer.name}",
    )
    return {"member": member.pk}


def _check_export(organisation: Organisation, payload: dict) -> None:
    return None


def _export(organisation: Organisation, action, *, confirmer) -> dict:
    from openassembly.record.exports import write_full_export

    name = write_full_export(organisation, action_id=action.pk)
    return {"file": name}


def _check_constitution(organisation: Organisation, payload: dict) -> None:
    from openassembly.rules.loader import ConstitutionError, load_constitution

    text = payload.get("text", "")
    try:
        parsed = load_constitution(text)
    except ConstitutionError as error:
        raise InvalidInput(f"The constitution is not valid:\n{error}") from error
    if parsed.organisation.slug != organisation.slug:
        raise InvalidInput("organisation.slug must stay the same.")
    from openassembly.core.services import refuse_while_pending

    refuse_while_pending(organisation)


def _adopt(organisation: Organisation, action, *, confirmer) -> dict:
    from openassembly.core.services import adopt_constitution_version

    version = adopt_constitution_version(
        organisation=organisation,
        text=action.payload["text"],
        adopted_by=f"{action.proposed_by.name} and {confirmer.name}",
        note=action.reason,
    )
    return {"version": version.number, "effective_at": version.effective_at.isoformat()}


def _check_correction(organisation: Organisation, payload: dict) -> None:
    from openassembly.meetings.services.corrections import check_correction

    check_correction(organisation, payload)


def _correction_summary(organisation: Organisation, payload: dict) -> str:
    from openassembly.meetings.services.corrections import summary

    return summary(organisation, payload)


def _correct(organisation: Organisation, action, *, confirmer) -> dict:
    from openassembly.meetings.services.corrections import apply_correction

    return apply_correction(organisation, action, confirmer=confirmer)


def _poll(organisation: Organisation, payload: dict):
    from openassembly.ballots.models import Poll

    poll = Poll.objects.filter(organisation=organisation, pk=payload.get("poll")).first()
    if poll is None:
        raise NotFound("No such ballot.")
    return poll


def _check_cancel_poll(organisation: Organisation, payload: dict) -> None:
    from openassembly.ballots.services.cancelling import check_cancellable

    check_cancellable(_poll(organisation, payload))


def _cancel_poll(organisation: Organisation, action, *, confirmer) -> dict:
    from openassembly.ballots.services.cancelling import cancel_poll

    poll = cancel_poll(action.proposed_by, poll=_poll(organisation, action.payload),
                       reason=action.reason,
                       confirmed_by=confirmer)
    return {"poll": poll.pk, "ballots_destroyed": poll.ballots_count
            if poll.cancelled_from == "open" else 0}


SPECS = {
    spec.kind: spec
    for spec in (
        Spec(
            "erase-member",
            "Erase a member's personal data",
            "manage-register",
            _check_erase,
            lambda org, p: f"erase the personal data of member {p.get('member')}",
            _erase,
        ),
        Spec(
            "full-export",
            "Full export of the organisation's data, personal data included",
            "full-export",
            _check_export,
            lambda org, p: "a full export including personal data",
            _export,
        ),
        Spec(
            "adopt-constitution",
            "Record a new version of the constitution",
            "edit-constitution",
            _check_constitution,
            lambda org, p: "a new version of the constitution",
            _adopt,
        ),
        Spec(
            "cancel-poll",
            "Cancel an election or members' ballot (destroying any ballots cast, unread)",
            "run-ballots",
            _check_cancel_poll,
            lambda org, p: f"cancel ballot {p.get('poll')}",
            _cancel_poll,
        ),
        Spec(
            "correct-result",
            "Correct a recorded result",
            "correct-result",
            _check_correction,
            _correction_summary,
            _correct,
        ),
    )
}


def spec(kind: str) -> Spec:
    try:
        return SPECS[kind]
    except KeyError:
        raise InvalidInput(f"'{kind}' is not an action that needs two officers.") from None
