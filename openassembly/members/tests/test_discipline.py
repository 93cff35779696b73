"""Suspension, expulsion and reinstatement only by the decision rule 2.5 names, and every other
route refused by the rule it breaks, with nothing changed and the refusal on the ledger."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core import mail

from openassembly.conftest import _seat
from openassembly.core.actors import System
from openassembly.core.authority import Authority, AuthorityRefused, Route, plain, resolve
from openassembly.core.errors import Conflict, InvalidInput, NotFound, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.core.services import create_organisation
from openassembly.mail.models import Notice
from openassembly.meetings.models import Decision
from openassembly.members.models import Member, StandingChange
from openassembly.members.services_discipline import apply_disciplinary_decision
from openassembly.rules import examples

REASON = "The member harassed a volunteer at the March meeting; the complaint was upheld."


def _apply(actor, organisation, member, authority, change="suspend", reason=REASON):
    return apply_disciplinary_decision(actor, organisation=organisation, member=member,
                                       change=change, authority=authority, reason=reason)


def _unchanged(member, status="active"):
    member.refresh_from_db()
    assert member.status == status
    assert not StandingChange.objects.filter(member=member).exists()


def test_a_decision_of_the_organising_group_suspends_and_the_member_is_told(
        organisation, secretary, member, og_decision, work):
    decision = og_decision()
    authority = resolve(organisation, Route.DECISION, decision.number)
    change = _apply(secretary, organisation, member, authority)
    member.refresh_from_db()
    assert member.status == Member.Status.SUSPENDED
    assert (change.decision, change.rule, change.reason) == (decision.number, "2.5", REASON)
    event = LedgerEvent.objects.get(kind="member.standing_changed")
    assert event.data["decision"] == decision.number and event.data["rule"] == "2.5"
    assert event.data["member"].startswith("c1:") and event.data["reason"].startswith("c1:")
    assert event.data["authority"]["reference"] == f"decision:{decision.number}"
    public = str(event.data)
    assert member.name not in public and member.email not in public and REASON not in public
    assert Notice.objects.get(member=member).status == Notice.Status.QUEUED
    assert "send_notice" in work()
    told = [m for m in mail.outbox if m.to == [member.email]]
    assert len(told) == 1 and "suspended" in told[0].subject
    assert REASON in told[0].body and f"decision {decision.number}" in told[0].body
    assert Notice.objects.get(member=member).status == Notice.Status.DONE


def test_expulsion_and_reinstatement_each_need_their_own_decision(
        organisation, secretary, member, og_decision):
    expel = og_decision()
    _apply(secretary, organisation, member, resolve(organisation, Route.DECISION, expel.number),
           change="expel")
    member.refresh_from_db()
    assert member.status == Member.Status.EXPELLED
    with pytest.raises(AuthorityRefused, match="carried out already"):
        _apply(secretary, organisation, member,
               resolve(organisation, Route.DECISION, expel.number), change="reinstate")
    reinstate = og_decision()
    _apply(secretary, organisation, member,
           resolve(organisation, Route.DECISION, reinstate.number), change="reinstate")
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE
    assert list(StandingChange.objects.filter(member=member).values_list("cause", flat=True)) \
        == ["expelled", "reinstated"]


def test_one_decision_cannot_be_used_on_a_second_member(
        organisation, secretary, member, make_person, og_decision):
    decision = og_decision()
    authority = resolve(organisation, Route.DECISION, decision.number)
    _apply(secretary, organisation, member, authority)
    other = make_person("Other Member", "other@example.org")
    with pytest.raises(AuthorityRefused, match=r"Rule 2\.5: decision \d+ has been carried out "
                                               r"already; a disciplinary decision is about one "
                                               r"member, once"):
        _apply(secretary, organisation, other, authority)
    _unchanged(other)
    assert LedgerEvent.objects.get(kind="power.refused").data["rule"] == "2.5"


def test_one_officer_alone_is_refused_and_the_refusal_is_on_the_ledger(
        organisation, secretary, member):
    with pytest.raises(AuthorityRefused, match=r"Rule 2\.5: To suspend a member needs a "
                                               r"recorded decision") as caught:
        _apply(secretary, organisation, member, None)
    assert caught.value.field == "decision" and caught.value.rule == "2.5"
    officer = plain(Route.OFFICE, "by the Secretary")
    with pytest.raises(AuthorityRefused, match="It was given an officer"):
        _apply(secretary, organisation, member, officer)
    _unchanged(member)
    refused = LedgerEvent.objects.filter(kind="power.refused")
    assert refused.count() == 2
    assert refused.first().data["rule"] == "2.5"
    assert member.name not in str([e.data for e in refused])


def test_a_missing_or_void_decision_is_refused(organisation, secretary, member, og_decision):
    with pytest.raises(AuthorityRefused, match="no decision 999"):
        _apply(secretary, organisation, member, 999)
    decision = og_decision()
    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.VOID)
    with pytest.raises(AuthorityRefused, match=f"Decision {decision.number} no longer stands"):
        _apply(secretary, organisation, member, decision.number)
    _unchanged(member)
    reasons = list(LedgerEvent.objects.filter(kind="power.refused").order_by("pk")
                   .values_list("data__reason", flat=True))
    assert reasons == ["There is no decision 999 in the decisions register.",
                       f"Decision {decision.number} no longer stands: it was made void."]


def test_an_ordinary_decision_of_the_right_body_is_refused(
        organisation, secretary, member, og_decision):
    decision = og_decision("", 5, 3)
    authority = resolve(organisation, Route.DECISION, decision.number)
    with pytest.raises(AuthorityRefused, match=r"Rule 2\.5: it takes a decision moved as a "
                                               r"suspension, expulsion") as caught:
        _apply(secretary, organisation, member, authority)
    assert "rule 8.4: two thirds majority, by secret ballot" in str(caught.value)
    _unchanged(member)


def test_a_motion_short_of_two_thirds_makes_no_decision(organisation, og_decision):
    assert og_decision("about-a-person", 5, 3) is None  # 5 of 8 is short of two thirds


def test_a_decision_of_the_wrong_body_is_refused(
        organisation, secretary, member, seconded, vote):
    motion = seconded(title="Suspend a member", text="The group suspends the member.")
    assert vote(motion, 12, 2, 1).carried
    decision = Decision.objects.get(motion=motion)
    authority = resolve(organisation, Route.DECISION, decision.number)
    with pytest.raises(AuthorityRefused, match=r"Rule 2\.5: only a decision of the Organising "
                                               r"Group can suspend a member; decision \d+ is "
                                               r"the Coordinating Group's"):
        _apply(secretary, organisation, member, authority)
    _unchanged(member)


def _ledger() -> list[tuple[str, dict]]:
    """Every event but refusals: what a refused act must leave as it was."""
    return list(LedgerEvent.objects.exclude(kind="power.refused").order_by("pk")
                .values_list("kind", "data"))


def test_forged_facts_are_checked_against_the_register(
        organisation, secretary, member, og_decision):
    ordinary = og_decision("", 7, 1)
    before = _ledger()
    # What a resolver would never return, made by hand as a hostile caller might: the facts
    # rule 2.5 asks for (its body, its kind, its majority) on the number of an ordinary
    # decision of the right body.
    forged = Authority(route=Route.DECISION, text=f"by decision {ordinary.number}",
                       reference=f"decision:{ordinary.number}",
                       facts={"decision": ordinary.number, "decision_id": ordinary.pk,
                              "body": "organising-group", "decision_key": "about-a-person",
                              "majority_kind": "two-thirds"})
    with pytest.raises(AuthorityRefused, match=r"Rule 2\.5: it takes a decision moved as a "
                                               r"suspension, expulsion"):
        _apply(secretary, organisation, member, forged)
    # The same passing facts on a number that is no decision at all.
    with pytest.raises(AuthorityRefused, match="no decision 999"):
        _apply(secretary, organisation, member, replace(forged, reference="decision:999"))
    # Passing facts naming no record, or another kind of record.
    for reference in ("", "decision:", f"election:{ordinary.number}"):
        with pytest.raises(AuthorityRefused, match="named by its number") as caught:
            _apply(secretary, organisation, member, replace(forged, reference=reference))
        assert caught.value.field == "decision"
    _unchanged(member)
    assert _ledger() == before
    assert LedgerEvent.objects.filter(kind="power.refused").count() == 5


def test_a_decision_made_void_after_it_was_looked_up_is_refused(
        organisation, secretary, member, og_decision):
    decision = og_decision()
    looked_up = resolve(organisation, Route.DECISION, decision.number)
    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.VOID)
    before = _ledger()
    # The authority still says what it said when it was looked up; the register says void.
    with pytest.raises(AuthorityRefused, match=f"Decision {decision.number} no longer stands"):
        _apply(secretary, organisation, member, looked_up)
    _unchanged(member)
    assert _ledger() == before


def test_another_organisations_decision_is_refused(
        organisation, secretary, member, og_decision):
    decision = og_decision()
    stolen = resolve(organisation, Route.DECISION, decision.number)
    other = create_organisation(System("test founders"), constitution_text=examples.read(
        "commonweal").replace('slug = "commonweal"', 'slug = "elsewhere"'))
    far_secretary = Member.objects.create(organisation=other, name="Far Secretary",
                                          email="farsec@example.org",
                                          joined_on=secretary.joined_on)
    _seat(other, far_secretary, "organising-group", "secretary")
    far_member = Member.objects.create(organisation=other, name="Far Member",
                                       email="far@example.org", joined_on=member.joined_on)
    before = _ledger()
    # This organisation's decision, handed over resolved or by its number, names nothing
    # in the other organisation's register.
    for authority in (stolen, decision.number):
        with pytest.raises(AuthorityRefused, match=f"no decision {decision.number}"):
            apply_disciplinary_decision(far_secretary, organisation=other, member=far_member,
                                        change="expel", authority=authority, reason=REASON)
    # Nor can this organisation's secretary act in the other, or reach its members from here.
    with pytest.raises(PowerDenied):
        apply_disciplinary_decision(secretary, organisation=other, member=far_member,
                                    change="expel", authority=stolen, reason=REASON)
    with pytest.raises(NotFound):
        _apply(secretary, organisation, far_member, stolen)
    _unchanged(far_member)
    _unchanged(member)
    assert _ledger() == before


def test_a_decision_of_another_body_or_kind_leaves_the_ledger_alone(
        organisation, secretary, member, og_decision, seconded, vote):
    ordinary = og_decision("", 7, 1)
    motion = seconded(title="Suspend a member", text="The group suspends the member.")
    assert vote(motion, 12, 2, 1).carried
    elsewhere = Decision.objects.get(motion=motion)
    before = _ledger()
    for number, words in ((ordinary.number, "it takes a decision moved as"),
                          (elsewhere.number, "only a decision of the Organising Group")):
        with pytest.raises(AuthorityRefused, match=words):
            _apply(secretary, organisation, member,
                   resolve(organisation, Route.DECISION, number))
    _unchanged(member)
    assert _ledger() == before


def test_an_officer_without_the_power_and_a_member_are_refused(
        organisation, member, make_person, og_decision):
    decision = og_decision()
    authority = resolve(organisation, Route.DECISION, decision.number)
    stranger = make_person("Not An Officer", "stranger@example.org")
    with pytest.raises(PowerDenied, match="manage-register"):
        _apply(stranger, organisation, member, authority)
    _unchanged(member)


def test_the_reasons_and_a_lawful_change_are_required(
        organisation, secretary, member, og_decision):
    decision = og_decision()
    authority = resolve(organisation, Route.DECISION, decision.number)
    with pytest.raises(InvalidInput, match="reasons") as caught:
        _apply(secretary, organisation, member, authority, reason="  ")
    assert caught.value.field == "reason"
    with pytest.raises(InvalidInput, match="suspend, expel or reinstate"):
        _apply(secretary, organisation, member, authority, change="fine")
    with pytest.raises(Conflict, match="active, so cannot be reinstated"):
        _apply(secretary, organisation, member, authority, change="reinstate")
    _unchanged(member)
