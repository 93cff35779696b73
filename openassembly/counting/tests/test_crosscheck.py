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


def _pv_extended(e):
    """pref_voting's profile with unranked candidates below ranked ones, as ours counts."""
    prof = _pv(e)
    prof.use_extended_strict_preference()
    return prof


@pytest.mark.parametrize("seed", range(30))
def test_ranked_pairs_winner_is_one_of_pref_voting_ranked_pairs_winners(seed):
    from pref_voting.voting_methods import ranked_pairs

    rng = random.Random(300 + seed)
    # Truncated ballots: winning votes, as ours, via pref_voting's support().
    e = _profile(rng, rng.randint(3, 6), rng.randint(5, 40), complete=bool(seed % 2))
    ours = count(e, method="ranked-pairs", seats=1, seed="x")
    prof = _pv_extended(e)
    theirs = [e.candidates[c] for c in ranked_pairs(prof, strength_function=prof.support)]
    # pref_voting returns every winner under some order of equal defeats; ours takes
    # equal winning votes by the smaller opposition first, then by lot.
    assert ours.elected[0] in theirs
    if len(theirs) == 1:
        assert ours.elected == theirs


@pytest.mark.parametrize("seed", range(30))
def test_minimax_winning_votes_agrees_with_pref_voting(seed):
    from pref_voting.voting_methods import minimax

    rng = random.Random(400 + seed)
    e = _profile(rng, rng.randint(3, 6), rng.randint(5, 40), complete=bool(seed % 2))
    ours = count(e, method="minimax", seats=1, seed="x")
    prof = _pv_extended(e)
    theirs = sorted(e.candidates[c] for c in minimax(prof, strength_function=prof.support))
    assert sorted(ours.ranking[0]) == theirs
