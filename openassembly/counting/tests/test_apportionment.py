"""Apportionment: published examples, ties by lot, thresholds, bad input, and properties."""

import json
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from openassembly.counting.apportion_cli import (
    main,
    parse_threshold,
    read_votes_csv,
    render_apportionment,
)
from openassembly.counting.apportionment import (
    APPORTIONMENT_INFO,
    apportion,
    decimal,
    divisor,
    input_digest,
)
from openassembly.counting.model import BallotFileError, CountError

# The example every textbook and encyclopaedia uses: 230,000 votes, 8 seats.
TEXTBOOK = [("A", 100_000), ("B", 80_000), ("C", 30_000), ("D", 20_000)]


def test_dhondt_textbook_table_gives_4_3_1_0_with_each_quotient_in_order():
    r = apportion(TEXTBOOK, seats=8, method="dhondt")
    assert r.allocation == {"A": 4, "B": 3, "C": 1, "D": 0}
    assert [(a.party, a.value, a.divisor) for a in r.awards] == [
        ("A", 100_000, 1), ("B", 80_000, 1), ("A", 50_000, 2), ("B", 40_000, 2),
        ("A", Fraction(100_000, 3), 3), ("C", 30_000, 1), ("B", Fraction(80_000, 3), 3),
        ("A", 25_000, 4)]
    # The table shows one column past the last divisor used: what the next place needed.
    assert r.divisors == [1, 2, 3, 4, 5]
    assert r.quotients[3] == [20_000, 10_000, Fraction(20_000, 3), 5_000, 4_000]
    assert not r.ties and not r.lots


def test_sainte_lague_textbook_table_gives_3_3_1_1():
    r = apportion(TEXTBOOK, seats=8, method="sainte-lague")
    assert r.allocation == {"A": 3, "B": 3, "C": 1, "D": 1}
    assert [a.party for a in r.awards] == ["A", "B", "A", "C", "B", "D", "A", "B"]
    assert r.divisors[:4] == [1, 3, 5, 7]


def test_worked_examples_of_three_parties_and_ten_seats():
    # The German federal constitutional law examples: 6100, 5000 and 900 votes, 10 seats.
    votes = [("A", 6100), ("B", 5000), ("C", 900)]
    assert apportion(votes, seats=10, method="dhondt").allocation == {"A": 6, "B": 4, "C": 0}
    assert apportion(votes, seats=10, method="sainte-lague").allocation == {
        "A": 5, "B": 4, "C": 1}
    assert apportion(votes, seats=10, method="hare").allocation == {"A": 5, "B": 4, "C": 1}


def test_modified_first_divisor_holds_back_the_smallest_party():
    votes = [("A", 100_000), ("B", 80_000), ("C", 30_000), ("D", 16_000)]
    plain = apportion(votes, seats=8, method="sainte-lague").allocation
    modified = apportion(votes, seats=8, method="modified-sainte-lague")
    assert plain["D"] == 1 and modified.allocation["D"] == 0
    assert modified.divisors[:3] == [Fraction(7, 5), 3, 5]
    assert modified.awards[0].value == Fraction(100_000 * 5, 7)


def test_largest_remainder_hare_and_droop_quotas_on_the_textbook_votes():
    hare = apportion(TEXTBOOK, seats=8, method="hare")
    assert hare.quota == Fraction(230_000, 8)
    assert hare.whole == [3, 2, 1, 0]
    assert hare.allocation == {"A": 3, "B": 3, "C": 1, "D": 1}
    assert [a.party for a in hare.awards[6:]] == ["B", "D"]
    droop = apportion(TEXTBOOK, seats=8, method="droop")
    assert droop.quota == 230_000 // 9 + 1 == 25_556
    assert droop.whole == [3, 3, 1, 0]
    assert droop.allocation == {"A": 4, "B": 3, "C": 1, "D": 0}


def test_alabama_paradox_hare_gives_c_fewer_places_in_a_bigger_house():
    votes = [("A", 6), ("B", 6), ("C", 2)]
    assert apportion(votes, seats=10, method="hare").allocation == {"A": 4, "B": 4, "C": 2}
    assert apportion(votes, seats=11, method="hare").allocation == {"A": 5, "B": 5, "C": 1}
    # A divisor method cannot do that.
    for seats in range(1, 30):
        small = apportion(votes, seats=seats, method="sainte-lague", seed="s").allocation
        big = apportion(votes, seats=seats + 1, method="sainte-lague", seed="s").allocation
        if not any(apportion(votes, seats=s, method="sainte-lague").ties
                   for s in (seats, seats + 1)):
            assert all(big[p] >= small[p] for p in small)


