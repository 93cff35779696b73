import hashlib

import pytest

from openassembly.analysis import ResultsError, load_results, parse_results
from openassembly.analysis.tests.helpers import SEATS, hocl_csv, hocl_row, long_csv

Z = [0] * 13


def votes(**kw):
    order = [
        "con",
        "lab",
        "ld",
        "ukip",
        "green",
        "snp",
        "pc",
        "dup",
        "sf",
        "sdlp",
        "uup",
        "alliance",
        "other",
    ]
    return [kw.get(p, 0) for p in order]


def test_hocl_rows_are_read_with_winner_nation_region_and_hash():
    text = hocl_csv(
        hocl_row(
            "E1", "Alpha", "North East", "England", "Con", "Lab", 180, 20, votes(con=100, lab=80)
        ),
        hocl_row("W1", "Bravo", "Wales", "Wales", "PC", "Lab", 90, 10, votes(pc=50, lab=40)),
    )
    rs = parse_results(text, name="t.csv")
    assert rs.format == "hocl"
    assert rs.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert [c.name for c in rs.constituencies] == ["Alpha", "Bravo"]
    alpha = rs.find("alpha")
    assert (alpha.winner, alpha.winner_votes, alpha.majority) == ("Con", 100, 20)
    assert (alpha.nation, alpha.region, alpha.code, alpha.line) == (
        "England",
        "North East",
        "E1",
        2,
    )
    assert rs.find("W1").name == "Bravo"
    assert rs.nations == ("England", "Wales")
    assert "Other" in rs.parties and "Other" not in rs.alliance_parties


def test_hocl_row_not_adding_up_names_line_and_difference_and_returns_nothing():
    text = hocl_csv(
        hocl_row(
            "E1", "Alpha", "North East", "England", "Con", "Lab", 180, 20, votes(con=100, lab=80)
        ),
        hocl_row(
            "E2", "Bravo", "North East", "England", "Con", "Lab", 175, 20, votes(con=100, lab=80)
        ),
        hocl_row(
            "E3", "Charlie", "North East", "England", "Con", "Lab", 190, 20, votes(con=100, lab=80)
        ),
    )
    with pytest.raises(ResultsError) as info:
        parse_results(text, name="t.csv")
    message = str(info.value)
    assert message.startswith("t.csv: line 3: Bravo: party votes add up to 180")
    assert "valid_votes is 175 (difference +5)" in message
    assert "(and 1 more problem)" in message
    assert len(info.value.problems) == 2
    assert "line 4: Charlie" in info.value.problems[1]
    assert "difference -10" in info.value.problems[1]


def test_hocl_speaker_or_independent_winner_votes_come_from_runner_up_plus_majority():
    # The independent's 170 sit in "other" with another candidate's 30.
    text = hocl_csv(
        hocl_row(
            "N1",
            "Down",
            "NI",
            "Northern Ireland",
            "Ind",
            "DUP",
            350,
            50,
            votes(dup=120, alliance=30, other=200),
        ),
    )
    seat = parse_results(text).constituencies[0]
    assert (seat.winner, seat.winner_votes) == ("Ind", 170)


@pytest.mark.parametrize(
    ("first", "second", "majority", "row_votes", "expected"),
    [
        ("Lab", "Con", 20, votes(con=100, lab=80), "first_party is Lab with 80 votes"),
        ("Con", "Lab", 25, votes(con=100, lab=80), "majority is 25 but Con minus Lab is 20"),
        ("Ind", "Lab", 500, votes(con=100, lab=80, other=20), "do not fit"),
        ("Ind", "Spk", 5, votes(con=100, lab=80, other=20), "neither first_party"),
    ],
)
def test_hocl_winner_inconsistent_with_votes_is_an_error(
    first, second, majority, row_votes, expected
):
    text = hocl_csv(
        hocl_row("E1", "Alpha", "X", "England", first, second, sum(row_votes), majority, row_votes)
    )
    with pytest.raises(ResultsError, match=expected):
        parse_results(text)


