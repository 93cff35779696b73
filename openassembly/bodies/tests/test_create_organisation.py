"""`openassembly create-organisation constitution.toml --founders ...` (issue 12 item 9): the
one time seats are filled without an election, run as on a terminal, with one clear line and
nothing written for bad input."""

from __future__ import annotations

import pytest
from django.db import connections

from openassembly.bodies.models import SeatHolding
from openassembly.cli import main
from openassembly.core.models import LedgerEvent, Organisation
from openassembly.members.models import Member
from openassembly.rules import examples


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # A command closes every connection when it ends; the test's transaction must outlive it.
    monkeypatch.setattr(connections, "close_all", lambda: None)


@pytest.fixture
def constitution(tmp_path):
    path = tmp_path / "constitution.toml"
    path.write_text(examples.read("commonweal"), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int | None, str, str]:
    """(exit status, output, errors) of `openassembly create-organisation ARGV...`."""
    try:
        main(["create-organisation", *argv])
        status = None
    except SystemExit as exited:
        status = exited.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_founding_seats_the_officers_and_records_the_founding(db, capsys, constitution):
    status, out, err = run(capsys, str(constitution), "--founders",
                           "Ada Lovelace <ada@example.org>,bo.jones@example.org")
    assert status in (0, None), err
    assert "Chair: Ada Lovelace <ada@example.org>" in out
    assert "Secretary: Bo Jones <bo.jones@example.org>" in out
    organisation = Organisation.objects.get(slug="commonweal")
    seats = {h.seat_group.seat_key: h.member.name for h in SeatHolding.objects.filter(
        organisation=organisation)}
    assert seats == {"chair": "Ada Lovelace", "secretary": "Bo Jones"}
    assert all(h.route == "founding" for h in SeatHolding.objects.all())
    founding = LedgerEvent.objects.get(organisation=organisation, kind="founding.recorded")
    assert founding.data["rule"] == "4.4" and len(founding.data["seats"]) == 2
    assert founding.data["authority"]["route"] == "founding"


def test_founders_named_in_the_file(db, capsys, constitution):
    constitution.write_text(examples.read("commonweal") + """
[[founding.founders]]
seat = "organising-group/treasurer"
name = "Tess Reed"
email = "tess@example.org"
""", encoding="utf-8")
    status, _, err = run(capsys, str(constitution))
    assert status in (0, None), err
    holding = SeatHolding.objects.get()
    assert (holding.seat_group.seat_key, holding.member.name) == ("treasurer", "Tess Reed")


@pytest.mark.parametrize(("founders", "message"), [
    ("", "Name the founding officers (rule 4.4)"),
    ("not-an-address", "'not-an-address' is not an email address"),
    ("a@example.org,A@example.org", "a@example.org named more than once"),
    ("a@x.org,b@x.org,c@x.org,d@x.org", "4 founders were named, but rule 4.4 has 3 founding "
                                        "officer seats"),
    ("Eve\x07 <e@example.org>", "must be one line"),
])
def test_bad_founders_are_refused_in_one_line_and_nothing_is_written(
        db, capsys, constitution, founders, message):
    status, _, err = run(capsys, str(constitution), "--founders", founders)
    assert status not in (0, None)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.startswith("CommandError: ") and message in err, err
    assert not Organisation.objects.exists() and not Member.objects.exists()


def test_a_constitution_without_a_founding_table_is_refused(db, capsys, tmp_path):
    text = examples.read("commonweal")
    text = text[:text.index("[founding]")]
    path = tmp_path / "no-founding.toml"
    path.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, str(path), "--founders", "a@example.org")
    assert status not in (0, None) and "has no [founding] table" in err
    assert not Organisation.objects.exists()


def test_founding_twice_is_refused(db, capsys, constitution):
    run(capsys, str(constitution), "--founders", "a@example.org")
    status, _, err = run(capsys, str(constitution), "--founders", "b@example.org")
    assert status not in (0, None) and "exists already" in err
    assert SeatHolding.objects.count() == 1
