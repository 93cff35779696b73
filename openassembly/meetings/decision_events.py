"""Ledger kinds for decisions made outside a meeting: the members' own, by a carried ballot."""

from __future__ import annotations

from openassembly.core.events import EventKind, data

KINDS = (
    EventKind(
        kind="decision.by-ballot",
        label="Members' decision recorded",
        meaning="A carried members' ballot became a numbered decision of the members, with "
                "the actions that carry it out.",
        fields={
            "decision": data("the decision's number"),
            "poll": data("the members' ballot's number on this install", names="poll"),
            "body": data("the body whose decision it is (the all-members body's key)"),
            "title": data("what was decided"),
            "actions": data("the actions set: description, owner, due date, done"),
        },
        sentence=lambda e: (f"Decision {e['decision']} of the members recorded from "
                            f"{e.titled('poll', 'poll')}: {e.quoted(e['title'])}"),
        example={"decision": 18, "poll": 7, "body": "members",
                 "title": "Join the clean air coalition",
                 "actions": [{"description": "Carry out the result", "owner": "Sec Retary",
                              "due_on": "2027-04-12", "done": False}]},
    ),
)
