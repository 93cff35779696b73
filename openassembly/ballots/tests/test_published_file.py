"""The published ballot file's text is pinned: it is hashed onto the ledger at the close, so
any change to how it is written must be deliberate."""

import pytest

from openassembly.ballots import blt
from openassembly.counting import read_blt
from openassembly.counting.model import BallotFileError


def test_ranked_file_is_byte_for_byte_as_published():
    text = blt.build(
        title='Committee "2026"', labels=["Ann", "Bo B. Smith", "Cy"], seats=2,
        method="meek", equal_marks=False, seed="ab12",
        rows=[("ZZ9", [2, 1]), ("AA1", [3]), ("MM5", [])], withdrawn=[3],
    )
    assert text == (
        '# openassembly.ballots/2: anonymised ballots of Committee "2026"\n'
        "# recount: openassembly count FILE --method meek --seats 2 --seed ab12\n"
        "# each ballot: 1 <preferences> 0, its receipt after the #; a blank ballot: "
        "# RECEIPT blank\n"
        "3 2\n-3\n1 3 0  # AA1\n# MM5 blank\n1 2 1 0  # ZZ9\n0\n"
        '"Ann"\n"Bo B. Smith"\n"Cy"\n"Committee \'2026\'"\n'
    )
    election = read_blt(text)
    assert election.candidates[1] == "Bo B. Smith" and election.withdrawn == {2}
    assert sorted(election.ballots) == [((1, 0), 1), ((2,), 1)]
    assert blt.receipts(text) == {"AA1": [3], "MM5": [], "ZZ9": [2, 1]}


def test_approval_marks_are_one_equal_group_in_the_order_given():
    text = blt.build(
        title="Approve", labels=["Ann", "Bo", "Cy"], seats=2, method="approval",
        equal_marks=True, seed="", rows=[("B2", [3, 1]), ("A1", [2])],
    )
    assert text.splitlines()[3:7] == ["3 2", "1 2 0  # A1", "1 3=1 0  # B2", "0"]
    assert dict(read_blt(text).ballots) == {((0, 2),): 1, (1,): 1}
    assert blt.receipts(text) == {"A1": [2], "B2": [3, 1]}


@pytest.mark.parametrize(("name", "why"), [
    ('Bo "B" Smith', "double quote"), ("Bo  Smith", "single spaces"), (" Bo", "single spaces"),
    ("Bo\tSmith", "single spaces"), ("Bo\nSmith", "single spaces"),
    ("Bo\u00a0Smith", "single spaces"), ("Bo\u2028Smith", "single spaces"),
    ("Bo\x00Smith", "control character U\\+0000"), ("", "empty"),
])
def test_a_name_no_blt_reader_holds_is_refused_not_written(name, why):
    with pytest.raises(BallotFileError, match=why):
        blt.build(title="T", labels=["Ann", name], seats=1, method="fptp",
                  equal_marks=False, seed="", rows=[("A1", [1])])


def test_the_title_and_comments_cannot_break_a_line():
    text = blt.build(title='Line one\nline\u2028two "quoted"\x00', labels=["Ann"], seats=1,
                     method="fptp", equal_marks=False, seed="", rows=[("A1", [1])])
    assert text.splitlines()[0] == (
        '# openassembly.ballots/2: anonymised ballots of Line one line two "quoted"')
    assert text.splitlines()[-1] == "\"Line one line two 'quoted'\""
    assert len(text.splitlines()) == len(text.split("\n")) - 1 == 8
