"""Divisions: the reports' votes, majorities and quorum from the constitution, and abuse."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest

from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.meetings import services
from openassembly.meetings.models import Decision, Division, Elector, Motion, SecretBallot, Vote


def test_amendment_carried_8_5_0_then_amended_motion_carried_9_5_1(sitting, seconded, vote):
    motion = seconded(text="This group resolves to campaign in the North.")
    amendment = services.move_amendment(sitting.members[2], motion=motion,
                                        delete_text="in the North", insert_text="everywhere")
    services.second_motion(sitting.members[3], motion=amendment)
    with pytest.raises(Conflict, match="amendments are taken before the motion"):
        services.open_division(sitting.chair, motion=motion)
    first = vote(amendment, 8, 5, 0)
    assert (first.votes_for, first.against, first.abstain, first.carried) == (8, 5, 0, True)
    assert first.majority_rule == "8.1"
    assert "Rule 8.1 requires more votes for than against" in first.result_reason
    motion.refresh_from_db()
    assert motion.text == "This group resolves to campaign everywhere."
    assert motion.original_text == "This group resolves to campaign in the North."
    second = vote(motion, 9, 5, 1)
    assert (second.votes_for, second.against, second.abstain, second.carried) == (9, 5, 1, True)
    decision = Decision.objects.get(motion=motion)
    assert decision.html == "<p>This group resolves to campaign everywhere.</p>\n"
    assert list(Vote.objects.filter(division=second, choice="abstain")
                .values_list("member__name", flat=True)) == [sitting.members[14].name]


@pytest.mark.parametrize(("f", "a", "ab"), [(6, 3, 1), (7, 2, 1)])
def test_committee_votes_carry_by_simple_majority(sitting, seconded, vote, f, a, ab):
    division = vote(seconded(), f, a, ab)
    assert division.carried
    assert f"{f} for, {a} against and {ab} abstaining, so it is carried" in division.result_reason


def test_tie_is_not_carried(sitting, seconded, vote):
    division = vote(seconded(), 5, 5, 2)
    assert not division.carried
    assert Motion.objects.get(pk=division.motion_id).status == Motion.Status.LOST
    assert not Decision.objects.exists()


def test_quorum_is_checked_before_any_vote(organisation, secretary, chair, group_members,
                                           body_of, travel, now):
    people = group_members(15)
    travel.to(now)
    meeting = services.call_meeting(secretary, organisation=organisation,
                                    body=body_of("coordinating-group"), title="Thin",
                                    starts_at=now + timedelta(days=8), place="Hall",
                                    chair=chair, agenda=[("Item", "")])
    travel.to(now + timedelta(days=8))
    meeting = services.open_meeting(chair, meeting=meeting)
    for person in people[:4]:
        services.attend(person, meeting=meeting, mode="online")
    motion = services.move_motion(people[0], item=meeting.items.get(), title="T", text="Text")
    services.second_motion(people[1], motion=motion)
    with pytest.raises(Conflict) as refused:
        services.open_division(chair, motion=motion)
    assert "Rule 7.1 sets the quorum at 1/3 of the 15 filled seats, which is 5" in str(
        refused.value)
    assert not Division.objects.exists()
    services.attend(people[4], meeting=meeting, mode="in-person")
    division = services.open_division(chair, motion=motion)
    assert (division.present, division.seats_filled, division.eligible) == (5, 15, 5)


def test_voting_twice_is_refused_and_the_first_vote_stands(sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    voter = sitting.members[5]
    services.cast_vote(voter, division=division, choice="for")
    with pytest.raises(Conflict, match="your first vote stands"):
        services.cast_vote(voter, division=division, choice="against")
    assert list(Vote.objects.filter(division=division).values_list("choice", flat=True)) == [
        "for"]
    services.close_division(sitting.chair, division=division)
    division.refresh_from_db()
    assert (division.votes_for, division.against) == (1, 0)


def test_voting_for_someone_else_is_refused(sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    with pytest.raises(PowerDenied, match="proxy"):
        services.cast_vote(sitting.members[0], division=division, choice="for",
                           for_member=sitting.members[1])
    assert not Vote.objects.exists()


def test_non_member_of_the_body_cannot_vote(sitting, seconded, member):
    division = services.open_division(sitting.chair, motion=seconded())
    with pytest.raises(PowerDenied, match="not a member of the Coordinating Group"):
        services.cast_vote(member, division=division, choice="for")
    # The chair is an officer of another body, not a member of this one.
    with pytest.raises(PowerDenied, match="not a member"):
        services.cast_vote(sitting.chair, division=division, choice="for")


def test_observer_may_speak_but_not_vote(sitting, seconded, member):
    attendance = services.attend(member, meeting=sitting.meeting, mode="online")
    assert attendance.role == "observer"
    speech = services.ask_to_speak(member, item=sitting.item)
    assert speech.speaker == member
    division = services.open_division(sitting.chair, motion=seconded())
    assert division.eligible == 15
    with pytest.raises(PowerDenied):
        services.cast_vote(member, division=division, choice="for")


def test_non_chair_cannot_open_a_division(sitting, seconded):
    motion = seconded()
    for who in (sitting.members[0], sitting.secretary):
        with pytest.raises(PowerDenied) as denied:
            services.open_division(who, motion=motion)
        assert denied.value.rule == "6.6"
    assert not Division.objects.exists()


def test_unseconded_motion_cannot_be_voted(sitting):
    motion = services.move_motion(sitting.members[0], item=sitting.item, title="T", text="x")
    with pytest.raises(Conflict, match="not been seconded"):
        services.open_division(sitting.chair, motion=motion)


def test_vote_after_close_is_refused_and_loses_nothing(sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    services.cast_vote(sitting.members[0], division=division, choice="for")
    services.close_division(sitting.chair, division=division)
    with pytest.raises(Conflict, match="This vote has closed"):
        services.cast_vote(sitting.members[1], division=division, choice="against")
    division.refresh_from_db()
    assert (division.votes_for, division.against, division.carried) == (1, 0, True)
    assert Vote.objects.filter(division=division).count() == 1


def test_bad_choice_is_refused(sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    with pytest.raises(InvalidInput, match="choose for, against or abstain"):
        services.cast_vote(sitting.members[0], division=division, choice="maybe")


def test_show_of_hands_records_totals_only(sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded(), method="hands")
    with pytest.raises(InvalidInput, match="show of hands"):
        services.cast_vote(sitting.members[0], division=division, choice="for")
    with pytest.raises(InvalidInput, match="only 15 people"):
        services.record_show_of_hands(sitting.chair, division=division, votes_for=10,
                                      against=5, abstain=1)
    services.record_show_of_hands(sitting.chair, division=division, votes_for=7, against=2,
                                  abstain=1)
    division.refresh_from_db()
    assert (division.votes_for, division.against, division.abstain, division.carried) == (
        7, 2, 1, True)
    assert not Vote.objects.exists() and not Elector.objects.filter(division=division).exists()


def test_secret_ballot_is_required_by_the_rule_and_keeps_no_link(
        organisation, secretary, chair, og_members, body_of, travel, now):
    people = og_members(6)
    travel.to(now)
    meeting = services.call_meeting(secretary, organisation=organisation,
                                    body=body_of("organising-group"), title="OG",
                                    starts_at=now + timedelta(days=8), place="Hall", chair=chair,
                                    agenda=[("Complaint", "")])
    travel.to(now + timedelta(days=8))
    meeting = services.open_meeting(chair, meeting=meeting)
    for person in people:
        services.attend(person, meeting=meeting, mode="in-person")
    motion = services.move_motion(people[0], item=meeting.items.get(), title="Suspend X",
                                  text="That X be suspended.", decision_key="about-a-person")
    services.second_motion(people[1], motion=motion)
    with pytest.raises(PowerDenied, match="Rule 8.4 requires a secret ballot"):
        services.open_division(chair, motion=motion, method="named")
    division = services.open_division(chair, motion=motion, method="secret")
    for person, choice in zip(people, ["for"] * 4 + ["against"] * 2, strict=True):
        services.cast_vote(person, division=division, choice=choice)
    services.close_division(chair, division=division)
    division.refresh_from_db()
    assert (division.votes_for, division.against, division.carried) == (4, 2, True)
    assert division.majority_kind == "two-thirds" and division.majority_rule == "8.4"
    assert not Vote.objects.filter(division=division).exists()
    assert SecretBallot.objects.filter(division=division).count() == 6
    assert {f.name for f in SecretBallot._meta.get_fields()} == {
        "id", "division", "choice", "section"}
    assert Elector.objects.filter(division=division, voted=True).count() == 6
    # A secret vote writes no ledger event of its own: nothing that orders or times ballots.
    assert not LedgerEvent.objects.filter(kind="division.vote").exists()
    assert division.organisation.withholding_set.filter(kind="secret-division").count() == 1


def test_secret_ballot_is_refused_where_no_rule_requires_it(sitting, seconded):
    with pytest.raises(InvalidInput, match="Votes are open unless a rule"):
        services.open_division(sitting.chair, motion=seconded(), method="secret")


def test_card_vote_shows_headcount_and_weighted_result(chair, conference_card_vote):
    """Conference: affiliates hold 50% however few they send; the hall's hands can lose."""
    division, affiliates, locals_ = conference_card_vote
    for person in affiliates:
        services.cast_vote(person, division=division, choice="against")
    for i, person in enumerate(locals_):
        services.cast_vote(person, division=division, choice="for" if i < 6 else "against")
    services.close_division(chair, division=division)
    division.refresh_from_db()
    # Hands: 6 for, 7 against. Weighted: locals 50% x 6/10 = 30 for, 20 against; affiliates 50
    # against: 30 for, 70 against.
    assert (division.votes_for, division.against) == (6, 7)
    assert division.weighted == (Fraction(30), Fraction(70), Fraction(0))
    assert not division.carried
    assert "6 for, 7 against" in division.headcount_reason
    assert "30 for, 70 against" in division.result_reason
    sections = {s["key"]: s for s in division.sections}
    assert sections["affiliates"]["against"] == 3 and sections["local-groups"]["for"] == 6


