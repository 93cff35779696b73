"""Ranked pairs and minimax: published examples, equal defeats, ties and the matrix."""

import json

import pytest
from hypothesis import given, settings

from openassembly.counting import Election, count, render_text
from openassembly.counting.cli import main
from openassembly.counting.condorcet import _acyclic
from openassembly.counting.tests.test_properties import profiles

A, B, C, D, E = range(5)

# Schulze's own example (Social Choice and Welfare 36, 2011, section 3.1): 45 voters.
SCHULZE_EXAMPLE = [((A, C, B, E, D), 5), ((A, D, E, C, B), 5), ((B, E, D, A, C), 8),
                   ((C, A, B, E, D), 3), ((C, A, E, B, D), 7), ((C, B, A, D, E), 2),
                   ((D, C, E, B, A), 7), ((E, B, A, D, C), 8)]

# Tennessee capital: Memphis 42%, Nashville 26%, Chattanooga 15%, Knoxville 17%.
TENNESSEE = [((0, 1, 2, 3), 42), ((1, 2, 3, 0), 26), ((2, 3, 1, 0), 15), ((3, 2, 1, 0), 17)]
CITIES = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]


def test_schulze_example_ranked_pairs_locks_a_over_c_over_e_over_b_over_d():
    e = Election.from_rankings(list("ABCDE"), SCHULZE_EXAMPLE)
    r = count(e, method="ranked-pairs", seats=1)
    assert r.ranking == [["A"], ["C"], ["E"], ["B"], ["D"]]
    assert r.elected == ["A"] and not r.lots
    assert r.pairwise["A"] == {"B": 20, "C": 26, "D": 30, "E": 22}
    assert r.pairwise["D"]["C"] == 28
    locked = next(n for n in r.notes if n.startswith("locked defeats"))
    assert locked.startswith("locked defeats, strongest first: B over D 33-12; E over D 31-14;"
                             " A over D 30-15; C over B 29-16; E over B 27-18; A over C 26-19;"
                             " C over E 24-21")
    # Schulze on the same ballots elects E: the two methods differ here.
    assert count(e, method="schulze", seats=1).elected == ["E"]


def test_schulze_example_minimax_scores_by_strongest_defeat():
    e = Election.from_rankings(list("ABCDE"), SCHULZE_EXAMPLE)
    r = count(e, method="minimax", seats=2)
    assert r.stages[0].votes == {"A": 25, "B": 29, "C": 28, "D": 33, "E": 24}
    assert r.ranking == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert r.elected == ["E", "A"]
    assert r.rule == "Minimax (winning votes)"


@pytest.mark.parametrize("method", ["ranked-pairs", "minimax", "schulze"])
def test_tennessee_elects_the_condorcet_winner_nashville(method):
    e = Election.from_rankings(CITIES, TENNESSEE)
    r = count(e, method=method, seats=1)
    assert r.elected == ["Nashville"]
    assert r.pairwise["Nashville"]["Memphis"] == 58


def test_condorcet_cycle_of_equal_defeats_is_broken_by_a_recorded_lot():
    # A>B, B>C, C>A, each 2-1: equal defeats in a cycle; one must be dropped by lot.
    e = Election.from_rankings(["A", "B", "C"], [((A, B, C), 1), ((B, C, A), 1),
                                                 ((C, A, B), 1)])
    r = count(e, method="ranked-pairs", seats=1, seed="s1")
    assert r.lots and r.lots[0].purpose.startswith("tie-breaking ranking")
    assert any(n.startswith("equal defeats taken in the lot's order") for n in r.notes)
    assert len(r.elected) == 1 and len(r.ranking) == 3
    winners = {count(e, method="ranked-pairs", seats=1, seed=str(s)).elected[0]
               for s in range(30)}
    assert winners == {"A", "B", "C"}
    assert r.to_dict()["stages"][0]["lots"] == [1]


def test_one_tie_breaking_ranking_serves_every_conflict_of_equal_defeats():
    names = list("ABCDEF")
    a, b, c, d, e, f = range(6)
    ballots = [((a, b, c), 1), ((b, c, a), 1), ((c, a, b), 1),
               ((d, e, f), 2), ((e, f, d), 2), ((f, d, e), 2)]
    r = count(Election.from_rankings(names, ballots), method="ranked-pairs", seats=2,
              seed="two cycles")
    assert len(r.lots) == 1
    assert sum(n.startswith("equal defeats taken in the lot's order") for n in r.notes) == 2
    # D, E, F each beat A, B, C 6-3, so the two places go to the D-E-F cycle.
    assert set(r.elected) <= {"D", "E", "F"} and len(r.elected) == 2


