from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pydantic
import pytest

from openassembly.rules import Constitution, examples, load_constitution


def test_example_loads(commonweal: Constitution):
    assert commonweal.organisation.slug == "commonweal"
    assert commonweal.organisation.name == "Commonweal Alliance"
    assert commonweal.membership.regions == ["North", "South", "East", "West", "Wales"]
    assert len(commonweal.rules) >= 20
    assert commonweal.affiliate_kind("union").annual_fee_pence == 50000


def test_coordinating_group_has_34_places(commonweal: Constitution):
    plan = commonweal.seat_plan(affiliates={})
    groups = [g for g in plan if g.body_key == "coordinating-group"]
    assert sum(g.places for g in groups) == 34
    regional = [g for g in groups if g.seat_key == "regional"]
    assert [g.label for g in regional] == ["North", "South", "East", "West", "Wales"]
    assert all(g.places == 4 and g.kind == "elected" for g in regional)
    by_seat = {g.seat_key: g for g in groups if g.seat_key != "regional"}
    assert by_seat["public-office"].eligibility == "public-office-holder"
    assert (by_seat["union"].places, by_seat["union"].nominated_by) == (6, "union")
    assert (by_seat["organisation"].places, by_seat["organisation"].nominated_by) == (
        4, "national-organisation")


def test_organising_group_grows_with_affiliates(commonweal: Constitution):
    affiliates = {
        "national-organisation": ["Fair Homes", "Clean Air Now"],
        "union": ["Transport Workers"],
        "local-group": ["Leeds", "Cardiff", "Norwich"],
    }
    groups = [g for g in commonweal.seat_plan(affiliates=affiliates)
              if g.body_key == "organising-group"]
    officers = [g for g in groups if g.officer]
    assert [g.label for g in officers] == ["Chair", "Secretary", "Treasurer"]
    assert all(g.places == 1 and g.kind == "elected" for g in officers)
    orgs = [g for g in groups if g.seat_key == "organisation-reps"]
    assert [(g.label, g.places) for g in orgs] == [("Fair Homes", 3), ("Clean Air Now", 3)]
    unions = [g for g in groups if g.seat_key == "union-reps"]
    assert [(g.label, g.places, g.up_to, g.requires_fee) for g in unions] == [
        ("Transport Workers", 3, True, True)]
    assert sum(g.places for g in groups) == 3 + 6 + 3 + 3


def test_conference_card_vote_sections(commonweal: Constitution):
    conference = commonweal.body("conference")
    assert [(s.key, s.weight_percent) for s in conference.sections] == [
        ("affiliates", 50), ("local-groups", 50)]
    assert conference.kind == "conference"


def test_decisions_powers_and_petitions(commonweal: Constitution):
    amendment = commonweal.decision("constitution-amendment")
    assert (amendment.body, amendment.majority.kind) == ("coordinating-group", "unanimity")
    assert commonweal.decision("ordinary").majority.kind == "simple"
    assert commonweal.power("full-export").two_person
    assert commonweal.power("correct-result").two_person
    # No seat holds a power to change the constitution: only rule 8.2's routes do (a decision
    # of the Coordinating Group, or a members' ballot raised by the 10% petition).
    assert {p.name for p in commonweal.powers} == {
        "call-meeting", "import-members", "manage-register", "confirm-sensitive-action",
        "full-export", "correct-result", "run-ballots", "cancel-meeting", "record-dues",
        "admit-members"}
    assert commonweal.amendment_ballot is not None
    assert (commonweal.amendment_ballot.rule, commonweal.amendment_ballot.petitions) == (
        "8.2", ["rejected-amendment"])
    ballot = commonweal.petition("member-ballot")
    assert (ballot.percent, ballot.count, ballot.combine, ballot.consequence) == (
        Fraction(5), 1000, "either", "referendum")
    assert commonweal.petition("agenda").agenda_body == "coordinating-group"
    assert commonweal.body("members").kind == "all-members"


def test_officer_seats_and_their_powers(commonweal: Constitution):
    officers = [(b.key, s.key) for b, s in commonweal.officer_seats()]
    assert officers == [("organising-group", "chair"), ("organising-group", "secretary"),
                        ("organising-group", "treasurer")]
    names = {p.name for p in commonweal.powers_of("organising-group", "treasurer")}
    assert names == {"confirm-sensitive-action", "full-export", "cancel-meeting", "record-dues"}


def test_seat_plan_rejects_unknown_affiliate_kind(commonweal: Constitution):
    with pytest.raises(KeyError, match="'charity'"):
        commonweal.seat_plan(affiliates={"charity": ["Shelter From Storms"]})


def test_constitution_is_frozen(commonweal: Constitution):
    with pytest.raises(pydantic.ValidationError):
        commonweal.organisation.name = "Someone Else"  # type: ignore[misc]


def test_examples_are_readable_as_package_data(example_text: str):
    assert "commonweal" in examples.names()
    assert examples.read("commonweal") == example_text
    with pytest.raises(KeyError, match="no example constitution 'utopia'"):
        examples.read("utopia")


def test_the_example_in_the_docs_loads():
    docs = Path(__file__).resolve().parents[3] / "docs" / "constitution.md"
    block = docs.read_text(encoding="utf-8").split("```toml\n", 1)[1].split("```", 1)[0]
    c = load_constitution(block)
    assert c.organisation.slug == "riverside"
    assert sum(g.places for g in c.seat_plan(affiliates={"association": ["Elm", "Oak"]})) == 4


def test_union_places_need_the_fee_when_payments_are_given(commonweal: Constitution):
    affiliates = {"union": ["Transport Workers", "Care Workers"],
                  "national-organisation": ["Fair Homes"]}
    paid = {"union": {"Care Workers"}}
    groups = commonweal.seat_plan(affiliates=affiliates, fee_paid=paid)
    union_reps = [g.label for g in groups if g.seat_key in ("union-reps", "union-delegates")]
    assert union_reps == ["Care Workers", "Care Workers"]
    # organisations pay no fee, so payments do not limit them
    assert [g.label for g in groups if g.seat_key == "organisation-reps"] == ["Fair Homes"]
    everyone = commonweal.seat_plan(affiliates=affiliates)
    assert [g.label for g in everyone if g.seat_key == "union-reps"] == [
        "Transport Workers", "Care Workers"]
