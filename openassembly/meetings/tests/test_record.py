"""What meetings leave on the record: minutes, decisions, actions, compliance, withholding,
corrections, and constitution amendments."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.accounts.services import confirm_sensitive_action, propose_sensitive_action
from openassembly.core.compliance import summarise
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import ConstitutionVersion, LedgerEvent
from openassembly.meetings import compliance, services
from openassembly.meetings.models import Correction, Decision, Minutes, Withholding


def _check(organisation, key):
    return next(c for c in compliance.compliance(organisation) if c.key == key)


def test_minutes_drafted_edited_published_then_approved_by_a_recorded_vote(
        sitting, seconded, vote, organisation, approve_at_next_meeting):
    motion = seconded(text="We will campaign.")
    services.move_amendment(sitting.members[2], motion=motion, delete_text="", insert_text="Now.")
    amendment = motion.children.get()
    services.second_motion(sitting.members[3], motion=amendment)
    vote(amendment, 8, 5, 0)
    vote(motion, 9, 5, 1)
    meeting = services.close_meeting(sitting.chair, meeting=sitting.meeting)
    with pytest.raises(PowerDenied, match="only the minute-taker"):
        services.draft_minutes(sitting.chair, meeting=meeting)
    minutes = services.draft_minutes(sitting.secretary, meeting=meeting)
    text = minutes.text
    assert "Present in person: Delegate 01" in text
    assert text.index("Amendment 2: To motion 1") < text.index("Motion 1 as amended")
    assert text.index("8 for, 5 against, 0 abstaining") < text.index("9 for, 5 against")
    assert "9 for, 5 against, 1 abstaining: **carried**" in text
    assert "- Against: Delegate 10, Delegate 11" in text
    edited = services.edit_minutes(sitting.secretary, minutes=minutes,
                                   text=text + "\nThe chair thanked everyone.\n")
    assert "thanked everyone" in edited.html
    with pytest.raises(InvalidInput, match="HTML"):
        services.edit_minutes(sitting.secretary, minutes=minutes, text="<b>x</b>")
    published = services.publish_minutes(sitting.secretary, minutes=edited)
    assert published.status == Minutes.Status.PUBLISHED
    with pytest.raises(Conflict):
        services.edit_minutes(sitting.secretary, minutes=published, text="rewrite history")
    assert _check(organisation, "minutes").breaches == []

    # The next meeting approves them by a recorded vote.
    division = approve_at_next_meeting(published)
    published.refresh_from_db()
    assert published.status == Minutes.Status.APPROVED and published.approved_by == division


def test_minutes_overdue_and_the_eight_months_case_are_flagged(
        organisation, secretary, chair, group_members, body_of, travel, now):
    """The national committee promised to meet every three months and went eight months."""
    from openassembly.bodies.models import SeatHolding

    people = group_members(6)
    # Everyone has held their seat for two years, so the meeting eight months ago was quorate.
    SeatHolding.objects.update(starts_on=(now - timedelta(days=730)).date())
    body = body_of("coordinating-group")
    body.established_on = (now - timedelta(days=400)).date()
    body.save()
    start = now - timedelta(days=245)
    travel.to(start - timedelta(days=8))
    meeting = services.call_meeting(secretary, organisation=organisation, body=body,
                                    title="Last spring", starts_at=start, place="Hall",
                                    chair=chair)
    travel.to(start)
    meeting = services.open_meeting(chair, meeting=meeting)
    services.close_meeting(chair, meeting=meeting)
    travel.to(now)
    overdue = {f.subject: f for f in _check(organisation, "meetings").findings}
    finding = overdue["Coordinating Group"]
    assert not finding.ok and finding.rule == "6.1"
    assert "8 months ago" in finding.reason and "at least every 3 months" in finding.reason
    minutes = _check(organisation, "minutes").breaches
    assert [m.rule for m in minutes] == ["6.5"]
    assert "have not been published" in minutes[0].reason
    assert people  # the body had members throughout


def test_decisions_get_actions_and_overdue_ones_are_public(sitting, seconded, vote, travel,
                                                           organisation):
    division = vote(seconded(title="Print leaflets"), 9, 5, 1)
    decision = Decision.objects.get(motion=division.motion)
    owner = sitting.members[6]
    action = services.add_action(sitting.secretary, decision=decision,
                                 description="Order 5,000 leaflets", owner=owner,
                                 due_on=(sitting.start + timedelta(days=14)).date())
    with pytest.raises(PowerDenied):
        services.add_action(sitting.members[1], decision=decision, description="x",
                            owner=owner, due_on=sitting.start.date())
    assert _check(organisation, "actions").breaches == []
    travel.to(sitting.start + timedelta(days=20))
    breaches = _check(organisation, "actions").breaches
    assert len(breaches) == 1 and "6 days overdue" in breaches[0].reason
    with pytest.raises(PowerDenied):
        services.complete_action(sitting.members[1], action=action)
    services.complete_action(owner, action=action, note="Delivered")
    assert "done 6 days late" in _check(organisation, "actions").breaches[0].reason


def test_short_notice_and_expired_terms_on_the_compliance_page(
        organisation, secretary, chair, make_person, seat_on, body_of, travel, now):
    travel.to(now)
    services.call_meeting(secretary, organisation=organisation, body=body_of("organising-group"),
                          title="Emergency", starts_at=now + timedelta(hours=49), place="Hall",
                          urgent=True, urgency_reason="Venue cancelled",
                          urgent_matter="A new venue")
    # Lawful: called under the urgency procedure, so reported as within the rules, not a breach.
    notice = _check(organisation, "notice")
    assert notice.breaches == []
    short = notice.findings
    assert len(short) == 1 and short[0].rule == "6.3" and "Venue cancelled" in short[0].reason
    assert short[0].ok and short[0].reason.startswith("Lawful")
    veteran = seat_on(make_person("Old Hand", "old@x.org"), "coordinating-group",
                      starts=(now - timedelta(days=800)).date())
    terms = _check(organisation, "terms").breaches
    assert [t.rule for t in terms] == ["5.5"]
    assert veteran.name in terms[0].subject and "ended on" in terms[0].reason


def test_compliance_page_opens_with_a_summary_and_groups_repeated_findings(
        organisation, secretary, body_of, travel, now, seat_on, make_person):
    from django.test import Client
    from django.urls import reverse

    travel.to(now)
    # A term long expired: one rule broken, beside the lawful urgent meetings that keep theirs.
    seat_on(make_person("Old Hand", "old@x.org"), "coordinating-group",
            starts=(now - timedelta(days=800)).date())
    for reason in ("Venue cancelled", "Bank closing the account"):
        services.call_meeting(secretary, organisation=organisation,
                              body=body_of("organising-group"), title=f"Emergency: {reason}",
                              starts_at=now + timedelta(hours=49), place="Hall", urgent=True,
                              urgency_reason=reason, urgent_matter=reason)
    checks = compliance.compliance(organisation)
    summary = summarise(checks)
    findings = [f for c in checks for f in c.findings]
    assert summary.total == len(findings) > 0
    assert (summary.broken, summary.at_risk, summary.kept) == (
        sum(not f.ok for f in findings), sum(f.ok and f.at_risk for f in findings),
        sum(f.ok and not f.at_risk for f in findings))
    [urgent] = [g for g in _check(organisation, "notice").groups if g.rule == "6.3"]
    assert urgent.count == 2 and urgent.reason == ""  # each meeting gave its own reason
    page = Client().get(reverse("meetings:compliance", kwargs={"org": organisation.slug}))
    html = page.content.decode()
    assert html.index("In short") < html.index('id="h-notice"')
    assert f"Of {summary.rules} rules checked: " in html
    assert f"Of {summary.total} things checked, in {summary.checks} checks: " in html
    assert f"<strong class=\"error\">{summary.broken} broken</strong>" in html
    assert f"<strong class=\"error\">{summary.rules_broken} broken</strong>" in html
    assert summary.broken >= 1 and summary.rules_broken >= 1
    assert "No act of power was refused in the last year." in html
    assert "2 times:" in html
    assert html.count("Reason given: Venue cancelled") == 1
    assert "Reason given: Bank closing the account" in html
    assert "<style" not in html and "style=" not in html and "<script>" not in html


def test_acts_of_power_refused_are_on_the_compliance_page(organisation, member, body_of,
                                                          travel, now):
    from django.test import Client
    from django.urls import reverse

    travel.to(now)
    with pytest.raises(PowerDenied):
        services.call_meeting(member, organisation=organisation,
                              body=body_of("organising-group"), title="My own meeting",
                              starts_at=now + timedelta(days=10), place="My kitchen")
    with pytest.raises(PowerDenied):
        services.call_meeting(member, organisation=organisation,
                              body=body_of("coordinating-group"), title="Another",
                              starts_at=now + timedelta(days=10), place="My kitchen")
    refused = _check(organisation, "refused")
    assert refused.title == "Acts of power refused" and not refused.breaches
    assert [f.subject for f in refused.findings] == [
        f"{member.name} tried to call meeting"] * 2
    assert {f.rule for f in refused.findings} == {"11.1"}
    event = LedgerEvent.objects.filter(kind="power.refused").latest("pk")
    assert refused.findings[0].url.endswith(f"/ledger/?page=1#e-{event.pk}")
    assert "nothing changed" in refused.findings[0].reason
    assert "Rule 11.1 gives the power 'call-meeting' only to" in refused.findings[0].reason
    [group] = refused.groups
    assert (group.state, group.count, group.rule) == ("kept", 2, "11.1")
    html = Client().get(reverse("meetings:compliance", kwargs={"org": organisation.slug})
                        ).content.decode()
    assert "Acts of power refused" in html and "tried to call meeting" in html


def test_private_item_is_listed_with_its_rule_and_outcome(sitting, seconded, vote,
                                                          organisation):
    with pytest.raises(InvalidInput, match="It allows only"):
        services.take_in_private(sitting.chair, item=sitting.item, ground="embarrassing")
    with pytest.raises(PowerDenied):
        services.take_in_private(sitting.members[0], item=sitting.item, ground="individual")
    entry = services.take_in_private(sitting.chair, item=sitting.item, ground="legal-advice")
    assert (entry.rule, entry.decided_by, entry.outcome_public) == ("6.7", sitting.chair.name,
                                                                     False)
    division = vote(seconded(title="Settle the claim"), 10, 5)
    decision = Decision.objects.get(motion=division.motion)
    assert decision.withheld
    closed = LedgerEvent.objects.filter(kind="division.closed").last()
    assert closed.data.get("withheld") is True and "for" not in closed.data
    assert Withholding.objects.filter(organisation=organisation).count() == 1


def test_correction_needs_two_officers_and_keeps_both_results(sitting, seconded, organisation,
                                                              chair, secretary):
    motion = seconded()
    division = services.open_division(chair, motion=motion, method="hands")
    services.record_show_of_hands(chair, division=division, votes_for=5, against=6, abstain=1)
    division.refresh_from_db()
    assert not division.carried and not Decision.objects.exists()
    payload = {"division": division.pk, "for": 7, "against": 4, "abstain": 1}
    with pytest.raises(InvalidInput, match="Say why"):
        propose_sensitive_action(secretary, organisation=organisation, kind="correct-result",
                                 payload=payload, reason="")
    action = propose_sensitive_action(secretary, organisation=organisation,
                                      kind="correct-result", payload=payload,
                                      reason="Two hands at the back were miscounted.")
    with pytest.raises(PowerDenied, match="two-person rule"):
        confirm_sensitive_action(secretary, organisation=organisation, action_id=action.pk)
    division.refresh_from_db()
    assert (division.votes_for, division.carried) == (5, False)
    confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
    division.refresh_from_db()
    assert (division.votes_for, division.against, division.carried, division.corrected) == (
        7, 4, True, True)
    correction = Correction.objects.get()
    assert correction.before["for"] == 5 and correction.after["for"] == 7
    assert correction.confirmed_by == chair.name
    assert Decision.objects.get(motion=motion).status == Decision.Status.STANDING
    kinds = list(LedgerEvent.objects.filter(kind__startswith="division.")
                 .values_list("kind", flat=True))
    assert kinds[-2:] == ["division.closed", "division.corrected"]


def test_constitution_amendment_needs_the_empowered_body_and_its_majority(
        sitting, vote, organisation, og_members, body_of, travel, now):
    current = organisation.current_constitution_version().text
    new_text = current.replace("at least seven days' notice", "at least ten days' notice")
    new_text = new_text.replace("notice_days = 7\n", "notice_days = 10\n")
    # Moved at the wrong body: refused, citing rule 8.2.
    reps = og_members(3)
    with pytest.raises(PowerDenied, match="Rule 8.2"):
        og = services.call_meeting(sitting.secretary, organisation=organisation,
                                   body=body_of("organising-group"), title="OG",
                                   starts_at=sitting.start + timedelta(days=8), place="Hall",
                                   agenda=[("Rules", "")])
        services.move_motion(reps[0], item=og.items.get(), title="Ten days", text="Ten days.",
                             decision_key="constitution-amendment", new_constitution=new_text)
    with pytest.raises(InvalidInput, match="not valid"):
        services.move_motion(sitting.members[0], item=sitting.item, title="Bad", text="x",
                             decision_key="constitution-amendment",
                             new_constitution="format = 2")
    motion = services.move_motion(sitting.members[0], item=sitting.item, title="Ten days",
                                  text="Notice goes up to ten days.",
                                  decision_key="constitution-amendment",
                                  new_constitution=new_text)
    services.second_motion(sitting.members[1], motion=motion)
    lost = vote(motion, 7, 2, 1)
    assert not lost.carried and lost.majority_kind == "unanimity" and lost.majority_rule == "8.2"
    assert ConstitutionVersion.objects.filter(organisation=organisation).count() == 1
    again = services.move_motion(sitting.members[0], item=sitting.item, title="Ten days",
                                 text="Notice goes up to ten days.",
                                 decision_key="constitution-amendment",
                                 new_constitution=new_text)
    services.second_motion(sitting.members[1], motion=again)
    carried = vote(again, 9, 0, 1)
    assert carried.carried
    again.refresh_from_db()
    version = again.adopted_version
    assert version is not None and version.number == 2
    assert "division 2" in version.adopted_by
    fresh = type(organisation).objects.get(pk=organisation.pk)
    assert fresh.constitution.body("organising-group").notice_days == 10
