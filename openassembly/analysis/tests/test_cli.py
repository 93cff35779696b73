import json

import pytest

from openassembly import cli as top
from openassembly.analysis import Scenario, analyse, load_results, render_text
from openassembly.analysis.cli import main
from openassembly.analysis.tests.helpers import SEATS, long_csv


@pytest.fixture
def long_file(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(long_csv(SEATS, valid=True))
    return path


def run(capsys, *args):
    code = main(["pact", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_from_the_command_line_equals_the_api(capsys, long_file):
    code, out, err = run(
        capsys,
        long_file,
        "--alliance",
        "Lab,LD,Green,PC",
        "--nations",
        "North,Wales",
        "--mode",
        "pooled",
        "--rate",
        "Green:Lab=1/3",
        "--rate",
        "LD:Lab=90%",
        "--assign",
        "Bravo=Lab",
        "--format",
        "json",
    )
    assert (code, err) == (0, "")
    scenario = Scenario(
        alliance=("Lab", "LD", "Green", "PC"),
        nations=("North", "Wales"),
        mode="pooled",
        rates={("Green", "Lab"): "1/3", ("LD", "Lab"): "0.9"},
        assignments={"Bravo": "Lab"},
    )
    assert json.loads(out) == analyse(load_results(long_file), scenario).to_dict()


def test_text_output_and_dispatch_through_the_openassembly_command(capsys, long_file):
    code = top.main(["pact", str(long_file), "--alliance", "Lab,LD,Green,PC"])
    out, _ = capsys.readouterr()
    assert code == 0
    scenario = Scenario(alliance=("Lab", "LD", "Green", "PC"))
    assert out == render_text(analyse(load_results(long_file), scenario))


def test_assigned_only_and_output_file(capsys, long_file, tmp_path):
    target = tmp_path / "out.csv"
    code, out, _ = run(
        capsys,
        long_file,
        "--alliance",
        "Lab,LD",
        "--assign",
        "Alpha=Lab",
        "--assigned-only",
        "--format",
        "csv",
        "-o",
        target,
    )
    assert (code, out) == (0, "")
    lines = target.read_text().splitlines()
    assert len(lines) == 2 and lines[1].startswith("gain,Alpha,")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--alliance", "Lab,Labour"], "unknown party 'Labour'"),
        (["--alliance", "Lab,LD", "--nations", "Scotland"], "unknown nation 'Scotland'"),
        (["--alliance", "Lab,LD", "--rate", "LD:Lab=1.5"], "rate '1.5' is outside 0 to 1"),
        (["--alliance", "Lab,LD", "--rate", "LD:Lab=lots"], "rate 'lots' is not a number"),
        (["--alliance", "Lab,LD", "--rate", "LD=0.5"], "name two parties as FROM:TO"),
        (["--alliance", "Lab,LD", "--rate", "LD:Lab"], "not of the form FROM:TO=RATE"),
        (["--alliance", "Lab,LD", "--assign", "Alpha"], "not of the form CONSTITUENCY=PARTY"),
        (["--alliance", "Lab,LD", "--assign", "Zulu=Lab"], "no such constituency"),
        (["--alliance", "Lab"], "at least two parties"),
        (["--alliance", "Lab,LD", "--mode", "both"], "invalid choice: 'both'"),
        ([], "the following arguments are required: --alliance"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, long_file, args, expected):
    code, out, err = run(capsys, long_file, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("openassembly pact: error: ")
    assert expected in err


def test_unreadable_and_invalid_files_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, tmp_path / "nope.csv", "--alliance", "Lab,LD")
    assert code == 2 and "cannot read results file" in err and err.count("\n") == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("constituency,area,party,votes,valid_votes\nA,N,Con,5,9\nA,N,Lab,3,9\n")
    code, out, err = run(capsys, bad, "--alliance", "Lab,Con")
    assert (code, out) == (2, "")
    assert "bad.csv: line 2: A: party votes add up to 8 but valid_votes is 9 (difference -1)" in err


def test_unwritable_output_exits_2(capsys, long_file, tmp_path):
    code, _, err = run(capsys, long_file, "--alliance", "Lab,LD", "-o", tmp_path / "no" / "x")
    assert code == 2 and "cannot write" in err
