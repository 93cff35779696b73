from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from openassembly.rules import Constitution
from openassembly.rules.model import Majority, Quorum
from openassembly.rules.questions import (
    add_months,
    meeting_overdue,
    minutes_overdue,
    notice_ok,
    papers_late,
    passed,
    petition_reached,
    petition_threshold,
    quorate,
    term_expired,
)

MEETING = datetime(2025, 3, 10, 10, 0, tzinfo=UTC)


def simple(rule: str = "8.1") -> Majority:
    return Majority(kind="simple", rule=rule)


# --- notice --------------------------------------------------------------------------------


def test_twenty_hours_notice_against_seven_days(commonweal: Constitution):
    answer = notice_ok(commonweal.body("coordinating-group"),
                       called_at=MEETING - timedelta(hours=20), meeting_at=MEETING)
    assert not answer.ok
    assert answer.rule == "6.2"
    assert answer.reason == (
        "Rule 6.2 requires 7 days' notice; this meeting was called with 20 hours' notice.")


def test_exactly_seven_days_is_enough_one_second_less_is_not(commonweal: Constitution):
    body = commonweal.body("coordinating-group")
    assert notice_ok(body, called_at=MEETING - timedelta(days=7), meeting_at=MEETING).ok
    short = notice_ok(body, called_at=MEETING - timedelta(days=7) + timedelta(seconds=1),
                      meeting_at=MEETING)
    assert not short.ok
    # rounded down, so the shortfall shows
    assert "called with 6 days, 23 hours and 59 minutes' notice" in short.reason


def test_urgent_meeting_uses_the_urgency_rule(commonweal: Constitution):
    body = commonweal.body("organising-group")
    answer = notice_ok(body, called_at=MEETING - timedelta(hours=20), meeting_at=MEETING,
                       urgent=True)
    assert (answer.ok, answer.rule) == (False, "6.3")
    assert answer.reason == ("Rule 6.3 allows an urgent meeting at 48 hours' notice; "
                             "this meeting was called with 20 hours' notice.")
    assert notice_ok(body, called_at=MEETING - timedelta(hours=48), meeting_at=MEETING,
                     urgent=True).ok


def test_urgent_meeting_without_an_urgency_procedure(commonweal: Constitution):
    members = commonweal.body("members")
    answer = notice_ok(members, called_at=MEETING - timedelta(days=3), meeting_at=MEETING,
                       urgent=True)
    assert (answer.ok, answer.rule) == (False, "6.2")
    assert answer.reason.startswith("All members has no procedure for urgent meetings, so "
                                    "Rule 6.2's 14 days' notice applies")
    assert notice_ok(members, called_at=MEETING - timedelta(days=14), meeting_at=MEETING,
                     urgent=True).ok


def test_notice_counts_real_hours_across_a_clock_change(commonweal: Constitution):
    london = ZoneInfo("Europe/London")
    # clocks go forward on 30 March 2025: a week on the calendar is an hour short of 7 days
    called = datetime(2025, 3, 23, 12, 0, tzinfo=london)
    meeting = datetime(2025, 3, 30, 12, 0, tzinfo=london)
    answer = notice_ok(commonweal.body("coordinating-group"), called_at=called,
                       meeting_at=meeting)
    assert not answer.ok
    assert "6 days and 23 hours' notice" in answer.reason


def test_meeting_called_after_it_started(commonweal: Constitution):
    answer = notice_ok(commonweal.body("coordinating-group"),
                       called_at=MEETING + timedelta(hours=1), meeting_at=MEETING)
    assert not answer.ok
    assert "called 1 hour after the time it was called for" in answer.reason


def test_naive_datetimes_are_refused(commonweal: Constitution):
    with pytest.raises(ValueError, match="called_at must be a timezone-aware datetime"):
        notice_ok(commonweal.body("coordinating-group"), called_at=datetime(2025, 3, 1),
                  meeting_at=MEETING)


