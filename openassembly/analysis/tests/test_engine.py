import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openassembly.analysis import COMBINED, Scenario, ScenarioError, analyse, parse_results, rerun
from openassembly.analysis.tests.helpers import SEATS, long_csv, sample

ALLIANCE = ("Lab", "LD", "Green", "PC")


def by_seat(analysis):
    return {s.constituency: s for s in analysis.seats}


def test_single_mode_attributes_each_seat_to_one_partner():
    a = analyse(sample(), Scenario(alliance=ALLIANCE, mode="single"))
    seats = by_seat(a)
    assert {n: s.status for n, s in seats.items()} == {
        "Alpha": "gain",
        "Bravo": "gain",
        "Hotel": "gain",
        "India": "gain",
        "Charlie": "needs_pooled",
        "Delta": "tie",
    }
    alpha = seats["Alpha"]
    assert (alpha.candidate, alpha.gap, alpha.attributed_to, alpha.partners) == (
        "Lab",
        20,
        "LD",
        ("LD",),
    )
    assert (alpha.votes_closing_gap, alpha.margin, alpha.majority) == (30, 10, 20)
    # Both Lab (15) and Green (12) close a gap of 10; the larger margin wins the seat.
    assert seats["Bravo"].attributed_to == "Lab"
    assert seats["Bravo"].sufficient_alone == ("Lab", "Green")
    # Equal margins: alphabetical, so Green before LD.
    assert seats["Hotel"].attributed_to == "Green"
    assert seats["Hotel"].sufficient_alone == ("Green", "LD")
    assert seats["India"].attributed_to == "PC"
    charlie = seats["Charlie"]
    assert (charlie.attributed_to, charlie.partners, charlie.margin) == (None, ("LD", "Green"), 5)
    assert a.gains_by_party == {"Lab": 3, "LD": 1, "Green": 0, "PC": 0}
    assert a.gains_by_partner == {"Lab": 1, "LD": 1, "Green": 1, "PC": 1}
    assert a.totals.to_dict() == {
        "seats_in_scope": 9,
        "held_by_alliance": 1,
        "no_alliance_candidate": 1,
        "gains": 4,
        "alliance_seats_after": 5,
        "needs_pooled": 1,
        "ties": 1,
        "unchanged": 3,
    }


def test_pooled_mode_adds_combined_seats_and_keeps_single_attributions():
    a = analyse(sample(), Scenario(alliance=ALLIANCE, mode="pooled"))
    seats = by_seat(a)
    assert sorted(n for n, s in seats.items() if s.status == "gain") == [
        "Alpha",
        "Bravo",
        "Charlie",
        "Hotel",
        "India",
    ]
    assert seats["Charlie"].attributed_to == COMBINED
    assert seats["Alpha"].attributed_to == "LD"
    # Pooled: every partner's votes move, so Alpha's closing votes are LD 30 + Green 5.
    assert (seats["Alpha"].votes_closing_gap, seats["Alpha"].margin) == (35, 15)
    assert seats["Delta"].status == "tie"
    assert a.gains_by_partner == {"Lab": 1, "LD": 1, "Green": 1, "PC": 1, COMBINED: 1}
    assert a.totals.gains == 5 and a.totals.needs_pooled == 0


def test_rates_are_exact_fractions_and_a_level_result_is_not_a_gain():
    # LD 30 x 2/3 = 20 exactly = Alpha's gap: a dead heat. A float rate would not land on it.
    sc = Scenario(alliance=ALLIANCE, rates=(("LD", "Lab", "2/3"),))
    alpha = by_seat(analyse(sample(), sc))["Alpha"]
    assert alpha.status == "needs_pooled"  # Green's 5 then tips it
    assert alpha.partners == ("LD", "Green") and alpha.margin == 5
    seats = {"Alpha": ("North", {"Con": 100, "Lab": 80, "LD": 30})}
    sc = Scenario(alliance=("Lab", "LD"), rates=(("LD", "Lab", "2/3"),))
    tie = by_seat(analyse(sample(seats), sc))["Alpha"]
    assert (tie.status, tie.votes_closing_gap, tie.margin) == ("tie", 20, 0)
    sc = Scenario(alliance=("Lab", "LD"), rates=(("LD", "Lab", "0.7"),))
    near = by_seat(analyse(sample(seats), sc))["Alpha"]
    assert near.votes_closing_gap == Fraction(21) and near.margin == 1


def test_a_rate_applies_only_to_its_direction():
    # Bravo's candidate is LD; a low Lab->LD rate leaves Green (12 > 10) to take it.
    sc = Scenario(alliance=ALLIANCE, rates=(("Lab", "LD", "0.5"),))
    bravo = by_seat(analyse(sample(), sc))["Bravo"]
    assert bravo.attributed_to == "Green"
    assert bravo.sufficient_alone == ("Green",)
    sc = Scenario(alliance=ALLIANCE, rates=(("LD", "Lab", "0.5"),))
    assert by_seat(analyse(sample(), sc))["Bravo"].attributed_to == "Lab"


