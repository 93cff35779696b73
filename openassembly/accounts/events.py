"""The ledger events the accounts app writes: two-officer (sensitive) actions."""

from __future__ import annotations

from openassembly.core import sensitive
from openassembly.core.errors import ServiceError
from openassembly.core.event_text import Reading
from openassembly.core.events import EventKind, data, register


def _act(e: Reading) -> str:
    try:
        title = sensitive.spec(e["kind"]).title
    except ServiceError:
        title = e["kind"]  # an act this version no longer offers
    return f"{e.quoted(title)} (action {e['action']})"


KINDS = (
    EventKind(
        kind="sensitive.proposed",
        label="Two-officer act proposed",
        meaning="An officer proposed an act that needs a second officer's confirmation.",
        fields={
            "action": data("the proposal's number"),
            "kind": data("which act: erase-member, full-export, cancel-poll, correct-result or "
                         "reset-second-factor (adopt-constitution before a new version needed a "
                         "decision or a members' ballot)"),
            "reason": data("why, as the proposer published it"),
            "summary": data("what the act would do, in words"),
        },
        sentence=lambda e: (
            f"{e.who} proposed action {e['action']} for a second officer to confirm: "
            f"{e['summary']} (reason given: {e['reason']})"
        ),
        example={"action": 3, "kind": "full-export", "reason": "Annual audit",
                 "summary": "a full export including personal data"},
    ),
    EventKind(
        kind="sensitive.confirmed",
        label="Two-officer act confirmed",
        meaning="A second officer confirmed a proposed act, and it was carried out.",
        fields={
            "action": data("the proposal's number"),
            "kind": data("which act"),
            "proposed_by": data("the name of the officer who proposed it"),
        },
        sentence=lambda e: f"{e.who} confirmed {_act(e)}, proposed by {e['proposed_by']}",
        example={"action": 3, "kind": "full-export", "proposed_by": "Idris Vaughan"},
    ),
    EventKind(
        kind="sensitive.cancelled",
        label="Two-officer act cancelled",
        meaning="A proposed two-officer act was withdrawn or refused before it was carried out.",
        fields={
            "action": data("the proposal's number"),
            "kind": data("which act"),
        },
        sentence=lambda e: f"{e.who} cancelled {_act(e)}",
        example={"action": 3, "kind": "full-export"},
    ),
    EventKind(
        kind="token.created",
        label="API token made",
        meaning="A member made a personal access token for the JSON API (its secret is never "
                "recorded).",
        fields={
            "token": data("the token's number"),
            "name": data("the name the member gave it"),
            "scopes": data("what it may do: read, vote"),
        },
        sentence=lambda e: (
            f"{e.who} made API token {e['token']} ({e.quoted(e['name'])}) for: "
            f"{', '.join(e['scopes'])}"
        ),
        example={"token": 4, "name": "Phone script", "scopes": ["read", "vote"]},
    ),
    EventKind(
        kind="token.revoked",
        label="API token revoked",
        meaning="A member revoked one of their personal access tokens; it is refused from then "
                "on.",
        fields={
            "token": data("the token's number"),
            "name": data("the name the member gave it"),
        },
        sentence=lambda e: f"{e.who} revoked API token {e['token']} ({e.quoted(e['name'])})",
        example={"token": 4, "name": "Phone script"},
    ),
)


def register_kinds() -> None:
    register("accounts", *KINDS)