def test_one_day_notice_is_singular(commonweal: Constitution):
    body = commonweal.body("coordinating-group").model_copy(update={"notice_days": 1})
    answer = notice_ok(body, called_at=MEETING - timedelta(days=1), meeting_at=MEETING)
    assert answer.reason == "Rule 6.2 requires 1 day's notice; this meeting was called with " \
                            "1 day's notice."


# --- quorum --------------------------------------------------------------------------------


def test_quorum_is_a_third_of_filled_seats_rounded_up(commonweal: Constitution):
    body = commonweal.body("coordinating-group")
    # a third of 34 is 11 1/3, so 12 are needed
    assert quorate(body, present=12, seats_filled=34).ok
    answer = quorate(body, present=11, seats_filled=34)
    assert not answer.ok
    assert answer.reason == ("Rule 7.1 sets the quorum at 1/3 of the 34 filled seats, which is "
                             "12; 11 are present, so the meeting is not quorate.")
    # exactly a third
    assert quorate(body, present=10, seats_filled=30).ok
    assert not quorate(body, present=9, seats_filled=30).ok


def test_quorum_never_below_one(commonweal: Constitution):
    body = commonweal.body("coordinating-group")
    assert not quorate(body, present=0, seats_filled=0).ok
    assert quorate(body, present=1, seats_filled=1).ok


def test_count_quorum(commonweal: Constitution):
    body = commonweal.body("coordinating-group").model_copy(
        update={"quorum": Quorum(count=10, rule="7.1")})
    assert quorate(body, present=10, seats_filled=12).ok
    answer = quorate(body, present=9, seats_filled=34)
    assert not answer.ok
    assert answer.reason == ("Rule 7.1 sets the quorum at 10 people; 9 are present, so the "
                             "meeting is not quorate.")


def test_members_ballot_quorum_speaks_of_members(commonweal: Constitution):
    answer = quorate(commonweal.body("members"), present=357, seats_filled=20000)
    assert not answer.ok
    assert "1/20 of the 20,000 members, which is 1,000" in answer.reason
    assert quorate(commonweal.body("members"), present=4150, seats_filled=20000).ok


def test_quorum_rejects_negative_numbers(commonweal: Constitution):
    with pytest.raises(ValueError, match="present cannot be negative"):
        quorate(commonweal.body("members"), present=-1, seats_filled=3)


# --- majorities ----------------------------------------------------------------------------


@pytest.mark.parametrize(("votes", "simple_ok", "two_thirds_ok", "unanimous_ok"), [
    ((8, 5, 0), True, False, False),   # amendment carried 8-5-0
    ((9, 5, 1), True, False, False),   # amended motion carried 9-5-1
    ((6, 3, 1), True, True, False),    # 6 of 9 cast is exactly two thirds
    ((7, 2, 1), True, True, False),
    ((3, 1, 0), True, True, False),    # the online ballot decided 3 to 1
    ((9, 0, 1), True, True, True),     # an abstention does not break unanimity
    ((5, 5, 0), False, False, False),  # a tie is not carried
    ((0, 0, 4), False, False, False),  # nobody for: nothing is carried
])
def test_domain_votes(votes, simple_ok, two_thirds_ok, unanimous_ok):
    for_, against, abstain = votes
    for kind, expected in (("simple", simple_ok), ("two-thirds", two_thirds_ok),
                           ("unanimity", unanimous_ok)):
        answer = passed(Majority(kind=kind, rule="8.1"), votes_for=for_, against=against,
                        abstain=abstain)
        assert answer.ok is expected, (kind, votes)
        assert answer.rule == "8.1"


def test_simple_majority_reason():
    answer = passed(simple(), votes_for=6, against=3, abstain=1)
    assert answer.reason == ("Rule 8.1 requires more votes for than against (abstentions are "
                             "not counted): 6 for, 3 against and 1 abstaining, so it is carried.")