def test_default_rate_applies_to_pairs_not_given():
    sc = Scenario(alliance=ALLIANCE, default_rate="0", rates=(("PC", "Lab", 1),))
    a = analyse(sample(), sc)
    assert [s.constituency for s in a.seats] == ["India"]


def test_fixed_assignment_overrides_the_first_party_rule():
    sc = Scenario(alliance=ALLIANCE, assignments={"Alpha": "LD"})
    alpha = by_seat(analyse(sample(), sc))["Alpha"]
    # LD stands with 30; gap 70; Lab's 80 close it alone.
    assert (alpha.candidate, alpha.gap, alpha.attributed_to, alpha.margin) == ("LD", 70, "Lab", 10)


def test_assigned_only_analyses_just_the_assigned_seats():
    sc = Scenario(
        alliance=ALLIANCE, assignments={"Golf": "LD", "Alpha": "Lab"}, candidate_rule="assigned"
    )
    a = analyse(sample(), sc)
    assert a.totals.seats_in_scope == 2
    assert [s.constituency for s in a.seats] == ["Alpha"]


def test_nation_and_region_filters():
    a = analyse(sample(), Scenario(alliance=ALLIANCE, nations=("Wales",)))
    assert a.totals.seats_in_scope == 1 and [s.constituency for s in a.seats] == ["India"]
    a = analyse(sample(), Scenario(alliance=ALLIANCE, nations=("North", "South")))
    assert a.totals.seats_in_scope == 8 and "India" not in by_seat(a)
    a = analyse(sample(), Scenario(alliance=ALLIANCE, nations=("North",), regions=("South",)))
    assert a.totals.seats_in_scope == 0 and a.seats == ()


def test_candidate_is_alliance_party_with_most_votes_ties_by_alliance_order():
    seats = {"Level": ("N", {"Con": 60, "LD": 40, "Lab": 40, "Green": 30})}
    a = analyse(sample(seats), Scenario(alliance=("Lab", "LD", "Green")))
    assert (a.seats[0].candidate, a.seats[0].attributed_to) == ("Lab", "LD")
    a = analyse(sample(seats), Scenario(alliance=("LD", "Lab", "Green")))
    assert a.seats[0].candidate == "LD"
    assert a.seats[0].attributed_to == "Lab"


def test_held_seats_are_never_gains_even_when_a_partner_wins_them():
    seats = {"Held": ("N", {"LD": 100, "Lab": 99, "Con": 10})}
    a = analyse(sample(seats), Scenario(alliance=("Lab", "LD")))
    assert a.seats == () and a.totals.held_by_alliance == 1 and a.totals.gains == 0


def test_saved_analysis_reruns_to_the_same_numbers_only_on_the_same_file():
    results = sample()
    sc = Scenario(alliance=ALLIANCE, mode="pooled", rates={("LD", "Lab"): "2/3"})
    saved = json.loads(json.dumps(analyse(results, sc).to_dict()))
    assert saved["format"] == "openassembly.pact" and saved["version"] == 1
    assert saved["data"]["sha256"] == results.sha256
    assert rerun(saved, results).to_dict() == saved
    other = parse_results(long_csv(SEATS), name="sample.csv")  # no totals column: other bytes
    with pytest.raises(ScenarioError, match="results file differs"):
        rerun(saved, other)
    with pytest.raises(ScenarioError, match="not a saved analysis"):
        rerun({**saved, "version": 99}, results)


def test_unknown_names_stop_the_analysis():
    with pytest.raises(ScenarioError, match="unknown party 'SNP'"):
        analyse(sample(), Scenario(alliance=("Lab", "SNP")))


PARTIES = ("Con", "Lab", "LD", "Green")


@st.composite
def result_sets(draw):
    n = draw(st.integers(1, 6))
    seats = {}
    for i in range(n):
        votes = draw(st.lists(st.integers(0, 60), min_size=4, max_size=4))
        votes[0] = draw(st.integers(0, 60))
        ranked = sorted(votes, reverse=True)
        if ranked[0] == ranked[1]:
            votes[votes.index(ranked[0])] += 1  # the file must say who won
        seats[f"S{i}"] = ("N", dict(zip(PARTIES, votes, strict=True)))
    return sample(seats)


@settings(max_examples=150, deadline=None)
@given(result_sets(), st.sampled_from(["0", "1/2", "2/3", "1"]))
def test_pooled_gains_are_single_gains_plus_seats_needing_pooled_votes(results, rate):
    alliance = ("Lab", "LD", "Green")
    single = analyse(results, Scenario(alliance=alliance, default_rate=rate))
    pooled = analyse(results, Scenario(alliance=alliance, default_rate=rate, mode="pooled"))
    single_gains = {s.constituency for s in single.seats_with("gain")}
    needing = {s.constituency for s in single.seats_with("needs_pooled")}
    pooled_gains = {s.constituency for s in pooled.seats_with("gain")}
    assert pooled_gains == single_gains | needing
    assert sum(single.gains_by_partner.values()) == single.totals.gains == len(single_gains)
    for seat in single.seats_with("gain"):
        assert seat.margin > 0 and seat.votes_closing_gap - seat.gap == seat.margin
        assert by_seat(pooled)[seat.constituency].attributed_to == seat.attributed_to
