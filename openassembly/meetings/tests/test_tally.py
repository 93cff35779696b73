"""Counting a division under each kind of majority, and card votes by section."""

from __future__ import annotations

from fractions import Fraction

import pytest

from openassembly.meetings import tally
from openassembly.rules.model import Majority


def _count(kind: str, f: int, a: int, ab: int, seats: int = 16):
    return tally.count({"": (f, a, ab)}, majority=Majority(kind=kind, rule="9.9"),
                       seats_filled=seats)


@pytest.mark.parametrize(("kind", "votes", "carried"), [
    ("simple", (6, 3, 1), True), ("simple", (5, 5, 0), False),
    ("absolute", (8, 2, 0), False), ("absolute", (9, 0, 7), True),
    ("two-thirds", (6, 3, 1), True), ("two-thirds", (6, 4, 0), False),
    ("unanimity", (9, 0, 1), True), ("unanimity", (7, 2, 1), False),
])
def test_each_majority_from_the_constitution(kind, votes, carried):
    result = _count(kind, *votes)
    assert result.carried is carried
    assert result.answer.rule == "9.9" and result.weighted is None


def test_absolute_majority_counts_against_the_seats_filled():
    assert "more than half of the 16 entitled to vote" in _count("absolute", 8, 2, 0).answer.reason


def test_card_vote_shares_each_sections_weight_among_its_votes(commonweal_conference):
    counts = {"affiliates": (0, 3, 0), "local-groups": (60, 40, 0)}
    result = tally.count(counts, majority=Majority(kind="simple", rule="8.1"),
                         seats_filled=200, body=commonweal_conference)
    assert (result.votes_for, result.against) == (60, 43)
    assert result.headcount.ok and not result.carried
    assert result.weighted == (Fraction(30), Fraction(70), Fraction(0))


def test_a_section_that_did_not_vote_weighs_nothing(commonweal_conference):
    result = tally.count({"local-groups": (1, 0, 0)}, majority=Majority(kind="simple", rule="8.1"),
                         seats_filled=10, body=commonweal_conference)
    assert result.weighted == (Fraction(50), Fraction(0), Fraction(0)) and result.carried


@pytest.fixture
def commonweal_conference():
    from openassembly.rules import examples, load_constitution

    return load_constitution(examples.read("commonweal")).body("conference")
