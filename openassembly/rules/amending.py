"""Who may change the constitution, and how: the members' ballot route.

A body's route is already in ``[[decisions]]``: the one kind of decision with
``amends_constitution = true`` names the body the constitution empowers to amend it and the
majority that rule requires. This module adds the other lawful route, a members' ballot that a
petition raises (``[amendment_ballot]``), and the one question both routes share: which routes
does this constitution provide, in words a refusal can cite.

Pure: imports no Django and no app.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from openassembly.rules.bounds import MAX_TEXT, Name, bounded_list

# The whole constitution (rules.model.Constitution) is passed in, not imported: model imports
# this module to hook the table in. Rule numbers and petition keys need no spelling check of
# their own here, since each must match one the document defines.


class AmendmentBallot(BaseModel):
    """``[amendment_ballot]``: a carried members' ballot raised by one of ``petitions`` adopts
    the constitution text that ballot put to the members (in the demo, rule 8.2: a change the
    Coordinating Group rejected goes to a members' ballot on a petition of ten per cent).
    Without this table no members' ballot can change the constitution."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_max_length=MAX_TEXT)

    rule: Name
    petitions: bounded_list(Name)  # type: ignore[valid-type]


def problems(c: Any, rule_ref) -> list[tuple[str, str]]:
    """Whole-document checks for ``[amendment_ballot]``: its rule exists, and each petition it
    names exists and leads to a members' ballot."""
    found: list[tuple[str, str]] = []
    ballot = c.amendment_ballot
    if ballot is None:
        return found
    rule_ref("amendment_ballot.rule", ballot.rule)
    if not ballot.petitions:
        found.append(("amendment_ballot.petitions", "name at least one petition"))
    petitions = {p.key: p for p in c.petitions}
    for key in ballot.petitions:
        petition = petitions.get(key)
        if petition is None:
            found.append(("amendment_ballot.petitions",
                          f"{key!r} is not one of the [[petitions]]"))
        elif petition.consequence != "referendum" or petition.recall:
            found.append(("amendment_ballot.petitions",
                          f"petition {key!r} does not lead to a members' ballot on a question"))
    return found


def routes_in_words(c: Any) -> str:
    """How this constitution may be changed, for a refusal: "a change to the constitution
    carried at the Coordinating Group (rule 8.2: unanimity), or a members' ballot raised by a
    petition (rule 8.2)"."""
    ways = []
    decision = c.amendment_decision()
    if decision is not None:
        body = c.body(decision.body).name
        ways.append(f"a {decision.name.lower()} carried by the {body} "
                    f"(rule {decision.majority.rule}: {_majority_words(decision.majority.kind)})")
    if c.amendment_ballot is not None:
        ways.append(f"a members' ballot raised by a petition (rule {c.amendment_ballot.rule})")
    if not ways:
        return "no route: this constitution provides no way to amend it"
    return ", or ".join(ways)


def _majority_words(kind: str) -> str:
    return {"simple": "more votes for than against",
            "absolute": "more than half of those entitled to vote",
            "two-thirds": "two thirds of the votes cast",
            "unanimity": "a unanimous vote"}[kind]
