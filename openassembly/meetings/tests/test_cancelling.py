"""Cancelling and postponing a meeting only by whom rule 6.9 names: the body itself by a
recorded decision, or two officers of the Organising Group together; never a requisitioned
meeting. One officer alone is refused, naming the rule, and the refusal is on the ledger."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from openassembly.accounts.models import SensitiveAction
from openassembly.accounts.services import confirm_sensitive_action
from openassembly.core.authority import Authority, AuthorityRefused, Route, resolve
from openassembly.core.compliance import compliance
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.meetings import services
from openassembly.meetings.models import Decision, Mailing, Meeting


def _check(organisation, key, now):
    return next(c for c in compliance(organisation, now) if c.key == key)


def _call(organisation, secretary, body, starts_at, title="Next meeting"):
    return services.call_meeting(secretary, organisation=organisation, body=body, title=title,
                                 starts_at=starts_at, place="Hall", agenda=[("Business", "")])


@pytest.fixture
def og_meeting(organisation, secretary, body_of, travel, now):
    travel.to(now)
    return _call(organisation, secretary, body_of("organising-group"), now + timedelta(days=10))


def _state(meeting):
    meeting.refresh_from_db()
    return meeting.status, meeting.starts_at


def test_one_officer_alone_is_refused_and_the_refusal_is_on_the_ledger(og_meeting, secretary,
                                                                        now):
    before = _state(og_meeting)
    with pytest.raises(AuthorityRefused, match="Rule 6.9: a meeting may be cancelled only by "
                                               "the body itself") as refused:
        services.cancel_meeting(secretary, meeting=og_meeting, reason="Venue flooded")
    assert "two officers of the Organising Group" in str(refused.value)
    assert refused.value.field == "decision"
    with pytest.raises(AuthorityRefused, match="postponed only by"):
        services.cancel_meeting(secretary, meeting=og_meeting, reason="Venue flooded",
                                postpone_to=now + timedelta(days=20))
    assert _state(og_meeting) == before
    refusals = LedgerEvent.objects.filter(kind="power.refused")
    assert refusals.count() == 2 and refusals.first().data["rule"] == "6.9"
    assert not Mailing.objects.filter(kind__in=["cancelled", "postponed"]).exists()


def test_two_officers_together_cancel_with_a_published_reason(og_meeting, secretary, chair,
                                                              now):
    action = services.propose_cancellation(secretary, meeting=og_meeting,
                                           reason="The venue flooded")
    assert _state(og_meeting)[0] == Meeting.Status.CALLED  # nothing until a second confirms
    with pytest.raises(PowerDenied, match="different officer"):
        confirm_sensitive_action(secretary, organisation=og_meeting.organisation,
                                 action_id=action.pk)
    confirm_sensitive_action(chair, organisation=og_meeting.organisation, action_id=action.pk)
    og_meeting.refresh_from_db()
    assert og_meeting.status == Meeting.Status.CANCELLED
    assert og_meeting.cancelled_by == (f"by two officers acting together ({secretary.name} "
                                       f"proposed, {chair.name} confirmed)")
    assert (og_meeting.cancelled_rule, og_meeting.cancelled_reason) == ("6.9", "The venue flooded")
    event = LedgerEvent.objects.get(kind="meeting.cancelled")
    assert event.data["authority"]["route"] == "two-officers" and event.data["rule"] == "6.9"
    assert Mailing.objects.filter(meeting=og_meeting, kind="cancelled").exists()
    finding = _check(og_meeting.organisation, "cancellations", now).findings
    assert len(finding) == 1 and finding[0].ok and finding[0].reason.startswith("Lawful")
    # A cancelled meeting owes nobody notice.
    assert _check(og_meeting.organisation, "notice-sent", now).findings == []


def test_a_member_who_is_no_officer_cannot_propose_or_confirm(og_meeting, secretary, member,
                                                              chair, organisation):
    with pytest.raises(PowerDenied, match="Rule 6.9: only officers of the Organising Group"):
        services.propose_cancellation(member, meeting=og_meeting, reason="I am busy")
    with pytest.raises(InvalidInput, match="say why") as refused:
        services.propose_cancellation(secretary, meeting=og_meeting, reason=" ")
    assert refused.value.field == "reason"
    action = services.propose_cancellation(secretary, meeting=og_meeting, reason="Flooded")
    # The chair loses office before confirming: the act is refused and nothing changes.
    from openassembly.bodies.models import SeatHolding
    from openassembly.core import clock

    SeatHolding.objects.filter(member=chair).update(ends_on=clock.today())
    with pytest.raises(PowerDenied):
        confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
    assert SensitiveAction.objects.get(pk=action.pk).status == "pending"
    assert _state(og_meeting)[0] == Meeting.Status.CALLED


def test_two_officers_postpone_to_a_later_date_and_members_are_told(og_meeting, secretary,
                                                                    chair, now):
    first = og_meeting.starts_at
    with pytest.raises(InvalidInput, match="must be later") as refused:
        services.propose_cancellation(secretary, meeting=og_meeting, reason="Clash",
                                      postpone_to=first - timedelta(days=1))
    assert refused.value.field == "postpone_to"
    later = first + timedelta(days=7)
    action = services.propose_cancellation(secretary, meeting=og_meeting, reason="Clash",
                                           postpone_to=later)
    confirm_sensitive_action(chair, organisation=og_meeting.organisation, action_id=action.pk)
    og_meeting.refresh_from_db()
    assert (og_meeting.status, og_meeting.starts_at, og_meeting.postponed_from) == (
        Meeting.Status.CALLED, later, first)
    assert LedgerEvent.objects.get(kind="meeting.postponed").data["to"] == later.isoformat()
    assert Mailing.objects.filter(meeting=og_meeting, kind="postponed").exists()
    finding = _check(og_meeting.organisation, "cancellations", now).findings[0]
    assert finding.ok and "Postponed from" in finding.reason


def test_the_body_itself_cancels_by_its_recorded_decision(sitting, seconded, vote, organisation,
                                                          secretary, body_of, travel):
    # The next Coordinating Group meeting is called; then the group decides to cancel it.
    later = _call(organisation, secretary, body_of("coordinating-group"),
                  sitting.start + timedelta(days=30), title="Coordinating Group, summer")
    og = _call(organisation, secretary, body_of("organising-group"),
               sitting.start + timedelta(days=30), title="Organising Group, summer")
    travel.to(sitting.start + timedelta(hours=1))
    motion = seconded(title="Cancel the summer meeting", text="The summer meeting is cancelled.")
    vote(motion, 10, 2, 1)
    decision = Decision.objects.get(motion=motion)
    authority = resolve(organisation, Route.DECISION, decision.number)
    # A decision of the Coordinating Group does not cancel the Organising Group's meeting.
    with pytest.raises(AuthorityRefused, match="only the Organising Group itself"):
        services.cancel_meeting(secretary, meeting=og, reason="Summer", authority=authority)
    # Someone who is no organiser of the meeting cannot record it, decision or not.
    with pytest.raises(PowerDenied):
        services.cancel_meeting(sitting.members[5], meeting=later, reason="Summer",
                                authority=authority)
    services.cancel_meeting(secretary, meeting=later, reason="Summer", authority=authority)
    later.refresh_from_db()
    assert later.status == Meeting.Status.CANCELLED
    assert later.cancelled_by.startswith(f"by decision {decision.number} of the Coordinating "
                                         "Group, carried 10-2-1")
    assert later.cancelled_reference == f"decision:{decision.number}"
    # One decision, one meeting: it cannot be used again for another.
    again = _call(organisation, secretary, body_of("coordinating-group"),
                  sitting.start + timedelta(days=40), title="Coordinating Group, autumn")
    with pytest.raises(AuthorityRefused, match="used already"):
        services.cancel_meeting(secretary, meeting=again, reason="Summer", authority=authority)
    assert _state(again)[0] == Meeting.Status.CALLED


def test_a_decision_made_before_the_meeting_was_called_is_not_about_it(
        sitting, seconded, vote, organisation, secretary, body_of, travel):
    motion = seconded(title="No summer meetings", text="No meetings in summer.")
    vote(motion, 10, 2, 1)
    decision = Decision.objects.get(motion=motion)
    travel.to(sitting.start + timedelta(hours=2))
    later = _call(organisation, secretary, body_of("coordinating-group"),
                  sitting.start + timedelta(days=30), title="Coordinating Group, summer")
    with pytest.raises(AuthorityRefused, match="made before this meeting was called"):
        services.cancel_meeting(secretary, meeting=later, reason="Summer",
                                authority=resolve(organisation, Route.DECISION, decision))
    assert _state(later)[0] == Meeting.Status.CALLED


def test_nobody_cancels_a_requisitioned_meeting(organisation, group_members, secretary, chair,
                                                body_of, travel, now):
    travel.to(now)
    people = group_members(8)
    body = body_of("coordinating-group")
    requisition = services.start_requisition(people[0], organisation=organisation, body=body,
                                             kind="group", purpose="The cuts")
    requisition = services.sign_requisition(people[1], requisition=requisition)
    meeting = services.call_meeting(
        secretary, organisation=organisation, body=body, title="On requisition",
        starts_at=now + timedelta(days=21), place="Hall", requisition=requisition)
    with pytest.raises(AuthorityRefused, match="called on a requisition may not be cancelled"):
        services.propose_cancellation(secretary, meeting=meeting, reason="Inconvenient")
    with pytest.raises(AuthorityRefused, match="called on a requisition may not be postponed"):
        services.propose_cancellation(secretary, meeting=meeting, reason="Inconvenient",
                                      postpone_to=now + timedelta(days=60))
    assert not SensitiveAction.objects.exists()
    assert _state(meeting)[0] == Meeting.Status.CALLED


def test_a_meeting_that_opened_cannot_be_cancelled(og_meeting, secretary, chair, travel, now):
    action = services.propose_cancellation(secretary, meeting=og_meeting, reason="Flooded")
    travel.to(og_meeting.starts_at)
    services.open_meeting(secretary, meeting=og_meeting)
    with pytest.raises(Conflict, match="in session, so it cannot be cancelled"):
        confirm_sensitive_action(chair, organisation=og_meeting.organisation,
                                 action_id=action.pk)
    assert _state(og_meeting)[0] == Meeting.Status.OPEN



def test_a_hand_made_or_stale_decision_cancels_nothing(sitting, seconded, vote, organisation,
                                                       secretary, body_of, travel):
    og = _call(organisation, secretary, body_of("organising-group"),
               sitting.start + timedelta(days=30), title="Organising Group, summer")
    later = _call(organisation, secretary, body_of("coordinating-group"),
                  sitting.start + timedelta(days=30), title="Coordinating Group, summer")
    travel.to(sitting.start + timedelta(hours=1))
    decisions = []
    for title in ("Cancel the summer meeting", "Cancel it, again"):
        motion = seconded(title=title, text="The summer meeting is cancelled.")
        vote(motion, 10, 2, 1)
        decisions.append(Decision.objects.get(motion=motion))
    theirs, voided = decisions
    # The Coordinating Group's decision, with facts made by hand to pass as the Organising
    # Group's; and the same facts on a number that names no decision.
    forged = Authority(route=Route.DECISION, text=f"by decision {theirs.number}",
                       reference=f"decision:{theirs.number}",
                       facts={"decision": theirs.number, "body": "organising-group",
                              "body_name": "Organising Group",
                              "made_at": (sitting.start + timedelta(hours=1)).isoformat()})
    stale = resolve(organisation, Route.DECISION, voided.number)
    Decision.objects.filter(pk=voided.pk).update(status=Decision.Status.VOID)
    before = list(LedgerEvent.objects.exclude(kind="power.refused").values_list("pk", "kind"))
    with pytest.raises(AuthorityRefused, match="only the Organising Group itself"):
        services.cancel_meeting(secretary, meeting=og, reason="Summer", authority=forged)
    with pytest.raises(AuthorityRefused, match="no decision 999"):
        services.cancel_meeting(secretary, meeting=og, reason="Summer",
                                authority=replace(forged, reference="decision:999"))
    # Made void after it was looked up: the register, not the caller's copy, decides.
    with pytest.raises(AuthorityRefused, match=f"Decision {voided.number} no longer stands"):
        services.cancel_meeting(secretary, meeting=later, reason="Summer", authority=stale)
    assert _state(og)[0] == _state(later)[0] == Meeting.Status.CALLED
    assert list(LedgerEvent.objects.exclude(kind="power.refused")
                .values_list("pk", "kind")) == before
