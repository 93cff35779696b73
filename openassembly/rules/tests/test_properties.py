"""Properties that must hold for any numbers, not just the ones in the reports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openassembly.rules import ConstitutionError, load_constitution
from openassembly.rules.bounds import MAX_PER_GROUP
from openassembly.rules.model import Body, Majority, Petition
from openassembly.rules.questions import (
    add_months,
    notice_ok,
    passed,
    petition_reached,
    petition_threshold,
    quorate,
)
from openassembly.rules.tests.conftest import EXAMPLE, MINIMAL, line_of

KINDS = ["simple", "absolute", "two-thirds", "unanimity"]
COMMONWEAL = load_constitution(EXAMPLE.read_text(encoding="utf-8"))

votes = st.one_of(
    st.integers(min_value=0, max_value=10_000),
    st.fractions(min_value=0, max_value=10_000, max_denominator=60),
)
petitions = st.builds(
    Petition,
    key=st.just("p"), name=st.just("P"), rule=st.just("1"),
    percent=st.fractions(min_value=Fraction(1, 10), max_value=100, max_denominator=10),
    count=st.one_of(st.none(), st.integers(min_value=1, max_value=100_000)),
    combine=st.sampled_from(["either", "both"]),
    consequence=st.just("referendum"),
)


@given(kind=st.sampled_from(KINDS), yes=votes, more=votes, no=votes, abstain=votes)
def test_more_votes_for_never_loses(kind, yes, more, no, abstain):
    majority = Majority(kind=kind, rule="1")
    eligible = int(yes + more + no + abstain) + 1
    before = passed(majority, votes_for=yes, against=no, abstain=abstain, eligible=eligible)
    after = passed(majority, votes_for=yes + more, against=no, abstain=abstain,
                   eligible=eligible)
    assert after.ok or not before.ok


@given(kind=st.sampled_from(KINDS), yes=votes, no=votes, more=votes, abstain=votes)
def test_more_votes_against_never_wins(kind, yes, no, more, abstain):
    majority = Majority(kind=kind, rule="1")
    eligible = int(yes + more + no + abstain) + 1
    before = passed(majority, votes_for=yes, against=no, abstain=abstain, eligible=eligible)
    after = passed(majority, votes_for=yes, against=no + more, abstain=abstain,
                   eligible=eligible)
    assert before.ok or not after.ok


@given(yes=votes, no=votes, abstain=votes)
def test_majorities_are_ordered_by_strictness(yes, no, abstain):
    """Unanimity or two thirds carried implies a simple majority carried."""
    def ok(kind: str) -> bool:
        return passed(Majority(kind=kind, rule="1"), votes_for=yes, against=no,
                      abstain=abstain).ok

    if ok("two-thirds") or ok("unanimity"):
        assert ok("simple")


@given(petition=petitions, members=st.integers(min_value=0, max_value=10**7),
       signatures=st.integers(min_value=0, max_value=10**6),
       extra=st.integers(min_value=0, max_value=10**6))
def test_more_signatures_never_undo_a_petition(petition, members, signatures, extra):
    before = petition_reached(petition, signatures=signatures, members=members)
    after = petition_reached(petition, signatures=signatures + extra, members=members)
    assert after.ok or not before.ok
    needed = petition_threshold(petition, members=members)
    assert petition_reached(petition, signatures=needed, members=members).ok
    assert not petition_reached(petition, signatures=needed - 1, members=members).ok


@given(petition=petitions, members=st.integers(min_value=0, max_value=10**7))
def test_either_binds_no_higher_than_both(petition, members):
    either = petition.model_copy(update={"combine": "either"})
    both = petition.model_copy(update={"combine": "both"})
    low = petition_threshold(either, members=members)
    high = petition_threshold(both, members=members)
    assert low <= high
    # with "both" the percentage must be met too; with "either" the count is enough
    share = -(-petition.percent * members // 100)
    assert high >= share
    if petition.count is not None:
        assert low <= max(petition.count, 1)


@given(present=st.integers(min_value=0, max_value=2000),
       seats=st.integers(min_value=0, max_value=2000))
def test_quorum_is_exactly_the_fraction_rounded_up(present, seats):
    body: Body = COMMONWEAL.body("coordinating-group")
    answer = quorate(body, present=present, seats_filled=seats)
    assert answer.ok == (present >= 1 and Fraction(present) >= Fraction(seats, 3))


@given(seconds=st.integers(min_value=-10**6, max_value=10**7), urgent=st.booleans())
def test_notice_ok_exactly_when_notice_reaches_the_requirement(seconds, urgent):
    body: Body = COMMONWEAL.body("organising-group")
    meeting = datetime(2025, 6, 1, 18, 0, tzinfo=UTC)
    answer = notice_ok(body, called_at=meeting - timedelta(seconds=seconds),
                       meeting_at=meeting, urgent=urgent)
    required = 48 * 3600 if urgent else 7 * 86400
    assert answer.ok == (seconds >= required)
    assert answer.rule == ("6.3" if urgent else "6.2")


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2400, 1, 1)),
       months=st.integers(min_value=0, max_value=600))
def test_add_months_lands_in_the_right_month(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day
    assert later >= day


@given(value=st.integers(min_value=-1000, max_value=10**12))
def test_a_bad_count_is_reported_on_its_own_line(value):
    text = MINIMAL.replace("per_affiliate = 2", f"per_affiliate = {value}")
    if 0 < value <= MAX_PER_GROUP:
        assert load_constitution(text).body("committee").seat("union-reps").per_affiliate == value
        return
    with pytest.raises(ConstitutionError) as info:
        load_constitution(text)
    [problem] = info.value.problems
    assert problem.line == line_of(text, "per_affiliate =")
    assert problem.key == "bodies[0].seats[1].per_affiliate"
    if value > 0:
        assert problem.message.startswith(f"must be at most {MAX_PER_GROUP}")
