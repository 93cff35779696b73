"""Hypothesis properties of every count."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from openassembly.counting import Election, count

NAMES = [f"C{i}" for i in range(6)]


@st.composite
def profiles(draw, max_cands=6):
    n = draw(st.integers(2, max_cands))
    perms = st.permutations(list(range(n)))
    ballots = draw(st.lists(st.tuples(perms, st.integers(1, 40), st.integers(1, n)),
                            min_size=1, max_size=25))
    rankings = [(tuple(p[:k]), w) for p, w, k in ballots]
    return Election.from_rankings(NAMES[:n], rankings)


STV = ["ers97", "scottish", "meek"]


@settings(max_examples=60, deadline=None)
@given(profiles(), st.integers(1, 3), st.sampled_from(STV))
def test_votes_conserved_and_quota_elects(e, seats, method):
    seats = min(seats, len(e.candidates))
    r = count(e, method=method, seats=seats, seed="p")
    for s in r.stages:
        assert sum(s.votes.values()) + s.exhausted + s.rounding == r.total
        assert s.exhausted >= 0 and s.rounding >= 0
    assert len(r.elected) == seats and len(set(r.elected)) == seats
    first = r.stages[0]
    quota = first.quota
    for name, v in first.votes.items():
        if v >= quota and method != "ers97":
            assert name in r.elected


@settings(max_examples=60, deadline=None)
@given(profiles(), st.sampled_from(["irv", "ers97", "scottish", "meek", "schulze", "block"]))
def test_result_does_not_depend_on_ballot_order(e, method):
    seats = 1 if method == "irv" else min(2, len(e.candidates))
    shuffled = list(e.ballots)
    random.Random(7).shuffle(shuffled)
    e2 = Election(e.candidates, shuffled, e.seats, e.withdrawn, e.title, e.digest())
    a = count(e, method=method, seats=seats, seed="z").to_dict()
    b = count(e2, method=method, seats=seats, seed="z").to_dict()
    assert a == b


@settings(max_examples=80, deadline=None)
@given(profiles())
def test_irv_equals_one_seat_scottish_stv(e):
    assert count(e, method="irv", seats=1, seed="q").elected == \
        count(e, method="scottish", seats=1, seed="q").elected


@settings(max_examples=80, deadline=None)
@given(profiles())
def test_condorcet_winner_wins_schulze(e):
    r = count(e, method="schulze", seats=1)
    n = len(e.candidates)
    beats = [[0] * n for _ in range(n)]
    for ranking, w in e.ballots:
        pos = {c: i for i, c in enumerate(ranking)}
        for a in range(n):
            for b in range(n):
                if a != b and pos.get(a, n) < pos.get(b, n):
                    beats[a][b] += w
    winners = [a for a in range(n) if all(beats[a][b] > beats[b][a] for b in range(n) if b != a)]
    if winners:
        assert r.elected == [e.candidates[winners[0]]] and r.ranking[0] == r.elected


@settings(max_examples=40, deadline=None)
@given(profiles(), st.text(max_size=8))
def test_same_seed_draws_same_lots(e, seed):
    for method in ("scottish", "ers97", "fptp"):
        a = count(e, method=method, seats=1, seed=seed)
        b = count(e, method=method, seats=1, seed=seed)
        assert [lot.to_dict() for lot in a.lots] == [lot.to_dict() for lot in b.lots]
        assert a.elected == b.elected