def test_equal_quotients_for_the_last_place_are_returned_and_drawn_by_lot():
    # 100000/7 = 20000/1.4 exactly: A's fourth quotient ties D's first for place 8.
    r = apportion(TEXTBOOK, seats=8, method="modified-sainte-lague", seed="conf-2026")
    assert r.ties == [["A", "D"]]
    assert len(r.lots) == 1 and r.lots[0].tied == ["A", "D"]
    winner = r.lots[0].order[0]
    assert r.awards[-1].party == winner and r.awards[-1].by_lot
    assert sum(r.places) == 8
    assert not any(a.by_lot for a in r.awards[:-1])
    again = apportion(TEXTBOOK, seats=8, method="modified-sainte-lague", seed="conf-2026")
    assert again.allocation == r.allocation
    seeds = {apportion(TEXTBOOK, seats=8, method="modified-sainte-lague",
                       seed=str(s)).lots[0].order[0] for s in range(20)}
    assert seeds == {"A", "D"}


def test_equal_remainders_are_drawn_by_lot_and_recorded():
    r = apportion([("A", 1), ("B", 1), ("C", 1)], seats=2, method="hare", seed="x")
    assert r.ties == [["A", "B", "C"]]
    assert sum(r.places) == 2 and sorted(r.places) == [0, 1, 1]
    assert [a.by_lot for a in r.awards] == [True, True]
    d = r.to_dict()
    assert d["ties"] == [["A", "B", "C"]] and d["lots"]["draws"][0]["tied"] == ["A", "B", "C"]


def test_threshold_excludes_a_party_below_it_but_not_one_exactly_on_it():
    votes = [("A", 60), ("B", 35), ("C", 5)]
    on = apportion(votes, seats=20, method="sainte-lague", threshold=Fraction(5, 100))
    assert on.qualified == [True, True, True] and on.allocation["C"] == 1
    above = apportion(votes, seats=20, method="sainte-lague", threshold=Fraction(51, 1000))
    assert above.qualified == [True, True, False] and above.allocation["C"] == 0
    # The others share every place by their own votes.
    assert sum(above.places) == 20
    hare = apportion(votes, seats=20, method="hare", threshold=Fraction(51, 1000))
    assert hare.quota == Fraction(95, 20) and hare.allocation["C"] == 0


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "nope"}, "unknown apportionment method 'nope'"),
    ({"seats": 0}, "at least 1"),
    ({"votes": []}, "nobody to share"),
    ({"votes": [("A", 1), ("A", 2)]}, "listed twice"),
    ({"votes": [("A", -1)]}, "whole numbers"),
    ({"votes": [("A", 1.5)]}, "whole numbers"),
    ({"votes": [(" ", 1)]}, "needs a name"),
    ({"votes": [("A", 0), ("B", 0)]}, "nobody has any votes"),
    ({"threshold": Fraction(1)}, "threshold"),
    ({"threshold": 0.05}, "threshold"),
    ({"votes": [("A", 1), ("B", 1)], "threshold": Fraction(3, 4)}, "no party reaches"),
    ({"votes": [("A", 1), ("B", 1)], "seats": 10, "method": "droop"}, "Droop quota"),
])
def test_bad_requests_are_count_errors_naming_the_problem(kwargs, message):
    args = {"votes": TEXTBOOK, "seats": 8, "method": "dhondt", **kwargs}
    votes = args.pop("votes")
    with pytest.raises(CountError, match=message):
        apportion(votes, **args)


def test_a_party_with_no_votes_gets_nothing_even_with_places_to_spare():
    r = apportion([("A", 3), ("B", 0)], seats=5, method="dhondt")
    assert r.allocation == {"A": 5, "B": 0}


def test_every_method_is_described():
    assert set(APPORTIONMENT_INFO) == {"dhondt", "sainte-lague", "modified-sainte-lague",
                                       "hare", "droop"}
    for info in APPORTIONMENT_INFO.values():
        assert info.family == "apportionment" and info.source


