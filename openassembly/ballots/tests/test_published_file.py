"""The published ballot file's text is pinned: it is hashed onto the ledger at the close, so
any change to how it is written must be deliberate."""

from openassembly.ballots import blt
from openassembly.counting import read_blt


def test_ranked_file_is_byte_for_byte_as_published():
    text = blt.build(
        title='Committee "2026"', labels=["Ann", 'Bo "B" Smith', "Cy"], seats=2,
        method="meek", equal_marks=False, seed="ab12",
        rows=[("ZZ9", [2, 1]), ("AA1", [3]), ("MM5", [])], withdrawn=[3],
    )
    assert text == (
        '# openassembly.ballots/1: anonymised ballots of Committee "2026"\n'
        "# recount: openassembly count FILE --method meek --seats 2 --seed ab12\n"
        "3 2\n-3\n(AA1) 1 3 0\n(MM5) 1 0\n(ZZ9) 1 2 1 0\n0\n"
        '"Ann"\n"Bo ""B"" Smith"\n"Cy"\n"Committee ""2026"""\n'
    )
    election = read_blt(text)
    assert election.candidates[1] == 'Bo "B" Smith' and election.withdrawn == {2}
    assert sorted(election.ballots) == [((1, 0), 1), ((2,), 1)]


def test_approval_marks_are_one_equal_group_in_the_order_given():
    text = blt.build(
        title="Approve", labels=["Ann", "Bo", "Cy"], seats=2, method="approval",
        equal_marks=True, seed="", rows=[("B2", [3, 1]), ("A1", [2])],
    )
    assert text.splitlines()[2:6] == ["3 2", "(A1) 1 2 0", "(B2) 1 3=1 0", "0"]
    assert dict(read_blt(text).ballots) == {((0, 2),): 1, (1,): 1}