def test_minimax_tie_across_the_seat_is_returned_and_drawn():
    e = Election.from_rankings(["A", "B", "C"], [((A, B, C), 1), ((B, C, A), 1),
                                                 ((C, A, B), 1)])
    r = count(e, method="minimax", seats=1, seed="x")
    assert r.ties == [["A", "B", "C"]] and len(r.lots) == 1
    assert r.elected == [r.lots[0].order[0]]


def test_equal_defeats_that_do_not_conflict_need_no_lot():
    # A beats B and C beats D, each 2-1, with nothing joining them.
    e = Election.from_rankings(list("ABCD"), [((A, B), 1), ((C, D), 1), ((A, C, B, D), 1)])
    r = count(e, method="ranked-pairs", seats=2)
    assert not r.lots


def test_withdrawn_candidates_and_equal_rankings():
    e = Election.from_rankings(CITIES, TENNESSEE, withdrawn=[1])
    for method in ("ranked-pairs", "minimax"):
        r = count(e, method=method, seats=1)
        assert r.elected == ["Chattanooga"] and "Nashville" not in r.pairwise
    eq = Election.from_rankings(list("ABC"), [(((A, B), C), 3), ((C, A), 2)])
    r = count(eq, method="ranked-pairs", seats=1)
    assert r.pairwise["A"]["B"] == 2 and r.pairwise["B"]["A"] == 0
    assert r.pairwise["A"]["C"] == 3 and r.elected == ["A"]


def test_render_and_json_show_the_matrix():
    e = Election.from_rankings(CITIES, TENNESSEE)
    r = count(e, method="minimax", seats=1)
    text = render_text(r)
    assert "Ranking: Nashville > Memphis" in text and "pairwise preferences" in text
    d = r.to_dict()
    assert d["pairwise"]["Memphis"]["Knoxville"] == 42
    assert "pairwise" not in count(e, method="fptp", seats=1).to_dict()


def test_acyclic_helper():
    assert _acyclic({0: set(), 1: set()}, [(0, 1)])
    assert not _acyclic({0: {1}, 1: set()}, [(1, 0)])


def test_compare_lists_the_condorcet_methods_and_prints_the_matrix(tmp_path, capsys):
    f = tmp_path / "t.blt"
    f.write_text("4 1\n42 1 2 3 4 0\n26 2 3 4 1 0\n15 3 4 2 1 0\n17 4 3 2 1 0\n0\n"
                 '"Memphis"\n"Nashville"\n"Chattanooga"\n"Knoxville"\n"Tennessee"\n')
    assert main(["compare", str(f), "--seats", "1"]) == 0
    out = capsys.readouterr().out
    assert "ranked-pairs" in out and "minimax" in out and "block" in out
    assert "Pairwise preferences" in out
    assert main(["count", str(f), "--method", "ranked-pairs", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["elected"] == ["Nashville"]


@settings(max_examples=80, deadline=None)
@given(profiles())
def test_a_condorcet_winner_wins_both(e):
    n = len(e.candidates)
    r = count(e, method="ranked-pairs", seats=1, seed="p")
    d = r.pairwise
    winner = [a for a in e.candidates
              if all(d[a][b] > d[b][a] for b in e.candidates if b != a)]
    if winner:
        assert r.elected == winner
        assert count(e, method="minimax", seats=1).elected == winner
    assert sum(len(t) for t in r.ranking) == n


@settings(max_examples=60, deadline=None)
@given(profiles())
def test_ballot_order_does_not_matter(e):
    flipped = Election(candidates=e.candidates, ballots=list(reversed(e.ballots)),
                       source_digest="x")
    same = Election(candidates=e.candidates, ballots=e.ballots, source_digest="x")
    for method in ("ranked-pairs", "minimax"):
        a = count(same, method=method, seats=1, seed="s")
        b = count(flipped, method=method, seats=1, seed="s")
        assert a.ranking == b.ranking and a.elected == b.elected
