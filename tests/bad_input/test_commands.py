"""The bad-input corpus: every management command that reads a file meets hostile input with
one clear line on standard error and a non-zero exit, never a traceback.

Small files live in data/; large ones (deep nesting, huge fields, files over a size bound)
are generated here. Each command runs through `openassembly` as on a terminal
(``openassembly.cli.main``), so what is checked is exactly what a person would see.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections

from openassembly.cli import main
from openassembly.members import importer
from openassembly.members.models import Member

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # A command closes every connection when it ends; the test's transaction must outlive it.
    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys, *argv: str) -> tuple[int, str]:
    """(exit status, standard error) of `openassembly ARGV...`."""
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    captured = capsys.readouterr()
    return exited.value.code, captured.err


def refused(capsys, *argv: str) -> str:
    status, err = run(capsys, *argv)
    assert status not in (0, None), err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("CommandError: ")
    return lines[0].removeprefix("CommandError: ")


TOML = {
    "constitution-not-utf8.toml": "not UTF-8 text (byte ",
    "constitution-nul.toml": "line 9: contains a NUL character",
    "constitution-binary.toml": "not UTF-8 text",
    "constitution-not-toml.toml": "the constitution is not valid: line 1: not valid TOML",
    "constitution-empty.toml": (
        "the constitution is not valid (5 problems): format: is required; organisation: is "
        "required; rules: is required; membership: is required; bodies: is required"
    ),
    "constitution-hundred-million-seats.toml": (
        "bodies[0].seats[0].count: must be at most 1,000 (a bound no real organisation "
        "reaches), not 100,000,000"
    ),
    "constitution-long-name.toml": "organisation.name: is too long: at most 200 characters",
}


@pytest.mark.parametrize("name", sorted(TOML))
def test_create_organisation_refuses_bad_toml(db, capsys, name):
    message = refused(capsys, "create-organisation", str(DATA / name))
    assert message.startswith(f"{DATA / name}: ")
    assert TOML[name] in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested 5000 deep here; at most 16"),
        ("x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n", "nested 5000 deep here"),
        ('x = "' + "A" * 2_000_000 + '"\n', "characters long; a constitution may be at most"),
    ],
    ids=["5000-deep-arrays", "5000-deep-tables", "2-MB-field"],
)
def test_create_organisation_refuses_generated_toml(db, capsys, tmp_path, text, expected):
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    assert expected in refused(capsys, "create-organisation", str(path))


def test_create_organisation_refuses_a_huge_file_before_reading_it(db, capsys, tmp_path):
    path = tmp_path / "huge.toml"
    with path.open("wb") as fp:
        fp.truncate(50 * 2**20)  # sparse: nothing is written, and nothing should be read
    assert "the file is 52,428,800 bytes; a constitution may be at most" in refused(
        capsys, "create-organisation", str(path)
    )


CSV = {
    "members-not-utf8.csv": "not UTF-8 text (byte 14 cannot be read)",
    "members-nul.csv": "line 2: the file contains a NUL character",
    "members-binary.csv": "not UTF-8 text",
    "members-empty.csv": "The file is empty",
    "members-wrong-columns.csv": "missing column(s): name, email",
    "members-long-name.csv": (
        "nothing was imported: line 2: name is 201 characters (at most 200)"
    ),
    # A quote left open swallows the rest of the file into one field: a row error.
    "members-unclosed-quote.csv": "nothing was imported: line 2: expected 2 fields, found 1",
}


def _import(capsys, organisation, secretary, path) -> str:
    return refused(capsys, "import-members", str(path), "--org", organisation.slug, "--as",
                   secretary.email, "--no-progress")  # fmt: skip


@pytest.mark.parametrize("name", sorted(CSV))
def test_import_members_refuses_bad_csv(organisation, secretary, capsys, name):
    before = Member.objects.count()
    message = _import(capsys, organisation, secretary, DATA / name)
    assert CSV[name] in message
    assert Member.objects.count() == before


def test_import_members_refuses_a_huge_field(organisation, secretary, capsys, tmp_path):
    path = tmp_path / "huge-field.csv"
    path.write_text("name,email\n" + "A" * 200_000 + ",ann@example.org\n", encoding="utf-8")
    message = _import(capsys, organisation, secretary, path)
    assert "line 2: not a readable CSV file (field larger than field limit (131072))" in message


def test_import_members_refuses_a_huge_file_before_reading_it(organisation, secretary, capsys,
                                                              tmp_path):  # fmt: skip
    path = tmp_path / "huge.csv"
    with path.open("wb") as fp:
        fp.truncate(importer.MAX_BYTES + 1)  # sparse: reading it would take 100 MB
    message = _import(capsys, organisation, secretary, path)
    assert "The file is 100 MB; at most 100 MB can be imported at once" in message


def test_import_members_refuses_too_many_rows(organisation, secretary, capsys, tmp_path,
                                              monkeypatch):  # fmt: skip
    # The real bound (500,000) behaves the same; a lower one keeps the test quick.
    monkeypatch.setattr(importer, "MAX_ROWS", 1_000)
    path = tmp_path / "many.csv"
    rows = "".join(f"Member {n},m{n}@example.org\n" for n in range(1_001))
    path.write_text("name,email\n" + rows, encoding="utf-8")
    message = _import(capsys, organisation, secretary, path)
    assert message.endswith("line 1002: the file has more than 1,000 members; import the roll "
                            "in several files (rows are matched on email, so the result is the "
                            "same).")  # fmt: skip


JSONL = {
    "ledger-not-utf8.jsonl": "line 1: not valid UTF-8",
    "ledger-nul.jsonl": "line 2: not valid JSON",
    "ledger-binary.jsonl": "line 1: not valid UTF-8",
    "ledger-empty.jsonl": "line 1: the file is empty",
    "ledger-not-json.jsonl": "line 1: not valid JSON",
    "ledger-no-header.jsonl": "line 1: not an openassembly ledger export",
    "ledger-future-version.jsonl": "line 1: export format version 99 is not supported",
    "ledger-float.jsonl": "line 2: the number 1.5 is not allowed",
    "ledger-bad-record.jsonl": "line 2: event is missing",
}


@pytest.mark.parametrize("name", sorted(JSONL))
def test_verify_ledger_refuses_bad_jsonl(db, capsys, name):
    assert JSONL[name] in refused(capsys, "verify-ledger", "--file", str(DATA / name))


HEADER = '{"format":"openassembly-ledger","org":"demo","version":1}\n'


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"type":"event","data":' + "[" * 5000 + "]" * 5000 + "}\n", "line 2: arrays or objects "
         "nested too deeply"),
        ('{"type":"event","kind":"' + "k" * 5_000_000 + '"}\n', "line 2: event is missing"),
    ],
    ids=["5000-deep-arrays", "5-MB-field"],
)  # fmt: skip
def test_verify_ledger_refuses_generated_jsonl(db, capsys, tmp_path, line, expected):
    path = tmp_path / "hostile.jsonl"
    path.write_text(HEADER + line, encoding="utf-8")
    assert expected in refused(capsys, "verify-ledger", "--file", str(path))


def test_verify_ledger_on_a_missing_file_or_a_directory(db, capsys, tmp_path):
    assert "cannot read the file" in refused(capsys, "verify-ledger", "--file",
                                             str(tmp_path / "missing.jsonl"))  # fmt: skip
    assert "cannot read the file" in refused(capsys, "verify-ledger", "--file", str(tmp_path))
