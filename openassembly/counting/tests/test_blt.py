import json

import pytest

from openassembly.counting import (
    BallotFileError,
    Election,
    read_blt,
    read_csv,
    read_json,
    write_blt,
    write_csv,
    write_json,
)

SIMPLE = """# a comment
4 2
-4
3 1 2 0
2 2 3 1 0
3 1 2 0
1 3 0
(b7) 2 4 1 0
0
"Anne "
"Bo ""Bulldog"" Smith"
"Cy "The Hat" Jones"
"Di"
"Test election"
"""


def test_reads_groups_weights_withdrawn_and_awkward_names():
    e = read_blt(SIMPLE)
    assert e.candidates == ["Anne", 'Bo "Bulldog" Smith', 'Cy "The Hat" Jones', "Di"]
    assert e.seats == 2 and e.withdrawn == frozenset({3}) and e.title == "Test election"
    assert dict(e.ballots) == {(0, 1): 6, (1, 2, 0): 2, (2,): 1, (3, 0): 2}
    assert len(e.source_digest) == 64


def test_round_trip_blt_csv_json():
    e = read_blt(SIMPLE)
    again = read_blt(write_blt(e))
    assert (again.candidates, sorted(again.ballots), again.withdrawn, again.title) == (
        e.candidates, sorted(e.ballots), e.withdrawn, e.title)
    via_json = read_json(write_json(e))
    assert sorted(via_json.ballots) == sorted(e.ballots)
    assert via_json.withdrawn == e.withdrawn
    via_csv = read_csv(write_csv(e), seats=2)
    assert sorted(via_csv.ballots) == sorted(e.ballots)


def test_equal_rankings_and_skips():
    e = read_blt('3 1\n1 1=2 - 3 0\n0\n"A"\n"B"\n"C"\n"t"\n')
    assert e.ballots == [(((0, 1), 2), 1)]
    assert e.has_equal_rankings


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("3 x\n", 1, "number of candidates"),
        ("3 1\n1 1 2\n0\n", 2, "end with 0"),
        ("3 1\n1 1 2 0\n1 1 5 0\n0\n", 3, "not between 1 and 3"),
        ("3 1\n1 1 1 0\n0\n", 2, "ranked twice"),
        ("3 1\nx 1 0\n0\n", 2, "weight"),
        ("3 1\n-7\n1 1 0\n0\n", 2, "withdrawn"),
        ('3 1\n1 1 0\n0\n"A"\nB\n"C"\n"t"\n', 5, "double quotes"),
        ('3 1\n1 1 0\n0\n"A" "B" "C"\n"t"\n', 4, "one candidate name per line"),
        ('3 1\n1 1 0\n0\n"A"\n"A"\n"C"\n"t"\n', 5, "appears twice"),
        ('3 1\n1 1 0\n0\n"A"\n"B"\n"C"\n"t"\n"s"\n"c"\n"extra"\n', 10, "after the title"),
    ],
)
def test_malformed_files_name_the_line(text, line, words):
    with pytest.raises(BallotFileError) as err:
        read_blt(text)
    assert err.value.line == line
    assert words in str(err.value)


def test_missing_names_and_terminator():
    with pytest.raises(BallotFileError, match="expected 3 candidate names"):
        read_blt('3 1\n1 1 0\n0\n"A"\n"B"\n')
    with pytest.raises(BallotFileError, match="closed by a line"):
        read_blt("3 1\n1 1 0\n")


def test_csv_and_json_errors_name_line_and_key():
    with pytest.raises(BallotFileError) as err:
        read_csv("candidates,A,B\nweight,1,2\n2,A,B\n1,A,Q\n")
    assert err.value.line == 4 and "'Q'" in str(err.value)
    doc = {"candidates": ["A"], "ballots": [{"ranking": ["A"]}, {"ranking": ["Z"]}]}
    with pytest.raises(BallotFileError, match=r"ballots\[1\]\.ranking\[0\]"):
        read_json(json.dumps(doc))
    with pytest.raises(BallotFileError) as err:
        read_json('{"candidates": [\n  "A",\n}')
    assert err.value.line == 3


def test_from_rankings_groups_identical():
    e = Election.from_rankings(["A", "B"], [(0, 1), (0, 1), ((1, 0), 3)])
    assert sorted(e.ballots) == [((0, 1), 2), ((1, 0), 3)]


def test_the_writer_refuses_a_name_a_quoted_string_cannot_hold():
    from openassembly.counting.model import BallotFileError

    for name in ("Ada\nAbbot", "Ada\rAbbot", "Ada\x00", "Ada\u2028Abbot"):
        e = Election.from_rankings(["Bo", name], [((0, 1), 1)], seats=1)
        with pytest.raises(BallotFileError, match="control character"):
            write_blt(e)
    # Our own dialect doubles a double quote, and reads it back.
    e = Election.from_rankings(["Bo", 'Ada "Red"'], [((0, 1), 1)], seats=1)
    assert read_blt(write_blt(e)).candidates == ["Bo", 'Ada "Red"']
