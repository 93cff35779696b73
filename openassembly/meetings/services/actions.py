"""Actions arising from decisions: an owner, a due date, and whether it was done."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from openassembly.core import clock
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.members.models import Member

from ..models import Action, Decision
from ._common import require_organiser, same_organisation


@acts(Route.OFFICE, power="chair-meeting")
def add_action(actor: Member, *, decision: Decision, description: str, owner: Member,
               due_on: date) -> Action:
    if decision.meeting is None:
        # A members' decision's actions are the ones its ballot set, under the constitution's
        # rule; nobody adds to what the members decided.
        raise Conflict(f"Decision {decision.number} was made by the members in a ballot; its "
                       "actions are the ones the constitution sets for a carried result.")
    require_organiser(actor, decision.meeting, "add actions")
    same_organisation(decision.organisation, owner)
    if owner.status != Member.Status.ACTIVE:
        raise InvalidInput(f"{owner.name} is not an active member, so cannot own an action.")
    if not description.strip():
        raise InvalidInput("Say what is to be done.")
    if decision.status != Decision.Status.STANDING:
        raise Conflict("That decision is void; it has no actions.")
    with transaction.atomic():
        action = Action.objects.create(
            organisation=decision.organisation, decision=decision,
            description=description.strip()[:300], owner=owner, due_on=due_on,
            created_by=actor, created_at=clock.now(),
        )
        append_event(decision.organisation, kind="action.added", actor=actor.name, data={
            "decision": decision.number, "action": action.pk, "description": action.description,
            "owner": owner.name, "due_on": due_on.isoformat(),
        })
    return action


@acts(Route.SELF, Route.OFFICE, power="chair-meeting")
def complete_action(actor: Member, *, action: Action, note: str = "") -> Action:
    """The owner (or an officer of the meeting) marks an action done."""
    if (actor is None or actor.pk != action.owner_id) and action.decision.meeting is None:
        raise PowerDenied("Only the action's owner can mark it done.", power="action-owner")
    if actor is None or actor.pk != action.owner_id:
        try:
            require_organiser(actor, action.decision.meeting, "mark actions done")
        except PowerDenied:
            raise PowerDenied("Only the action's owner or an officer of the meeting can mark "
                              "it done.", power="action-owner") from None
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        if action.done_on is not None:
            raise Conflict("That action is marked done already.")
        action.done_on, action.done_note = clock.today(), note.strip()
        action.save(update_fields=["done_on", "done_note"])
        append_event(action.organisation, kind="action.done", actor=actor.name, data={
            "action": action.pk, "done_on": action.done_on.isoformat(),
            "late": action.done_on > action.due_on,
        })
    return action