def test_hocl_bad_number_duplicate_seat_and_short_row_are_named():
    good = hocl_row("E1", "Alpha", "X", "England", "Con", "Lab", 180, 20, votes(con=100, lab=80))
    bad = good.replace(",100,", ",1o0,")
    with pytest.raises(ResultsError, match=r"line 2: con is '1o0', not a whole number"):
        parse_results(hocl_csv(bad))
    with pytest.raises(ResultsError, match="line 3: Alpha already appears on line 2"):
        parse_results(hocl_csv(good, good))
    with pytest.raises(ResultsError, match="line 2: 3 fields where the header has 28"):
        parse_results(hocl_csv("a,b,c"))


def test_long_format_reads_area_as_nation_and_region():
    rs = parse_results(long_csv(SEATS))
    assert rs.format == "long"
    assert len(rs) == len(SEATS)
    india = rs.find("India")
    assert (india.nation, india.region, india.winner, india.winner_votes) == (
        "Wales",
        "Wales",
        "Con",
        50,
    )
    assert india.majority == 5 and india.runner_up == "Lab"
    assert rs.parties == ("Con", "Lab", "LD", "Green", "UKIP", "PC")


def test_long_format_total_mismatch_names_first_line_of_the_seat():
    text = (
        "constituency,area,party,votes,valid_votes\n"
        "Alpha,North,Con,100,181\n"
        "Alpha,North,Lab,80,181\n"
    )
    with pytest.raises(ResultsError, match=r"line 2: Alpha: .*add up to 180 .*difference -1"):
        parse_results(text)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("A,N,Con,10\nA,N,Con,5\n", "line 3: A: Con already has a row on line 2"),
        ("A,N,Con,10\nA,S,Lab,5\n", "line 3: A is in area 'N' on line 2"),
        ("A,N,Con,10\nA,N,Lab,10\n", "Con and Lab tie for first"),
        ("A,N,Con,-4\n", "votes is '-4', not a whole number"),
        ("A,N,,4\n", "line 2: constituency and party must not be empty"),
    ],
)
def test_long_format_errors(body, expected):
    with pytest.raises(ResultsError, match=expected):
        parse_results("constituency,area,party,votes\n" + body)


def test_unknown_header_empty_file_and_bad_encoding_are_errors():
    with pytest.raises(ResultsError, match="header is neither"):
        parse_results("seat,party,count\nA,Con,1\n", name="x.csv")
    with pytest.raises(ResultsError, match="empty"):
        parse_results("")
    with pytest.raises(ResultsError, match="not UTF-8"):
        parse_results(b"constituency,area,party,votes\nA,N,\xff,1\n")
    with pytest.raises(ResultsError, match="no constituencies"):
        parse_results("constituency,area,party,votes\n")


def test_load_results_from_path_and_from_bytes_agree(tmp_path):
    data = long_csv(SEATS).encode()
    path = tmp_path / "r.csv"
    path.write_bytes(b"\xef\xbb\xbf" + data)  # a spreadsheet's byte-order mark
    from_path = load_results(path)
    assert from_path.name == "r.csv"
    assert from_path.sha256 == hashlib.sha256(b"\xef\xbb\xbf" + data).hexdigest()
    from_bytes = load_results(b"\xef\xbb\xbf" + data, name="upload.csv")
    assert from_bytes.constituencies == from_path.constituencies
    assert from_bytes.sha256 == from_path.sha256


def test_unreadable_file_is_one_clear_error(tmp_path):
    with pytest.raises(ResultsError, match=r"cannot read results file '.*missing.csv'"):
        load_results(tmp_path / "missing.csv")


def test_forced_format_mismatch_is_an_error():
    with pytest.raises(ResultsError, match="missing column"):
        parse_results(long_csv(SEATS), format="hocl")
    with pytest.raises(ResultsError, match="missing column"):
        parse_results(hocl_csv(), format="long")
    with pytest.raises(ResultsError, match="unknown results format"):
        parse_results(long_csv(SEATS), format="wide")


def test_non_ascii_digits_are_not_votes():
    with pytest.raises(ResultsError, match="not a whole number"):
        parse_results("constituency,area,party,votes\nA,N,Con,\u00b2\n")
