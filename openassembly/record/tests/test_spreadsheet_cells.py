import pytest

from openassembly.analysis.spreadsheet import cell, record, row, uncell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        ("Ada = 1", "Ada = 1"),
        ("'quoted", "''quoted"),
        ("O'Brien", "O'Brien"),
        ("", ""),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("-3/4", "-3/4"),
        ("-3e5", "'-3e5"),
        (-3, -3),
        (None, None),
    ],
)
def test_cell(value, written):
    assert cell(value) == written


def test_row_and_record():
    assert row(["=a", 1]) == ["'=a", 1]
    assert record({"x": "@a", "y": "b"}) == {"x": "'@a", "y": "b"}


@pytest.mark.parametrize("value", ["=1+1", "'=1+1", "''", "'", "-3", "O'Brien", "@a", ""])
def test_the_escape_is_undone_exactly(value):
    assert uncell(cell(value)) == value
