"""Decisions the members make themselves, in a members' ballot: into the same register.

The ballots app (above this one) declares a members' ballot's result; a carried result is a
decision like a body's, numbered in the organisation's one register, with actions that carry
it out. This service is how it gets there: it takes the carried ballot as BALLOT authority
(resolved by the ballots app, so this app never imports it) and refuses anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max

from openassembly.bodies.models import Body
from openassembly.core import clock
from openassembly.core.actors import Actor
from openassembly.core.authority import Authority, AuthorityRefused, Route, acts, reread
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.members.models import Member

from ..models import Action, Decision
from ..text import render


@dataclass(frozen=True)
class ActionSpec:
    """An action a carried ballot sets: done at once when its consequence was automatic."""

    description: str
    owner: Member
    due_on: date
    done_note: str = ""  # non-empty: done already, by the system, as this says


@acts(Route.BALLOT)
@transaction.atomic
def record_members_decision(actor: Actor, *, organisation: Organisation, authority: Authority,
                            title: str, text: str, actions: list[ActionSpec]) -> Decision:
    """Number a carried members' ballot in the decisions register and set its actions."""
    # Read again from this organisation's record of its ballots: never the caller's facts.
    authority = reread(organisation, authority, Route.BALLOT,
                       act="Recording a decision of the members", field="ballot")
    facts = authority.facts
    if facts.get("organisation") != organisation.pk:
        raise AuthorityRefused("That ballot belongs to another organisation.")
    if not facts.get("carried"):
        raise AuthorityRefused(f"{authority.text} was not carried, so the members decided "
                               "nothing to record.", rule=authority.rule)
    if Decision.objects.filter(organisation=organisation, ballot_id=facts["poll"]).exists():
        raise AuthorityRefused(f"{authority.text} is in the decisions register already.")
    body = Body.objects.get(organisation=organisation, key=facts["body"])
    # The register is numbered across the organisation, so numbering takes turns.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).get()
    number = (Decision.objects.filter(organisation=organisation)
              .aggregate(n=Max("number"))["n"] or 0) + 1
    now = clock.now()
    decision = Decision.objects.create(
        organisation=organisation, body=body, ballot_id=facts["poll"], number=number,
        title=title.strip()[:200], html=render(text), made_at=now,
        authority=authority.as_data(),
    )
    listed = []
    for spec in actions:
        done = bool(spec.done_note)
        Action.objects.create(
            organisation=organisation, decision=decision, description=spec.description[:300],
            owner=spec.owner, due_on=spec.due_on, created_by=None, created_at=now,
            done_on=clock.today() if done else None, done_note=spec.done_note,
        )
        listed.append({"description": spec.description, "owner": spec.owner.name,
                       "due_on": spec.due_on.isoformat(), "done": done})
    append_event(organisation, kind="decision.by-ballot", actor=actor.name, data={
        "decision": number, "poll": facts["poll"], "body": body.key, "title": decision.title,
        "actions": listed,
    }, authority=authority)
    return decision
