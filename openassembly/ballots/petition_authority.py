"""Petitions and members' ballots as authority for the acts that rest on them.

A petition that reached its threshold is PETITION authority (a members' ballot is drafted and
opens on it, without an officer); a carried members' ballot is BALLOT authority (a decision of
the members in the register, a new version of the constitution). Registered with core.authority
from this app's ``ready()``. The reference is the petition's or poll's number on this install,
or the record itself; what comes back is read from the database, never from the caller.
"""

from __future__ import annotations

import hashlib
from typing import Any

from openassembly.core.authority import Authority, AuthorityRefused, Route, register_resolver
from openassembly.core.models import Organisation

from .constitution import all_members_body
from .models import Petition, Poll, Referendum


def _number(reference: Any, what: str, field: str) -> int:
    try:
        return int(reference)
    except (TypeError, ValueError):
        raise AuthorityRefused(f"Give the number of {what}.", field=field) from None


def petition_authority(organisation: Organisation, reference: Any) -> Authority:
    """The petition ``reference`` names, if it reached its threshold in this organisation."""
    pk = reference.pk if isinstance(reference, Petition) else _number(
        reference, "a petition", "petition")
    petition = Petition.objects.filter(organisation=organisation, pk=pk).first()
    if petition is None:
        raise AuthorityRefused(f"There is no petition {pk} here.", field="petition")
    if petition.status != Petition.Status.SUCCEEDED:
        raise AuthorityRefused(
            f"Rule {petition.rule}: petition {pk} has {petition.signatures_count} signatures and "
            "has not reached its threshold, so nothing rests on it yet.",
            rule=petition.rule, field="petition")
    return Authority(
        route=Route.PETITION,
        text=(f"by petition {pk} (\"{petition.title}\"), which reached its threshold of "
              f"{petition.threshold_reached} signatures"),
        reference=f"petition:{pk}",
        rule=petition.rule,
        facts={"organisation": organisation.pk, "petition": pk, "kind": petition.kind,
               "signatures": petition.signatures_count,
               "threshold": petition.threshold_reached,
               "starter": petition.created_by_id},
    )


def ballot_authority(organisation: Organisation, reference: Any) -> Authority:
    """The members' ballot ``reference`` names, if its declared result carried it."""
    if isinstance(reference, Referendum):
        pk = reference.poll_id
    elif isinstance(reference, Poll):
        pk = reference.pk
    else:
        pk = _number(reference, "a members' ballot", "ballot")
    poll = Poll.objects.filter(organisation=organisation, pk=pk,
                               kind=Poll.Kind.REFERENDUM).first()
    if poll is None:
        raise AuthorityRefused(f"There is no members' ballot {pk} here.", field="ballot")
    if poll.status != Poll.Status.DECLARED:
        raise AuthorityRefused(
            f"Members' ballot {pk} has no declared result ({poll.get_status_display()}), so "
            "nothing rests on it yet.", rule=poll.rule, field="ballot")
    outcome = poll.outcome or {}
    votes = outcome.get("votes") or {}
    # In the paper's order ("carried 812-240" is for, then against): a JSON column need not
    # keep the order its keys were written in.
    labels = poll.choices.order_by("position").values_list("label", flat=True)
    tally = "-".join(str(votes.get(label, 0)) for label in labels)
    if not outcome.get("carried"):
        raise AuthorityRefused(
            f"Rule {poll.rule}: members' ballot {pk} was not carried ({tally or 'no votes'}); "
            f"{outcome.get('majority_reason', '')} {outcome.get('quorum_reason', '')}".strip(),
            rule=poll.rule, field="ballot")
    referendum = poll.referendum
    return Authority(
        route=Route.BALLOT,
        text=f"by members' ballot {pk} (\"{poll.title}\"), carried {tally}",
        reference=f"ballot:{pk}",
        rule=poll.rule,
        facts={"organisation": organisation.pk, "poll": pk, "carried": True, "votes": votes,
               "body": all_members_body(organisation).key, "question": referendum.question,
               # The petition's kind (what [amendment_ballot]-style checks compare) and number.
               "petition": referendum.petition.kind if referendum.petition_id else None,
               "petition_id": referendum.petition_id,
               # Whom a recall ballot recalls: bodies' end_term checks it is this holder.
               "recall_member": (referendum.recall_holding.member_id
                                 if referendum.recall_holding_id else None),
               # The text the members were asked to adopt, if any: only it can be adopted.
               "new_constitution_sha256": (
                   hashlib.sha256(referendum.new_constitution.encode()).hexdigest()
                   if referendum.new_constitution else "")},
    )


def register() -> None:
    register_resolver(Route.PETITION, petition_authority)
    register_resolver(Route.BALLOT, ballot_authority)
