"""Requisitions: members require a meeting; the officers must call it in time, or the members
who signed call it themselves and the compliance record shows the failure (rules 6.1, 6.8)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from openassembly.bodies.models import Body
from openassembly.core.authority import Authority, AuthorityRefused, Route, resolve
from openassembly.core.compliance import compliance
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.meetings import services
from openassembly.meetings.models import Meeting, Requisition
from openassembly.members.models import Member


def _check(organisation, key, now):
    return next(c for c in compliance(organisation, now) if c.key == key)


@pytest.fixture
def group(group_members, body_of, travel, now):
    """Eight members seated on the Coordinating Group; rule 6.8 needs a quarter: two."""
    travel.to(now)
    return body_of("coordinating-group"), group_members(8)


def _start(organisation, body, person, kind="group", purpose="To discuss the budget cuts"):
    return services.start_requisition(person, organisation=organisation, body=body, kind=kind,
                                      purpose=purpose)


def _call(organisation, body, person, starts_at, **extra):
    return services.call_meeting(person, organisation=organisation, body=body,
                                 title="Requisitioned meeting", starts_at=starts_at,
                                 place="Hall", agenda=[("The budget cuts", "")], **extra)


def test_a_quarter_of_the_group_completes_a_requisition_with_a_deadline(organisation, group,
                                                                       now):
    body, people = group
    requisition = _start(organisation, body, people[0])
    assert (requisition.status, requisition.needed, requisition.members) == ("open", 2, 8)
    services.sign_requisition(people[1], requisition=requisition)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.COMPLETE
    assert requisition.call_by == now + timedelta(days=14)
    assert requisition.hold_by == now + timedelta(days=35)
    assert [e.kind for e in LedgerEvent.objects.filter(kind__startswith="requisition.")
            .order_by("pk")] == ["requisition.started", "requisition.signed",
                                 "requisition.complete"]


def test_signers_must_be_members_of_the_body_and_sign_once(organisation, group, member,
                                                           make_person):
    body, people = group
    requisition = _start(organisation, body, people[0])
    with pytest.raises(PowerDenied, match="Rule 6.8: only members of the Coordinating Group"):
        services.sign_requisition(member, requisition=requisition)
    with pytest.raises(Conflict, match="each member signs once"):
        services.sign_requisition(people[0], requisition=requisition)
    lapsed = people[2]
    Member.objects.filter(pk=lapsed.pk).update(status=Member.Status.LAPSED)
    lapsed.refresh_from_db()
    with pytest.raises(PowerDenied):
        services.sign_requisition(lapsed, requisition=requisition)
    with pytest.raises(PowerDenied, match="only members of the Coordinating Group"):
        _start(organisation, body, member)
    assert requisition.signatures.count() == 1
    # The refusals of others' signatures are the members' own acts: not on the ledger.
    assert not LedgerEvent.objects.filter(kind="power.refused").exists()


def test_a_requisition_names_a_rule_of_its_body_and_a_purpose(organisation, group, body_of):
    body, people = group
    with pytest.raises(InvalidInput, match="not a requisition of the Coordinating Group") as e:
        _start(organisation, body, people[0], kind="general-meeting")
    assert e.value.field == "kind"
    with pytest.raises(InvalidInput, match="say what the meeting is for"):
        _start(organisation, body, people[0], purpose="  ")
    with pytest.raises(InvalidInput, match="no such requisition"):
        _start(organisation, body, people[0], kind="whim")
    with pytest.raises(InvalidInput, match="gives its members no right"):
        _start(organisation, body_of("conference"), people[0])
    assert not Requisition.objects.exists()


def test_too_few_signatures_call_nothing(organisation, group, travel, now):
    body, people = group
    requisition = _start(organisation, body, people[0])
    with pytest.raises(AuthorityRefused, match="has 1 of the 2 signatures"):
        resolve(organisation, Route.REQUISITION, requisition.pk)
    travel.to(now + timedelta(days=30))
    with pytest.raises(PowerDenied):  # without the requisition, only an officer may call
        _call(organisation, body, people[0], now + timedelta(days=40))
    assert not Meeting.objects.exists()


def test_the_signers_wait_for_the_officers_time_then_call_it_themselves(
        organisation, group, travel, now, member, work):
    body, people = group
    requisition = _start(organisation, body, people[0])
    services.sign_requisition(people[1], requisition=requisition)
    authority = resolve(organisation, Route.REQUISITION, requisition.pk)
    with pytest.raises(AuthorityRefused, match="the officers have until"):
        _call(organisation, body, people[0], now + timedelta(days=10), authority=authority)
    assert _check(organisation, "requisitions", now).breaches == []
    assert _check(organisation, "requisitions", now).findings[0].at_risk

    travel.to(now + timedelta(days=15))
    late = now + timedelta(days=15)
    breach = _check(organisation, "requisitions", late).breaches
    assert len(breach) == 1 and "did not call the meeting" in breach[0].reason
    # A member who did not sign may not use it, nor may it call another body's meeting.
    with pytest.raises(PowerDenied, match="only the members who signed"):
        _call(organisation, body, people[3], late + timedelta(days=8),
              authority=resolve(organisation, Route.REQUISITION, requisition.pk))
    with pytest.raises(AuthorityRefused, match="not the Organising Group"):
        _call(organisation, Body.objects.get(organisation=organisation, key="organising-group"),
              people[1], late + timedelta(days=8),
              authority=resolve(organisation, Route.REQUISITION, requisition.pk))
    meeting = _call(organisation, body, people[1], late + timedelta(days=8),
                    authority=resolve(organisation, Route.REQUISITION, requisition.pk))
    requisition.refresh_from_db()
    assert (meeting.requisition, requisition.status) == (requisition, Requisition.Status.MET)
    assert meeting.called_under.startswith(f"on requisition {requisition.pk} of 2 members")
    called = LedgerEvent.objects.get(kind="meeting.called")
    assert called.data["authority"]["route"] == "requisition"
    assert called.data["requisition"] == requisition.pk
    finding = _check(organisation, "requisitions", late).breaches
    assert len(finding) == 1 and "called it themselves" in finding[0].reason
    # A second call on the same requisition is refused: it is met.
    with pytest.raises(AuthorityRefused, match="called already"):
        _call(organisation, body, people[0], late + timedelta(days=9),
              authority=resolve(organisation, Route.REQUISITION, requisition.pk))


def test_officers_who_answer_in_time_keep_the_rule(organisation, group, secretary, travel, now):
    body, people = group
    requisition = _start(organisation, body, people[0])
    services.sign_requisition(people[1], requisition=requisition)
    travel.to(now + timedelta(days=3))
    with pytest.raises(InvalidInput, match="must be held by") as refused:
        _call(organisation, body, secretary, now + timedelta(days=60), requisition=requisition)
    assert refused.value.field == "starts_at"
    meeting = _call(organisation, body, secretary, now + timedelta(days=20),
                    requisition=requisition)
    assert meeting.called_under == (f"answering requisition {requisition.pk} under rule 6.8")
    finding = _check(organisation, "requisitions", now + timedelta(days=3)).findings
    assert finding[0].ok and "within the deadline" in finding[0].reason
    with pytest.raises(AuthorityRefused):  # the signers may not call a second one
        _call(organisation, body, people[0], now + timedelta(days=30),
              authority=resolve(organisation, Route.REQUISITION, requisition.pk))


def test_rule_6_1_two_members_call_a_group_that_has_not_met_for_three_months(
        organisation, group, travel, now):
    body, people = group
    with pytest.raises(Conflict, match="has not met for 3 months") as refused:
        _start(organisation, body, people[0], kind="not-met")
    assert refused.value.field == "kind"
    Body.objects.filter(pk=body.pk).update(established_on=(now - timedelta(days=100)).date())
    body.refresh_from_db()
    requisition = _start(organisation, body, people[0], kind="not-met")
    assert requisition.needed == 2
    services.sign_requisition(people[1], requisition=requisition)
    requisition.refresh_from_db()
    assert requisition.call_by == requisition.complete_at  # at once, as the rule is written
    meeting = _call(organisation, body, people[1], now + timedelta(days=8),
                    authority=resolve(organisation, Route.REQUISITION, requisition))
    assert meeting.called_by == people[1] and meeting.chair == people[1]
    finding = _check(organisation, "requisitions", now).findings
    assert finding[0].ok and finding[0].reason.startswith("Lawful")


def test_a_general_meeting_needs_one_in_twenty_of_all_members(organisation, make_person,
                                                             body_of, travel, now):
    travel.to(now)
    people = [make_person(f"Member {i:02d}", f"gm{i}@example.org") for i in range(25)]
    members = body_of("members")
    total = Member.objects.filter(organisation=organisation, status="active").count()
    requisition = _start(organisation, members, people[0], kind="general-meeting")
    assert requisition.needed == -(-total * 5 // 100)
    for person in people[1:requisition.needed]:
        services.sign_requisition(person, requisition=requisition)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.COMPLETE


def test_hand_made_signers_call_no_meeting(organisation, group, travel, now):
    body, people = group
    requisition = _start(organisation, body, people[0])
    services.sign_requisition(people[1], requisition=requisition)
    open_one = _start(organisation, body, people[4], purpose="To discuss the rota")
    late = now + timedelta(days=15)
    travel.to(late)
    # The complete requisition's facts, made by hand to list a member who did not sign; and
    # the same facts pointing at a requisition that is not complete, or at none.
    forged = Authority(route=Route.REQUISITION, text=f"on requisition {requisition.pk}",
                       reference=f"requisition:{requisition.pk}",
                       facts={"requisition": requisition.pk, "body": body.key,
                              "signers": [p.pk for p in people], "status": "complete"})
    before = list(LedgerEvent.objects.exclude(kind="power.refused").values_list("pk", "kind"))
    with pytest.raises(PowerDenied, match="only the members who signed"):
        _call(organisation, body, people[3], late + timedelta(days=8), authority=forged)
    with pytest.raises(AuthorityRefused, match="signatures it needs"):
        _call(organisation, body, people[4], late + timedelta(days=8),
              authority=replace(forged, reference=f"requisition:{open_one.pk}"))
    with pytest.raises(AuthorityRefused, match="no requisition 9999"):
        _call(organisation, body, people[3], late + timedelta(days=8),
              authority=replace(forged, reference="requisition:9999"))
    assert not Meeting.objects.exists()
    assert list(LedgerEvent.objects.exclude(kind="power.refused")
                .values_list("pk", "kind")) == before
