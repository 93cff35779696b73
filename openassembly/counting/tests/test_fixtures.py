"""Published worked examples and reference counts, with their stage figures."""

from openassembly.counting import count
from openassembly.counting.model import fmt


def figures(stage, places):
    return {k: fmt(v, places) for k, v in stage.votes.items()}


def test_ers97_model_election_published_figures(load):
    # ERS, "How to conduct an election by STV" (1997), section 8, model election:
    # valid vote 753, six places, quota 107.58; Smith's surplus 26.42 over 123
    # transferable papers gives 0.21 a paper and a non-transferable difference of 0.59.
    r = count(load("ers97_model.blt"), method="ers97", seats=6)
    assert fmt(r.quota, 2) == "107.58"
    first, second = r.stages[0], r.stages[1]
    assert first.elected == ["Smith"]
    assert second.subject == ["Smith"] and "0.21" in second.reason
    assert fmt(second.rounding, 2) == "0.59"
    assert fmt(second.transfers["Smith"], 2) == "-26.42"
    # 5.2.5 by hand: Duke's surplus (1.10) is deferred, and Glazier (30.51) and Wright
    # (32.25) go together because 30.51 + 32.25 + 1.10 <= Baron's 64.21.
    joint = [s for s in r.stages if s.excluded == ["Glazier", "Wright"]]
    assert joint and joint[0].label == "4.1"
    for s in r.stages:
        assert sum(s.votes.values()) + s.exhausted + s.rounding == 75300


def test_scottish_matches_droop_reference_count(load):
    # Droop's reference dump SC-scotland-fixed-p5-d5 for the 2005 GPUS election.
    r = count(load("sc2005.blt"), method="scottish", seats=4)
    assert fmt(r.quota, 5) == "19.00000"
    s2 = figures(r.stages[1], 5)
    assert s2["Kristen Olsen"] == "12.45448" and s2["Budd Dickinson"] == "6.84848"
    # LaMarche reached the quota at stage 1 too; her surplus goes second, from all 22 of
    # her papers at their value when received (rule 48), one surplus per stage (rule 49).
    assert r.stages[1].subject == ["Rebecca Rotzler"]
    assert r.stages[2].subject == ["Pat LaMarche"]
    s3 = figures(r.stages[2], 5)
    assert (s3["Steve Kramer"], s3["Tom Sevigny"]) == ("18.54544", "9.24240")
    kramer = next(s for s in r.stages if s.subject == ["Steve Kramer"])
    assert figures(kramer, 5)["Kirit Mookerjee"] == "3.95360"
    assert fmt(kramer.exhausted, 5) == "0.00472"
    last = r.stages[-1]
    assert figures(last, 5)["Tom Sevigny"] == "18.59172"
    assert fmt(last.exhausted, 5) == "18.40808"
    assert r.elected == ["Rebecca Rotzler", "Pat LaMarche", "Steve Kramer", "Tom Sevigny"]


def test_scottish_truncates_transfer_values(load):
    # 33 votes, quota 19: 14/33 = 0.424242... truncated to 0.42424, never rounded.
    r = count(load("sc2005.blt"), method="scottish", seats=4)
    assert fmt(r.stages[1].transfers["Jason Jones"], 5) == "0.42424"


def test_meek_wichmann_voting_matters_12(load):
    # Wichmann's example: X, Y and Z differ by fractions near 1/16,000,000 of a vote.
    # Nine decimal places keep them apart, so Z (fewest) goes first and X is elected.
    r = count(load("vm12_wichmann.blt"), method="meek", seats=3)
    first_exclusion = next(s for s in r.stages if s.action == "exclusion")
    assert first_exclusion.subject == ["Z"]
    assert not r.lots
    before = r.stages[0]
    assert fmt(before.quota, 9) == "1000.750000001"
    assert sorted(r.elected) == ["A", "B", "X"]


def test_meek_votes_conserved_to_the_last_billionth(load):
    r = count(load("sc2005.blt"), method="meek", seats=4)
    for s in r.stages:
        assert sum(s.votes.values()) + s.exhausted + s.rounding == r.total