def test_card_vote_refused_where_there_are_no_sections(sitting, seconded):
    with pytest.raises(InvalidInput, match="no sections with weighted votes"):
        services.open_division(sitting.chair, motion=seconded(), method="card")


def test_a_named_vote_records_the_vote_and_its_ledger_event(sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded())
    voter = sitting.members[3]
    assert services.cast_vote(voter, division=division, choice="against") == 1
    vote = Vote.objects.get(division=division)
    assert (vote.member, vote.cast_by, vote.choice) == (voter, voter, "against")
    assert Elector.objects.get(division=division, member=voter).voted
    event = LedgerEvent.objects.filter(kind="division.vote").get()
    assert (event.actor, event.organisation_id) == (voter.name, division.organisation_id)
    assert event.data == {"meeting": sitting.meeting.pk, "division": division.number,
                          "choice": "against", "for": []}



def test_a_vote_by_division_id_is_read_within_the_voters_organisation(sitting, seconded):
    from openassembly.core.actors import System
    from openassembly.core.errors import NotFound
    from openassembly.core.services import create_organisation
    from openassembly.members.models import Member
    from openassembly.rules import examples

    division = services.open_division(sitting.chair, motion=seconded())
    elsewhere = create_organisation(System("test"), constitution_text=examples.read(
        "commonweal").replace('slug = "commonweal"', 'slug = "elsewhere"'))
    stranger = Member.objects.create(organisation=elsewhere, name="Elsewhere Member",
                                     email="else@example.org", joined_on=sitting.start.date())
    # The id alone is enough for a member of its organisation, and names nothing to another.
    with pytest.raises(NotFound, match="No such division"):
        services.cast_vote(stranger, division=division.pk, choice="for")
    assert services.cast_vote(sitting.members[3], division=division.pk, choice="for") == 1
    assert list(Vote.objects.filter(division=division).values_list("member", flat=True)) == [
        sitting.members[3].pk]
