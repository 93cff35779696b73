"""Cancelling and postponing a called meeting, only by whom the constitution names.

``[cancellation]`` (rules/meeting_rights.py) says who: in the demo, rule 6.9, the body itself
by a recorded decision (``cancel_meeting`` with the decision as its authority), or two officers
of the Organising Group acting together with a published reason (``propose_cancellation``, then
a second officer's confirmation under the two-person rule, which carries it out through
``meetings/sensitive.py``); never a meeting called on a requisition. One officer alone is
refused, naming the rule. Either way the members of the body are told by mail, and the record
shows who did it and by what authority.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from openassembly.accounts.models import SensitiveAction
from openassembly.accounts.services import propose_sensitive_action
from openassembly.core import clock, states
from openassembly.core.authority import (
    Authority,
    AuthorityRefused,
    Route,
    acts,
    plain,
    reread,
)
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.members.models import Member
from openassembly.rules import meeting_rights

from ..models import Mailing, Meeting
from ..rights import (
    KIND,
    check_cancellable,
    doing,
    meeting_of,
    postpone_to_of,
    require_officer,
    rules_for,
    who,
)
from ..tasks import enqueue_meeting_mail
from ._common import locked, require_organiser


def _apply(meeting: Meeting, *, actor: str, reason: str, authority: Authority, reference: str,
           postpone_to: datetime | None, started_by: Member | None) -> Meeting:
    rules = rules_for(meeting)
    meeting = locked(meeting)
    check_cancellable(meeting, reason=reason, postpone_to=postpone_to)
    meeting.cancelled_reason = reason.strip()
    meeting.cancelled_at = clock.now()
    meeting.cancelled_by = authority.text
    meeting.cancelled_reference = reference
    meeting.cancelled_rule = rules.rule
    fields = ["cancelled_reason", "cancelled_at", "cancelled_by", "cancelled_reference",
              "cancelled_rule"]
    if postpone_to is not None:
        if meeting.postponed_from is None:
            meeting.postponed_from = meeting.starts_at
        if meeting.ends_at is not None:
            meeting.ends_at = postpone_to + (meeting.ends_at - meeting.starts_at)
        meeting.starts_at = postpone_to
        meeting.save(update_fields=[*fields, "postponed_from", "starts_at", "ends_at"])
        append_event(meeting.organisation, kind="meeting.postponed", actor=actor, data={
            "meeting": meeting.pk, "reason": meeting.cancelled_reason,
            "from": meeting.postponed_from.isoformat(), "to": postpone_to.isoformat(),
            "rule": rules.rule,
        }, authority=authority)
        enqueue_meeting_mail(meeting, Mailing.Kind.POSTPONED, started_by=started_by)
        return meeting
    states.move(meeting, Meeting.Status.CANCELLED)
    meeting.save(update_fields=[*fields, "status"])
    append_event(meeting.organisation, kind="meeting.cancelled", actor=actor, data={
        "meeting": meeting.pk, "reason": meeting.cancelled_reason, "rule": rules.rule,
    }, authority=authority)
    enqueue_meeting_mail(meeting, Mailing.Kind.CANCELLED, started_by=started_by)
    return meeting


def _alone(meeting: Meeting, rules: meeting_rights.Cancellation, what: str) -> str:
    return (f"Rule {rules.rule}: a meeting may be {what} only by {who(meeting)}. "
            + ("One officer alone may not: propose it, and it happens only when a second "
               "officer confirms it." if rules.officers else ""))


@acts(Route.DECISION)
@transaction.atomic
def cancel_meeting(actor: Member, *, meeting: Meeting, reason: str,
                   authority: Authority | None = None,
                   postpone_to: datetime | None = None) -> Meeting:
    """Cancel (or, with ``postpone_to``, postpone) ``meeting`` by a recorded decision of its own
    body, given as ``authority``. An organiser of the meeting records it."""
    rules = rules_for(meeting)
    what = doing(postpone_to)
    if authority is None or authority.route != Route.DECISION:
        raise AuthorityRefused(_alone(meeting, rules, what), rule=rules.rule, field="decision")
    if not rules.by_body:
        raise AuthorityRefused(f"Rule {rules.rule}: a body's decision does not cancel its "
                               f"meetings here; only {who(meeting)} may.", rule=rules.rule,
                               field="decision")
    require_organiser(actor, meeting, f"record that the meeting is {what}")
    # Read again from this organisation's register: never the caller's facts.
    authority = reread(meeting.organisation, authority, Route.DECISION,
                       act=f"Recording that a meeting is {what}", rule=rules.rule,
                       field="decision")
    number = authority.facts["decision"]
    if authority.facts["body"] != meeting.body.key:
        raise AuthorityRefused(
            f"Rule {rules.rule}: only the {meeting.body.name} itself may decide that its "
            f"meeting is {what}; decision {number} is of the {authority.facts['body_name']}.",
            rule=rules.rule, field="decision")
    if datetime.fromisoformat(authority.facts["made_at"]) < meeting.called_at:
        raise AuthorityRefused(
            f"Decision {number} was made before this meeting was called, so it is not a "
            f"decision about this meeting.", rule=rules.rule, field="decision")
    used = (Meeting.objects.filter(organisation=meeting.organisation,
                                   cancelled_reference=authority.reference)
            .exclude(pk=meeting.pk).values_list("title", flat=True).first())
    if used is not None:
        raise AuthorityRefused(f"Decision {number} has been used already, for '{used}'.",
                               rule=rules.rule, field="decision")
    check_cancellable(meeting, reason=reason, postpone_to=postpone_to)
    return _apply(meeting, actor=actor.name, reason=reason, authority=authority,
                  reference=authority.reference, postpone_to=postpone_to, started_by=actor)


@acts(Route.TWO_OFFICERS, power=KIND)
@transaction.atomic
def propose_cancellation(actor: Member, *, meeting: Meeting, reason: str,
                         postpone_to: datetime | None = None) -> SensitiveAction:
    """One officer proposes to cancel (or postpone) ``meeting``; it happens only when a second
    officer confirms (accounts' two-person rule), and the reason is published with it."""
    rules = rules_for(meeting)
    what = doing(postpone_to)
    if not rules.officers:
        raise AuthorityRefused(f"Rule {rules.rule}: officers may not cancel or postpone a "
                               f"meeting; only {who(meeting)} may.", rule=rules.rule)
    require_officer(rules, actor, f"propose that a meeting is {what}")
    check_cancellable(meeting, reason=reason, postpone_to=postpone_to)
    return propose_sensitive_action(
        actor, organisation=meeting.organisation, kind=KIND, reason=reason,
        payload={"meeting": meeting.pk,
                 "postpone_to": postpone_to.isoformat() if postpone_to else ""})


@acts(Route.TWO_OFFICERS, power=KIND)
@transaction.atomic
def apply_cancellation(organisation: Organisation, action: SensitiveAction, *,
                       confirmer: Member) -> dict:
    """Carry out a cancellation two officers agreed (core.sensitive calls it when the second
    confirms, inside the confirmation's transaction): both must be officers the rule names."""
    meeting = meeting_of(organisation, action.payload)
    rules = rules_for(meeting)
    what = doing(postpone_to_of(action.payload))
    if rules.officers < 2:
        raise AuthorityRefused(f"Rule {rules.rule}: officers may not cancel or postpone a "
                               f"meeting; only {who(meeting)} may.", rule=rules.rule)
    require_officer(rules, action.proposed_by, f"propose that a meeting is {what}")
    require_officer(rules, confirmer, f"confirm that a meeting is {what}")
    authority = plain(Route.TWO_OFFICERS,
                      f"by two officers acting together ({action.proposed_by.name} proposed, "
                      f"{confirmer.name} confirmed)", rule=rules.rule)
    done = _apply(meeting, actor=confirmer.name, reason=action.reason, authority=authority,
                  reference=f"two-officer action {action.pk}",
                  postpone_to=postpone_to_of(action.payload), started_by=confirmer)
    return {"meeting": done.pk, "status": done.status, "starts_at": done.starts_at.isoformat()}
