"""Cross-checks against pref_voting (test-only dependency) where the rules coincide."""

import random

import pytest

from openassembly.counting import Election, count

pv = pytest.importorskip("pref_voting")


def _profile(rng, n, voters, complete):
    ballots = []
    for _ in range(voters):
        perm = list(range(n))
        rng.shuffle(perm)
        k = n if complete else rng.randint(1, n)
        ballots.append((tuple(perm[:k]), rng.randint(1, 9)))
    return Election.from_rankings([f"c{i}" for i in range(n)], ballots)


def _pv(e):
    from pref_voting.profiles_with_ties import ProfileWithTies

    return ProfileWithTies([{c: i + 1 for i, c in enumerate(r)} for r, _ in e.ballots],
                           rcounts=[w for _, w in e.ballots],
                           candidates=list(range(len(e.candidates))))


@pytest.mark.parametrize("seed", range(25))
def test_scottish_agrees_with_pref_voting(seed):
    from pref_voting.proportional_methods import stv_scottish

    rng = random.Random(seed)
    e = _profile(rng, rng.randint(4, 7), rng.randint(20, 60), complete=False)
    seats = rng.randint(1, 3)
    ours = count(e, method="scottish", seats=seats)
    if ours.lots:
        pytest.skip("a tie was broken by lot; the two counters draw differently")
    theirs = stv_scottish(_pv(e), num_seats=seats, rng=random.Random(0))
    assert sorted(ours.elected) == sorted(e.candidates[c] for c in theirs)


@pytest.mark.parametrize("seed", range(25))
def test_schulze_agrees_with_pref_voting_beat_path(seed):
    from pref_voting.voting_methods import beat_path

    rng = random.Random(100 + seed)
    # Complete rankings: winning votes and margins then give the same paths.
    e = _profile(rng, rng.randint(3, 6), rng.randint(5, 40), complete=True)
    ours = count(e, method="schulze", seats=1)
    theirs = sorted(e.candidates[c] for c in beat_path(_pv(e)))
    assert sorted(ours.ranking[0]) == theirs


@pytest.mark.parametrize("seed", range(25))
def test_irv_agrees_with_pref_voting(seed):
    from pref_voting.voting_methods import instant_runoff_for_truncated_linear_orders

    rng = random.Random(200 + seed)
    e = _profile(rng, rng.randint(3, 6), rng.randint(20, 60), complete=False)
    ours = count(e, method="irv", seats=1)
    if ours.lots:
        pytest.skip("a tie was broken by lot")
    theirs = instant_runoff_for_truncated_linear_orders(_pv(e))
    if len(theirs) > 1:
        pytest.skip("pref_voting reports a tie")
    assert ours.elected == [e.candidates[theirs[0]]]