def test_divisors_and_decimal_rendering():
    assert [divisor("dhondt", k) for k in range(3)] == [1, 2, 3]
    assert [divisor("modified-sainte-lague", k) for k in range(3)] == [Fraction(7, 5), 3, 5]
    assert decimal(Fraction(2, 3)) == "0.67" and decimal(Fraction(-2, 3)) == "-0.67"
    assert decimal(Fraction(5, 2), 0) == "3"


def test_input_digest_is_the_sha256_of_the_canonical_csv():
    import hashlib

    text = 'A,1\n"B, the party",2\n'
    assert input_digest(["A", "B, the party"], [1, 2]) == hashlib.sha256(
        text.encode()).hexdigest()


def test_json_is_exact_and_versioned():
    d = apportion(TEXTBOOK, seats=8, method="dhondt").to_dict()
    assert d["format"] == "openassembly.apportionment/1"
    assert d["parties"][0]["quotients"][2] == "100000/3"
    assert d["awards"][4] == {"place": 5, "party": "A", "value": "100000/3", "divisor": "3",
                              "by_lot": False}
    lr = apportion(TEXTBOOK, seats=8, method="hare").to_dict()
    assert lr["quota"] == "28750" and lr["parties"][3]["remainder"] == "16/23"


def test_text_tables_mark_the_place_each_quotient_or_remainder_took():
    text = render_apportionment(apportion(TEXTBOOK, seats=8, method="dhondt",
                                          threshold=Fraction(1, 10)))
    assert "100000.00 (1)" in text and "25000.00 (8)" in text
    assert "(below the threshold)" in text and "threshold 10.00%" in text
    lr = render_apportionment(apportion(TEXTBOOK, seats=8, method="hare"))
    assert "quota 28750.0000" in lr and "1 (8)" in lr
    cut = render_apportionment(apportion(TEXTBOOK, seats=8, method="droop",
                                         threshold=Fraction(1, 10)))
    assert "(below the threshold)" in cut and "quota 23334.0000" in cut
    tie = render_apportionment(apportion(TEXTBOOK, seats=8, method="modified-sainte-lague"))
    assert "tie for the last place(s) between A, D" in tie and "lot 1" in tie


def test_csv_reader_takes_a_heading_bom_blank_lines_and_quoted_names():
    rows = read_votes_csv('\ufeffname,votes\r\n"Leeds, North",12\r\n\r\nYork , 7\r\n')
    assert rows == [("Leeds, North", 12), ("York", 7)]
    assert read_votes_csv("A,1\n") == [("A", 1)]


@pytest.mark.parametrize("text, line, message", [
    ("A,1\nB\n", 2, "two cells"),
    ("A,1\nB,x\n", 2, "whole number"),
    ("A,12x\nB,3\n", 1, "whole number"),
    ("name,votes\nA,-2\n", 2, "whole number"),
    ("A,1\nB,-3\n", 2, "whole number"),
    ("A,1\nB,2.5\n", 2, "whole number"),
    ("A,1\n,2\n", 2, "name is empty"),
    ("A,1\nB,2\nA,3\n", 3, "listed twice"),
    ("name,votes\n", 0, "no parties"),
    ('A,1\n"B,2\n', 2, "not valid CSV"),
])
def test_csv_reader_names_the_faulty_line(text, line, message):
    with pytest.raises(BallotFileError, match=message) as err:
        read_votes_csv(text)
    assert err.value.line == line


def test_thresholds_are_read_as_percentages_or_shares():
    assert parse_threshold("5%") == Fraction(1, 20)
    assert parse_threshold(" 2.5 %") == Fraction(1, 40)
    assert parse_threshold("1/20") == parse_threshold("0.05") == Fraction(1, 20)
    for bad in ("5", "x", "100%", "-1%", "1/0"):
        with pytest.raises(Exception, match="threshold"):
            parse_threshold(bad)