def test_two_thirds_just_below():
    # 66 of 100 cast is less than two thirds; 67 is more
    assert not passed(Majority(kind="two-thirds", rule="8.1"), votes_for=66, against=34,
                      abstain=0).ok
    assert passed(Majority(kind="two-thirds", rule="8.1"), votes_for=67, against=33,
                  abstain=0).ok


def test_unanimity_needed_to_change_the_rules(commonweal: Constitution):
    rule = commonweal.decision("constitution-amendment").majority
    answer = passed(rule, votes_for=33, against=1, abstain=0)
    assert (answer.ok, answer.rule) == (False, "8.2")
    assert "no votes against" in answer.reason


def test_absolute_majority_counts_abstentions_as_not_for():
    absolute = Majority(kind="absolute", rule="8.1")
    # 8 of 15 eligible is more than half; 8 of 16 is exactly half, which is not enough
    assert passed(absolute, votes_for=8, against=5, abstain=0, eligible=15).ok
    answer = passed(absolute, votes_for=8, against=5, abstain=1, eligible=16)
    assert not answer.ok
    assert answer.reason.startswith(
        "Rule 8.1 requires votes for from more than half of the 16 entitled to vote (more than "
        "8; abstaining counts as not voting for): 8 for, 5 against and 1 abstaining")
    assert passed(absolute, votes_for=9, against=5, abstain=1, eligible=17).ok
    assert not passed(absolute, votes_for=9, against=5, abstain=1, eligible=18).ok


def test_absolute_majority_needs_eligible_and_a_sane_count():
    absolute = Majority(kind="absolute", rule="8.1")
    with pytest.raises(ValueError, match="needs the number eligible"):
        passed(absolute, votes_for=8, against=5, abstain=0)
    with pytest.raises(ValueError, match="14 votes were cast but only 10 are eligible"):
        passed(absolute, votes_for=8, against=5, abstain=1, eligible=10)


def test_card_vote_lost_despite_a_majority_of_hands():
    # 40 local-group delegates (50% of the weight) vote 30-10 for; 5 affiliate delegates
    # (the other 50%) vote 0-5. Hands: 30 for, 15 against. Weight: 37 1/2 for, 62 1/2 against.
    local_for, local_against = Fraction(50 * 30, 40), Fraction(50 * 10, 40)
    affiliates_against = Fraction(50)
    answer = passed(simple(), votes_for=local_for, against=local_against + affiliates_against,
                    abstain=0)
    assert not answer.ok
    assert "37 1/2 for, 62 1/2 against" in answer.reason
    assert passed(simple(), votes_for=30, against=15, abstain=0).ok


