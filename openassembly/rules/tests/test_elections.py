"""The constitution's elections, ballot settings and recall petitions."""

from __future__ import annotations

import pytest

from openassembly.rules import Constitution, ConstitutionError, load_constitution
from openassembly.rules.tests.conftest import MINIMAL, line_of

REGIONAL_SEAT = """
[[bodies.seats]]
key = "regional"
name = "Regional members"
rule = "1"
kind = "elected"
per_region = 2
"""

ELECTION = """
[[elections]]
key = "committee-regional"
name = "Committee: regional members"
rule = "2.1"
body = "committee"
seat = "regional"
method = "ers97"
electorate = "region"
nominators = 2
"""


def with_election(election: str = ELECTION, extra: str = "") -> str:
    # The seat must follow the committee's other seats, before [[powers]].
    head, tail = MINIMAL.split("[[powers]]", 1)
    return head + REGIONAL_SEAT + "\n[[powers]]" + tail + election + extra


def problems_of(text: str):
    with pytest.raises(ConstitutionError) as info:
        load_constitution(text)
    return info.value.problems


def test_example_elections_name_real_seats_and_methods(commonweal: Constitution):
    regional = commonweal.election("regional")
    assert (regional.body, regional.seat, regional.method) == (
        "coordinating-group", "regional", "ers97")
    assert regional.electorate == "region"
    assert (regional.nominators, regional.nomination_days, regional.voting_days) == (2, 14, 7)
    assert regional.procedure == "13.1"
    assert commonweal.election("public-office").method == "meek"
    assert commonweal.ballots is not None
    assert commonweal.ballots.marked_register == "members"
    assert commonweal.ballots.statements_rule == "13.3"
    assert commonweal.petition("recall").recall
    assert not commonweal.petition("member-ballot").recall
    assert "run-ballots" in {p.name for p in commonweal.powers}


def test_minimal_election_loads_with_defaults():
    c = load_constitution(with_election())
    election = c.election("committee-regional")
    assert election.voting_days == 7
    assert election.procedure == "2.1"
    assert c.ballots is None
    with pytest.raises(KeyError, match="no election 'nope'"):
        c.election("nope")


def test_unknown_method_is_refused_at_its_line():
    text = with_election(ELECTION.replace('"ers97"', '"borda"'))
    (problem,) = problems_of(text)
    assert problem.key == "elections[0].method"
    assert problem.line == line_of(text, 'method = "borda"')


def test_election_of_a_missing_seat_is_named():
    text = with_election(ELECTION.replace('seat = "regional"', 'seat = "treasurer"'))
    (problem,) = problems_of(text)
    assert problem.key == "elections[0].seat"
    assert "'treasurer' is not a seat of body 'committee'" in problem.message


def test_nominated_seat_cannot_be_elected():
    text = with_election(
        ELECTION.replace('seat = "regional"', 'seat = "union-reps"').replace(
            'electorate = "region"\n', ""))
    (problem,) = problems_of(text)
    assert "nominated, so it is not filled by election" in problem.message


def test_regional_electorate_needs_a_per_region_seat():
    text = with_election(ELECTION.replace('seat = "regional"', 'seat = "chair"'))
    (problem,) = problems_of(text)
    assert problem.key == "elections[0].electorate"


def test_ballot_rules_must_exist():
    text = with_election(extra='\n[ballots]\nrule = "2.1"\nstatements_rule = "9.9"\n')
    (problem,) = problems_of(text)
    assert problem.key == "ballots.statements_rule"
    assert "'9.9' is not one of the [[rules]]" in problem.message


def test_marked_register_choice_is_checked():
    text = with_election(extra='\n[ballots]\nrule = "2.1"\nmarked_register = "public"\n')
    (problem,) = problems_of(text)
    assert problem.key == "ballots.marked_register"


def test_recall_petition_must_lead_to_a_members_ballot():
    text = with_election(extra="""
[[petitions]]
key = "recall"
name = "Recall"
rule = "2.1"
count = 10
consequence = "agenda:committee"
recall = true
""")
    (problem,) = problems_of(text)
    assert "recall petition must have consequence = 'referendum'" in problem.message


def test_duplicate_election_keys():
    text = with_election(ELECTION + ELECTION)
    (problem,) = problems_of(text)
    assert problem.key == "elections[1].key"