def test_cli_prints_the_table_or_json_and_fails_cleanly(tmp_path, capsys):
    f = tmp_path / "votes.csv"
    f.write_text("name,votes\nA,100000\nB,80000\nC,30000\nD,20000\n")
    assert main(["apportion", str(f), "--seats", "8", "--method", "dhondt",
                 "--threshold", "5%"]) == 0
    assert "25000.00 (8)" in capsys.readouterr().out
    assert main(["apportion", str(f), "--seats", "8", "--method", "hare",
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["parties"][3]["places"] == 1
    assert main(["apportion", str(f), "--seats", "8", "--method", "modified-sainte-lague",
                 "--format", "json", "--seed", "s"]) == 0
    lots = json.loads(capsys.readouterr().out)["lots"]
    import hashlib
    assert lots["input_sha256"] == hashlib.sha256(f.read_bytes()).hexdigest()
    bad = tmp_path / "bad.csv"
    bad.write_text("A,1\nB,lots\n")
    cases = [
        (["apportion", str(bad), "--seats", "3"], "bad.csv: line 2: votes must be"),
        (["apportion", str(tmp_path / "none.csv"), "--seats", "3"], "no such file"),
        (["apportion", str(f)], "--seats"),
        (["apportion", str(f), "--seats", "3", "--method", "x"], "invalid choice"),
        (["apportion", str(f), "--seats", "0"], "at least 1"),
        (["apportion", str(f), "--seats", "3", "--threshold", "5"], "write 5%"),
        (["apportion"], "required"),
    ]
    for argv, message in cases:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\xff\xfe\x00A")
    assert main(["apportion", str(binary), "--seats", "1"]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_cli_refuses_a_huge_file(tmp_path, capsys, monkeypatch):
    import openassembly.counting.apportion_cli as cli

    monkeypatch.setattr(cli, "MAX_FILE", 5)
    f = tmp_path / "v.csv"
    f.write_text("A,100\n")
    assert main(["apportion", str(f), "--seats", "1"]) == 2
    assert "not a list of votes" in capsys.readouterr().err


votes_lists = st.lists(st.integers(0, 5000), min_size=1, max_size=7).filter(
    lambda v: sum(v) > 0)


def _named(v):
    return [(f"P{i}", x) for i, x in enumerate(v)]


@settings(max_examples=150, deadline=None)
@given(votes_lists, st.integers(1, 40),
       st.sampled_from(["dhondt", "sainte-lague", "modified-sainte-lague", "hare"]))
def test_every_place_is_given_and_only_to_parties_with_votes(v, seats, method):
    r = apportion(_named(v), seats=seats, method=method, seed="p")
    assert sum(r.places) == seats == len(r.awards)
    assert [a.place for a in r.awards] == list(range(1, seats + 1))
    assert all(p == 0 for p, x in zip(r.places, v, strict=True) if x == 0)


@settings(max_examples=150, deadline=None)
@given(votes_lists, st.integers(1, 40),
       st.sampled_from(["dhondt", "sainte-lague", "modified-sainte-lague"]))
def test_divisor_methods_are_house_monotone(v, seats, method):
    small = apportion(_named(v), seats=seats, method=method)
    big = apportion(_named(v), seats=seats + 1, method=method)
    assume(not small.ties and not big.ties)
    assert all(b >= s for s, b in zip(small.places, big.places, strict=True))


@settings(max_examples=150, deadline=None)
@given(votes_lists, st.integers(1, 40))
def test_hare_largest_remainder_satisfies_the_quota_rule(v, seats):
    r = apportion(_named(v), seats=seats, method="hare", seed="q")
    total = sum(v)
    for places, x in zip(r.places, v, strict=True):
        exact = Fraction(x * seats, total)
        assert exact - 1 < places < exact + 1


@settings(max_examples=100, deadline=None)
@given(votes_lists, st.integers(1, 40),
       st.sampled_from(["dhondt", "sainte-lague", "modified-sainte-lague", "hare"]))
def test_order_of_the_list_changes_nothing_but_lots(v, seats, method):
    r = apportion(_named(v), seats=seats, method=method)
    assume(not r.ties)
    back = apportion(list(reversed(_named(v))), seats=seats, method=method)
    assert back.allocation == r.allocation


@settings(max_examples=100, deadline=None)
@given(votes_lists, st.integers(1, 30))
def test_dhondt_quotient_of_every_winner_beats_every_loser(v, seats):
    r = apportion(_named(v), seats=seats, method="dhondt")
    won = min(a.value for a in r.awards)
    for places, x in zip(r.places, v, strict=True):
        assert Fraction(x, places + 1) <= won