def test_votes_must_be_exact_numbers():
    with pytest.raises(TypeError, match="votes_for must be an int or a Fraction, not float"):
        passed(simple(), votes_for=0.5, against=0, abstain=0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        passed(simple(), votes_for=True, against=0, abstain=0)
    with pytest.raises(ValueError, match="against cannot be negative"):
        passed(simple(), votes_for=1, against=-1, abstain=0)


def test_large_numbers_are_grouped():
    answer = passed(simple(), votes_for=1551, against=987, abstain=0)
    assert "1,551 for, 987 against" in answer.reason


# --- petitions -----------------------------------------------------------------------------


def test_five_percent_or_a_thousand_whichever_is_fewer(commonweal: Constitution):
    petition = commonweal.petition("member-ballot")
    assert petition_threshold(petition, members=10_000) == 500
    assert petition_threshold(petition, members=20_000) == 1000
    assert petition_threshold(petition, members=40_000) == 1000
    # 5% of 1,010 is 50 1/2: rounded up
    assert petition_threshold(petition, members=1010) == 51


def test_petition_reached_exactly_at_threshold(commonweal: Constitution):
    petition = commonweal.petition("member-ballot")
    answer = petition_reached(petition, signatures=500, members=10_000)
    assert (answer.ok, answer.rule) == (True, "10.1")
    assert answer.reason == (
        "Rule 10.1 needs signatures from 5% of members (500 of 10,000) or 1,000 members, "
        "whichever is fewer: 500 needed and 500 have signed, so it has succeeded.")
    short = petition_reached(petition, signatures=499, members=10_000)
    assert not short.ok
    assert short.reason.endswith("so 1 more is needed.")


def test_both_thresholds(commonweal: Constitution):
    petition = commonweal.petition("member-ballot").model_copy(update={"combine": "both"})
    assert petition_threshold(petition, members=10_000) == 1000
    assert petition_threshold(petition, members=40_000) == 2000
    answer = petition_reached(petition, signatures=1500, members=40_000)
    assert not answer.ok
    assert "5% of members (2,000 of 40,000) and 1,000 members, whichever is more" in answer.reason


def test_percent_only_and_fractional_percent(commonweal: Constitution):
    petition = commonweal.petition("rejected-amendment")
    assert petition_threshold(petition, members=1400) == 140
    assert petition_reached(petition, signatures=140, members=1400).ok
    half = petition.model_copy(update={"percent": Fraction(5, 2)})
    answer = petition_reached(half, signatures=1, members=1500)
    assert "2.5% of members (38 of 1,500)" in answer.reason


def test_petition_threshold_never_below_one(commonweal: Constitution):
    assert petition_threshold(commonweal.petition("rejected-amendment"), members=0) == 1
    assert not petition_reached(commonweal.petition("rejected-amendment"), signatures=0,
                                members=0).ok


# --- meetings, papers, minutes and terms ---------------------------------------------------


def test_eight_months_without_a_meeting(commonweal: Constitution):
    body = commonweal.body("coordinating-group")
    answer = meeting_overdue(body, last_meeting=date(2025, 1, 10), since=date(2024, 1, 1),
                             today=date(2025, 9, 10))
    assert (answer.ok, answer.rule) == (False, "6.1")
    assert answer.reason == (
        "Rule 6.1 requires the Coordinating Group to meet at least every 3 months; it last met "
        "on 10 January 2025, 8 months ago, so a meeting was due by 10 April 2025.")


def test_meeting_due_on_the_day_is_not_yet_overdue(commonweal: Constitution):
    body = commonweal.body("coordinating-group")
    on_time = meeting_overdue(body, last_meeting=date(2025, 1, 10), since=date(2024, 1, 1),
                              today=date(2025, 4, 10))
    assert on_time.ok
    assert on_time.reason.endswith("so its next meeting is due by 10 April 2025.")
    assert not meeting_overdue(body, last_meeting=date(2025, 1, 10), since=date(2024, 1, 1),
                               today=date(2025, 4, 11)).ok


def test_a_body_that_never_met(commonweal: Constitution):
    body = commonweal.body("organising-group")
    answer = meeting_overdue(body, last_meeting=None, since=date(2024, 11, 30),
                             today=date(2025, 3, 1))
    assert not answer.ok
    # three months after 30 November is the last day of February
    assert "it has not met since it was set up on 30 November 2024" in answer.reason
    assert "due by 28 February 2025" in answer.reason


def test_body_without_a_meeting_interval(commonweal: Constitution):
    answer = meeting_overdue(commonweal.body("members"), last_meeting=None,
                             since=date(2020, 1, 1), today=date(2025, 1, 1))
    assert (answer.ok, answer.rule) == (True, "8.3")
    assert answer.reason == "All members has no fixed interval between meetings."


def test_papers_the_afternoon_before(commonweal: Constitution):
    answer = papers_late(commonweal.body("coordinating-group"),
                         circulated_at=datetime(2025, 3, 9, 15, 0, tzinfo=UTC),
                         meeting_at=MEETING)
    assert (answer.ok, answer.rule) == (False, "6.4")
    assert answer.reason == ("Rule 6.4 requires papers 5 days before the meeting; these were "
                             "circulated 19 hours before it, 4 days and 5 hours late.")


def test_papers_at_the_meeting_and_on_time(commonweal: Constitution):
    body = commonweal.body("coordinating-group")
    at = papers_late(body, circulated_at=MEETING + timedelta(minutes=30), meeting_at=MEETING)
    assert not at.ok
    assert "circulated 30 minutes after it began, 5 days and 30 minutes late" in at.reason
    exact = papers_late(body, circulated_at=MEETING - timedelta(days=5), meeting_at=MEETING)
    assert exact.ok
    assert exact.reason.endswith("circulated 5 days before it, on time.")


def test_papers_without_a_deadline_must_still_come_first(commonweal: Constitution):
    members = commonweal.body("members")
    assert papers_late(members, circulated_at=MEETING - timedelta(minutes=1),
                       meeting_at=MEETING).ok
    late = papers_late(members, circulated_at=MEETING + timedelta(minutes=1), meeting_at=MEETING)
    assert (late.ok, late.rule) == (False, "8.3")


def test_minutes_published_in_time_and_late(commonweal: Constitution):
    body = commonweal.body("coordinating-group")
    on_time = minutes_overdue(body, meeting_at=MEETING, published_at=MEETING + timedelta(days=14),
                              now=MEETING + timedelta(days=30))
    assert (on_time.ok, on_time.rule) == (True, "6.5")
    late = minutes_overdue(body, meeting_at=MEETING, published_at=MEETING + timedelta(days=20),
                           now=MEETING + timedelta(days=30))
    assert not late.ok
    assert late.reason == ("Rule 6.5 requires minutes within 14 days of the meeting; they were "
                           "published 20 days after it, 6 days late.")


def test_minutes_not_yet_published(commonweal: Constitution):
    body = commonweal.body("coordinating-group")
    pending = minutes_overdue(body, meeting_at=MEETING, published_at=None,
                              now=MEETING + timedelta(days=10))
    assert pending.ok
    assert "due within 4 days" in pending.reason
    months = minutes_overdue(body, meeting_at=MEETING, published_at=None,
                             now=MEETING + timedelta(days=120))
    assert not months.ok
    assert "not been published 120 days after it, 106 days late" in months.reason
    assert minutes_overdue(body, meeting_at=MEETING, published_at=None,
                           now=MEETING + timedelta(days=14)).ok


def test_minutes_without_a_deadline(commonweal: Constitution):
    answer = minutes_overdue(commonweal.body("members"), meeting_at=MEETING, published_at=None,
                             now=MEETING + timedelta(days=400))
    assert answer.ok
    assert "no deadline" in answer.reason


def test_two_year_terms(commonweal: Constitution):
    body = commonweal.body("coordinating-group")
    running = term_expired(body, started=date(2025, 5, 1), today=date(2027, 4, 30))
    assert (running.ok, running.rule) == (True, "5.5")
    assert running.reason == ("Rule 5.5 sets terms of 24 months on the Coordinating Group; "
                              "this term began on 1 May 2025 and runs until 1 May 2027.")
    ended = term_expired(body, started=date(2025, 5, 1), today=date(2027, 5, 1))
    assert not ended.ok
    assert ended.reason.endswith("and ended on 1 May 2027.")


def test_term_from_a_leap_day_and_no_fixed_term(commonweal: Constitution):
    officers = commonweal.body("organising-group")
    assert term_expired(officers, started=date(2024, 2, 29), today=date(2025, 2, 27)).ok
    assert not term_expired(officers, started=date(2024, 2, 29), today=date(2025, 2, 28)).ok
    conference = term_expired(commonweal.body("conference"), started=date(2000, 1, 1),
                              today=date(2025, 1, 1))
    assert conference.ok
    assert conference.reason == "Seats on the Conference have no fixed term."


def test_add_months_clamps_to_month_end():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert add_months(date(2025, 12, 31), 12) == date(2026, 12, 31)
