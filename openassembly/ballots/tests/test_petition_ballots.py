"""Members' ballots called by petition run themselves (rule 13.5 of the demo constitution):
the timetable, who writes which statement, opening without an officer, and a carried result
in the decisions register with its action. Each rule is also tried as a hostile member or
officer would."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from openassembly.ballots import services
from openassembly.ballots.compliance import carried_out, stalled
from openassembly.ballots.models import Poll
from openassembly.core import clock, schedule
from openassembly.core.actors import System
from openassembly.core.authority import Authority, AuthorityRefused, Route, resolve
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.meetings.compliance import overdue_actions
from openassembly.meetings.models import Decision
from openassembly.meetings.services import complete_action
from openassembly.meetings.services.members_decisions import record_members_decision

TEXT = "The Alliance should join the clean air coalition."


@pytest.fixture
def roll(make_voter, voters):
    # 40 or so members: 5% is 2 signatures, so the starter and one ally reach the threshold.
    return voters + [make_voter(f"Member {i}", user=False) for i in range(28)]


@pytest.fixture
def called(member, organisation, roll, secretary):
    petition = services.start_petition(member, organisation=organisation, kind="member-ballot",
                                       title="Clean air coalition", text=TEXT)
    ally = roll[0]
    services.sign_petition(ally, petition=petition)
    petition.refresh_from_db()
    assert petition.status == "succeeded"
    return petition.referendum


def at(moment):
    return clock.frozen_at(moment + timedelta(minutes=1))


def test_the_ballot_gets_the_constitutions_timetable_and_the_petitions_text(called, member):
    referendum, poll = called, called.poll
    reached = referendum.petition.reached_at
    assert referendum.statements_due_at == reached + timedelta(days=14)
    assert poll.opens_at == reached + timedelta(days=21)
    assert poll.closes_at == reached + timedelta(days=35)
    assert referendum.question == TEXT
    assert poll.created_by == member
    drafted = LedgerEvent.objects.get(kind="referendum.drafted")
    assert drafted.data["authority"]["route"] == "petition"
    assert drafted.actor.startswith("petition ")
    assert "without waiting for an officer" in referendum.petition.consequence


def test_only_the_petitions_proposer_writes_the_statement_for(called, member, roll):
    with pytest.raises(PowerDenied, match="Rule 13.5: the statement for is written by the "
                                          "petition's proposer, Ordinary Member"):
        services.write_statement(roll[5], referendum=called, side="for", text="Yes!")
    statement = services.write_statement(member, referendum=called, side="for", text="Yes.")
    assert statement.chosen_by == "the petition's proposer"


def test_the_first_member_to_ask_no_longer_gets_the_statement_against(called, roll, member):
    """The bypass: an ally of the proposer asked first and took the case against."""
    ally, early_friend, opponent = roll[0], roll[1], roll[2]
    with pytest.raises(PowerDenied, match="chosen by members: offer a statement against"):
        services.write_statement(ally, referendum=called, side="against", text="Meh.")
    with pytest.raises(PowerDenied, match="you signed the petition"):
        services.offer_against_statement(ally, referendum=called, text="Weak case.")
    assert LedgerEvent.objects.filter(kind="power.refused").count() == 0  # a member's own act
    services.offer_against_statement(early_friend, referendum=called, text="A weak case.")
    real = services.offer_against_statement(opponent, referendum=called,
                                            text="The coalition takes our funds.")
    for backer in roll[3:6]:
        services.cosign_against_statement(backer, candidate=real)
    with pytest.raises(Conflict, match="Statements are due"):
        services.choose_against_statement(System("the timetable"), referendum=called)
    with at(called.statements_due_at):
        chosen = services.choose_against_statement(System("the timetable"), referendum=called)
    assert chosen.author == opponent
    assert chosen.text == "The coalition takes our funds."
    assert chosen.chosen_by.startswith("chosen by 3 co-signers")


def test_a_tie_goes_to_the_statement_offered_first(called, roll):
    first = services.offer_against_statement(roll[1], referendum=called, text="First.")
    second = services.offer_against_statement(roll[2], referendum=called, text="Second.")
    services.cosign_against_statement(roll[3], candidate=second)
    services.cosign_against_statement(roll[4], candidate=first)
    with at(called.statements_due_at):
        chosen = services.choose_against_statement(System("the timetable"), referendum=called)
    assert chosen.author == roll[1]


def test_cosigning_is_once_by_non_signers_before_the_deadline(called, roll, member):
    candidate = services.offer_against_statement(roll[1], referendum=called, text="No.")
    services.cosign_against_statement(roll[2], candidate=candidate)
    with pytest.raises(Conflict, match="co-signed a statement against this ballot already"):
        services.cosign_against_statement(roll[2], candidate=candidate)
    with pytest.raises(Conflict, match="you back your own"):
        services.cosign_against_statement(roll[1], candidate=candidate)
    with pytest.raises(PowerDenied, match="you signed the petition"):
        services.cosign_against_statement(member, candidate=candidate)
    with pytest.raises(Conflict, match="can no longer change"):
        services.offer_against_statement(roll[1], referendum=called, text="Changed.")
    with at(called.statements_due_at), pytest.raises(Conflict, match="statements were due"):
        services.cosign_against_statement(roll[3], candidate=candidate)
    candidate.refresh_from_db()
    assert candidate.cosigners_count == 1


def test_no_officer_can_move_a_petition_ballots_timetable(called, secretary):
    poll = called.poll
    with pytest.raises(AuthorityRefused, match="Rule 13.5: a members' ballot called by "
                                               "petition runs on the timetable"):
        services.schedule(secretary, referendum=called, opens_at=poll.opens_at + timedelta(
            days=300), closes_at=poll.closes_at + timedelta(days=300), roll_date=poll.roll_date)
    poll.refresh_from_db()
    assert poll.opens_at == called.petition.reached_at + timedelta(days=21)
    refused = LedgerEvent.objects.get(kind="power.refused")
    assert refused.actor == secretary.name


def test_it_opens_itself_on_time_with_both_statements(called, roll, member, work):
    services.write_statement(member, referendum=called, side="for", text="Yes.")
    candidate = services.offer_against_statement(roll[1], referendum=called, text="No.")
    with at(called.statements_due_at):
        assert schedule.tick()["petition ballots: statements against"] == 1
        work()
    with clock.frozen_at(called.poll.opens_at - timedelta(minutes=1)):
        assert schedule.tick()["petition ballots opened"] == 0
    with at(called.poll.opens_at):
        assert schedule.tick()["petition ballots opened"] == 1
        assert "open_petition_ballot" in work()
    poll = Poll.objects.get(pk=called.poll_id)
    assert poll.status == Poll.Status.OPEN
    assert poll.roll_size > 30
    opened = LedgerEvent.objects.get(kind="poll.opened")
    assert opened.actor == "the timetable"
    assert "no_statement" not in opened.data
    assert called.statements.get(side="against").author == candidate.author


def test_a_side_with_no_statement_is_marked_where_the_rules_allow(called, member, work):
    services.write_statement(member, referendum=called, side="for", text="Yes.")
    with at(called.statements_due_at):
        assert stalled(called.organisation, clock.now())[0].ok
    with at(called.poll.opens_at):
        schedule.tick()
        work()
    called.refresh_from_db()
    assert called.poll.status == Poll.Status.OPEN
    assert called.no_statement == ["against"]
    assert LedgerEvent.objects.get(kind="poll.opened").data["no_statement"] == ["against"]


@pytest.fixture
def both_statements_needed(organisation):
    """An organisation founded with rules under which petition ballots need both statements
    (13.5's "no statement submitted" struck). The founding text is set in place: amending it
    lawfully would need a whole members' ballot or a meeting, which is not what this tests."""
    import hashlib

    from openassembly.core.models import ConstitutionVersion

    text = organisation.current_constitution_version().text.replace(
        'petition = "member-ballot"\nrule = "13.5"\nstatements_days = 14\nopens_days = 21\n'
        'voting_days = 14\nagainst_chosen_by = "members"\nwithout_statement = true\n'
        'without_statement_rule = "13.5"\n',
        'petition = "member-ballot"\nrule = "13.5"\nstatements_days = 14\nopens_days = 21\n'
        'voting_days = 14\nagainst_chosen_by = "members"\n')
    version = organisation.current_constitution_version()
    assert version.number == 1 and text != version.text
    ConstitutionVersion.objects.filter(pk=version.pk).update(
        text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    organisation.refresh_from_db()
    organisation._constitution_cache = None
    return organisation


def test_without_that_rule_it_waits_and_the_compliance_page_says_on_what(
        both_statements_needed, member, roll, work):
    petition = services.start_petition(member, organisation=both_statements_needed,
                                       kind="member-ballot", title="Fees", text="Halve fees.")
    services.sign_petition(roll[0], petition=petition)
    referendum = petition.referendum
    services.write_statement(member, referendum=referendum, side="for", text="Yes.")
    with at(referendum.statements_due_at):
        [finding] = stalled(both_statements_needed, clock.now())
        assert finding.ok and finding.at_risk
        assert "the statement against is missing" in finding.reason
    with at(referendum.poll.opens_at):
        schedule.tick()
        work()
        referendum.poll.refresh_from_db()
        assert referendum.poll.status == Poll.Status.DRAFT
        [finding] = stalled(both_statements_needed, clock.now())
        assert not finding.ok
        assert "waiting on the statement against" in finding.reason
    with at(referendum.poll.closes_at):
        [finding] = stalled(both_statements_needed, clock.now())
        assert "still announced" in finding.reason


def test_the_timetable_opens_only_ballots_called_by_petition(secretary, organisation, voters):
    referendum = services.create_referendum(secretary, organisation=organisation,
                                            question="Q?", proposal="P.")
    with at(referendum.poll.opens_at), pytest.raises(InvalidInput, match="returning officer"):
        services.open_voting(System("the timetable"), poll=referendum.poll)


def _vote_and_declare(referendum, roll, work, *, yes: int, no: int):
    with at(referendum.poll.opens_at):
        schedule.tick()
        work()
        poll = Poll.objects.get(pk=referendum.poll_id)
        assert poll.status == Poll.Status.OPEN
        for voter in roll[:yes]:
            services.cast_ballot(voter, poll=poll, marks=[1])
        for voter in roll[yes:yes + no]:
            services.cast_ballot(voter, poll=poll, marks=[2])
    with at(poll.closes_at):
        schedule.tick()
        work()
        schedule.tick()
        work()
    return Poll.objects.get(pk=poll.pk)


def test_a_carried_result_is_a_decision_with_an_action_tracked_until_done(
        called, roll, member, secretary, chair, work):
    services.write_statement(member, referendum=called, side="for", text="Yes.")
    poll = _vote_and_declare(called, roll, work, yes=8, no=3)
    assert poll.status == Poll.Status.DECLARED
    assert LedgerEvent.objects.get(kind="poll.declared").actor == "the timetable"
    called.refresh_from_db()
    decision = called.decision
    assert decision.ballot_id == poll.pk and decision.meeting is None
    assert decision.decided_by.key == "members"
    assert decision.authority["route"] == "ballot"
    assert "carried 8-3" in decision.authority["text"]
    [action] = decision.actions.all()
    assert action.owner == secretary
    assert action.due_on == (poll.declared_at + timedelta(days=28)).date()
    event = LedgerEvent.objects.get(kind="decision.by-ballot")
    assert event.data["authority"]["reference"] == f"ballot:{poll.pk}"
    assert any("decision" in c for c in poll.outcome["consequences"])
    [finding] = carried_out(called.organisation, poll.declared_at)
    assert finding.ok and finding.at_risk
    with clock.frozen_at(poll.declared_at + timedelta(days=40)):
        [finding] = carried_out(called.organisation, clock.now())
        assert not finding.ok
        assert "Not carried out" in finding.reason
        # Listed once, with its ballot, not again among meetings' overdue actions.
        assert overdue_actions(called.organisation, clock.today()) == []
        with pytest.raises(PowerDenied, match="Only the action's owner"):
            complete_action(chair, action=action)
        complete_action(secretary, action=action, note="Joined.")
        [finding] = carried_out(called.organisation, clock.now())
        assert not finding.ok and "after it was due" in finding.reason
    # And a decision of the members rests on it as authority for other acts.
    auth = resolve(called.organisation, Route.DECISION, decision.number)
    assert auth.facts["body"] == "members"


def test_a_lost_ballot_makes_no_decision_and_is_no_authority(called, roll, member, work):
    services.write_statement(member, referendum=called, side="for", text="Yes.")
    poll = _vote_and_declare(called, roll, work, yes=2, no=6)
    assert poll.outcome["carried"] is False
    assert not Decision.objects.exists()
    with pytest.raises(AuthorityRefused, match="was not carried"):
        resolve(poll.organisation, Route.BALLOT, poll.pk)


def test_the_ballot_and_petition_resolvers_refuse_what_is_not_authority(
        called, member, organisation, roll):
    with pytest.raises(AuthorityRefused, match="has no declared result"):
        resolve(organisation, Route.BALLOT, called.poll_id)
    with pytest.raises(AuthorityRefused, match="no members' ballot 9999"):
        resolve(organisation, Route.BALLOT, 9999)
    open_petition = services.start_petition(roll[3], organisation=organisation, kind="agenda",
                                            title="Item", text="Discuss fares.")
    open_petition.refresh_from_db()
    if open_petition.status == "open":
        with pytest.raises(AuthorityRefused, match="has not reached its threshold"):
            resolve(organisation, Route.PETITION, open_petition.pk)
    auth = resolve(organisation, Route.PETITION, called.petition_id)
    assert auth.facts["signatures"] == 2
    with pytest.raises(Conflict, match="has its members' ballot already"):
        services.petition_ballots.draft_petition_ballot(System("x"), authority=auth)


def test_recording_a_members_decision_needs_a_carried_ballot(called, organisation):
    with pytest.raises(AuthorityRefused, match="needs a carried members' ballot"):
        record_members_decision(System("x"), organisation=organisation, authority=None,
                                title="T", text="T", actions=[])
    petition_auth = resolve(organisation, Route.PETITION, called.petition_id)
    with pytest.raises(AuthorityRefused, match="It was given a petition"):
        record_members_decision(System("x"), organisation=organisation,
                                authority=petition_auth, title="T", text="T", actions=[])
    assert not Decision.objects.exists()


def test_hand_made_ballot_and_petition_authority_is_read_again(called, member, organisation,
                                                               roll):
    from openassembly.ballots.models import Referendum

    # One signature of the two rule 13.5 needs here.
    short = services.start_petition(roll[3], organisation=organisation, kind="member-ballot",
                                    title="Fares", text="The Alliance should cut fares.")
    short.refresh_from_db()
    assert short.status == "open"
    before = list(LedgerEvent.objects.exclude(kind="power.refused").values_list("pk", "kind"))
    # A ballot not yet voted on, with the facts of a carried one made by hand.
    forged = Authority(route=Route.BALLOT, text=f"by members' ballot {called.poll_id}",
                       reference=f"ballot:{called.poll_id}",
                       facts={"organisation": organisation.pk, "poll": called.poll_id,
                              "carried": True, "body": "members"})
    with pytest.raises(AuthorityRefused, match="has no declared result"):
        record_members_decision(System("x"), organisation=organisation, authority=forged,
                                title="T", text="T", actions=[])
    with pytest.raises(AuthorityRefused, match="no members' ballot 9999"):
        record_members_decision(System("x"), organisation=organisation,
                                authority=replace(forged, reference="ballot:9999"),
                                title="T", text="T", actions=[])
    assert not Decision.objects.exists()
    # A petition short of its threshold, with the facts of one that reached it.
    petition = Authority(route=Route.PETITION, text=f"by petition {short.pk}",
                         reference=f"petition:{short.pk}",
                         facts={"organisation": organisation.pk, "petition": called.petition_id,
                                "kind": "member-ballot", "signatures": 99, "threshold": 2})
    drafted = Referendum.objects.count()
    with pytest.raises(AuthorityRefused, match="has not reached its threshold"):
        services.petition_ballots.draft_petition_ballot(System("x"), authority=petition)
    for reference in ("petition:9999", "petition:", f"ballot:{short.pk}"):
        with pytest.raises(AuthorityRefused, match="petition"):
            services.petition_ballots.draft_petition_ballot(
                System("x"), authority=replace(petition, reference=reference))
    assert Referendum.objects.count() == drafted
    assert list(LedgerEvent.objects.exclude(kind="power.refused")
                .values_list("pk", "kind")) == before
