"""What the constitution says about members' ballots: which rule, which body, quorum, majority.

Reads only, so that services, selectors and views can all ask them; the services that act on
the answers live in services/.
"""

from __future__ import annotations

import math

from openassembly import counting
from openassembly.core.errors import InvalidInput
from openassembly.core.models import Organisation
from openassembly.rules.members_ballots import petition_ballot
from openassembly.rules.questions import passed

from .models import Poll


def ballot_rule(organisation) -> str:
    """The rule on secret ballots, or the members' ballot rule when there is no [ballots]."""
    constitution = organisation.constitution
    if constitution.ballots is not None:
        return constitution.ballots.rule
    return all_members_body(organisation).majority.rule


def all_members_body(organisation):
    constitution = organisation.constitution
    for body in constitution.bodies:
        if body.kind == "all-members":
            return body
    raise InvalidInput(
        "The constitution has no all-members body, so it provides for no members' ballots."
    )


def referendum_majority(organisation):
    """The majority a members' ballot needs: its [[decisions]] entry, else the body's own."""
    constitution = organisation.constitution
    body = all_members_body(organisation)
    for decision in constitution.decisions:
        if decision.body == body.key:
            return decision.majority
    return body.majority


def statements_rule(organisation: Organisation) -> str:
    ballots = organisation.constitution.ballots
    return (ballots.statements_rule if ballots and ballots.statements_rule
            else ballot_rule(organisation))


def quorum(organisation: Organisation, *, roll: int, voters: int) -> dict:
    """Whether enough members voted, by the all-members body's quorum, with the rule."""
    body = all_members_body(organisation)
    q = body.quorum
    if q.fraction is not None:
        needed = max(1, math.ceil(q.fraction * roll))
        sets = f"at least {q.fraction} of the {roll:,} members on the roll ({needed:,})"
    else:
        needed = q.count or 1
        sets = f"at least {needed:,} members"
    ok = voters >= needed
    return {
        "ok": ok,
        "needed": needed,
        "rule": q.rule,
        "reason": f"Rule {q.rule} requires {sets} to vote; {voters:,} "
        f"{'has' if voters == 1 else 'have'} voted, so the ballot "
        f"{'is' if ok else 'is not yet'} valid.",
    }


def referendum_outcome(poll: Poll, result: counting.Result) -> dict:
    votes = {name: int(value) for name, value in result.to_dict()["stages"][-1]["votes"].items()}
    q = quorum(poll.organisation, roll=poll.roll_size, voters=poll.voters_count)
    outcome = {"votes": votes, "quorate": q["ok"], "quorum_reason": q["reason"]}
    labels = list(votes)
    if len(labels) == 2:
        answer = passed(referendum_majority(poll.organisation), votes_for=votes[labels[0]],
                        against=votes[labels[1]], abstain=poll.empty_count,
                        eligible=poll.roll_size)
        outcome["carried"] = answer.ok and q["ok"]
        outcome["majority_reason"] = answer.reason
    else:
        outcome["carried"] = None
        outcome["majority_reason"] = (
            f"The option with most votes is chosen: {', '.join(result.elected)}."
        )
    return outcome


def scrutiny_rule(organisation: Organisation) -> str:
    """The rule on scrutineers and on the returning officer who may not stand."""
    scrutiny = organisation.constitution.scrutiny
    return scrutiny.rule if scrutiny is not None else ballot_rule(organisation)


def petition_rule(referendum) -> str:
    """The rule that sets a petition ballot's timetable and statements."""
    spec = petition_ballot(referendum.organisation.constitution, referendum.petition.kind)
    return spec.rule if spec is not None else referendum.petition.rule
