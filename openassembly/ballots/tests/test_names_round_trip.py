"""Any name a person can type either is refused with a reason, or comes back unchanged from
every file openassembly publishes: the ballot file (as our reader, droop and OpenSTV read it),
the sortition pool list, the CSV exports and the CSV ballot format.

Names are arbitrary Unicode from hypothesis. Each goes through the same steps as in the
application: ``plain_name`` (what every form and service does with a name), then, for a ballot
paper, ``ballot_label`` (straight double quotes made typographic), then the writer.
"""

from __future__ import annotations

import csv
import io
import unicodedata

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from openassembly.analysis.spreadsheet import record, uncell
from openassembly.ballots import blt
from openassembly.ballots.tests.test_blt_grammar import droop_read, openstv_read
from openassembly.core.errors import InvalidInput
from openassembly.core.text import plain_name
from openassembly.counting import draw_sortition, read_blt
from openassembly.counting.blt import ballot_label, one_line
from openassembly.counting.formats import read_csv, write_csv
from openassembly.counting.lots import pool_text
from openassembly.counting.model import BallotFileError, Election

NASTY = ['Ada "Red" Abbot', "=HYPERLINK(1)", "'quoted", "Zoë Ñúñez-Ó'Brien", "李小龍",
         "مريم", "👩🏽\u200d⚕️ Dr Who", "a\u0301e\u0308", "-", "@home", "Bo  B", "\tTab",
         "name, with comma", "line\nbreak", "nul\x00", "rtl\u202eflip", "sep\u2028x"]

names = st.text(min_size=1, max_size=30)


def _unsafe(name: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")
               or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in name)


def _unquoted(text: str) -> str:
    return text.replace("“", '"').replace("”", '"')


def _typed(name: str) -> str | None:
    """What the application keeps of ``name``, or None when it refuses it."""
    try:
        kept = plain_name(name, what="name", field="name")
    except InvalidInput as refused:
        assert "control character" in str(refused) and refused.field == "name"
        return None
    return kept or None


@settings(max_examples=300, deadline=None)
@given(names)
@example("line\nbreak")
@example('Bo "B" Smith')
def test_a_name_is_refused_or_comes_back_from_the_ballot_file(name):
    kept = _typed(name)
    if kept is None:
        # Refused only for a character no published file can show safely, or a blank name.
        assert _unsafe(name) or not name.strip()
        return
    label = ballot_label(kept)
    assert _unquoted(label) == _unquoted(kept) and '"' not in label
    assume(label != "Other")
    text = blt.build(title=kept, labels=[label, "Other"], seats=1, method="fptp",
                     equal_marks=False, seed="", rows=[("R1", [1]), ("R2", [2, 1])])
    assert read_blt(text).candidates == [label, "Other"]
    assert openstv_read(text)[4] == [label, "Other"]
    assert droop_read(text)[4] == [label, "Other"]
    assert blt.receipts(text) == {"R1": [1], "R2": [2, 1]}


@settings(max_examples=300, deadline=None)
@given(st.lists(names, min_size=1, max_size=5))
def test_a_name_comes_back_from_the_pool_list(raw):
    kept = [k for k in map(_typed, raw) if k is not None]
    labels = sorted({f"{one_line(k)} (member {i})" for i, k in enumerate(kept)})
    assume(labels)
    text = pool_text(labels)
    # As the draw's page tells members to read it.
    assert text.splitlines() == labels
    assert draw_sortition(text.splitlines(), 1, seed="s").pool_size == len(labels)


# Two names must both be lawful, so most pairs are dropped by design (a refused name is tested
# elsewhere); the health check would otherwise fail at random when a run draws many refused ones.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(names, names)
def test_a_name_comes_back_from_a_csv_export(name, title):
    kept, kept_title = _typed(name), _typed(title)
    assume(kept is not None and kept_title is not None)
    # The pair every export in record/exports.py uses: csv.DictWriter over spreadsheet.record.
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["title", "candidate", "votes"])
    writer.writeheader()
    writer.writerow(record({"title": kept_title, "candidate": kept, "votes": -3}))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(uncell(r["title"]), uncell(r["candidate"]), r["votes"]) for r in rows] == [
        (kept_title, kept, "-3")]


@settings(max_examples=300, deadline=None)
@given(names)
def test_a_name_comes_back_from_the_csv_ballot_format_or_is_refused(name):
    kept = _typed(name)
    assume(kept is not None and kept != "Other")
    election = Election.from_rankings([kept, "Other"], [((0, 1), 2), ((1,), 1)], seats=1)
    try:
        text = write_csv(election)
    except BallotFileError:
        assert "=" in kept or kept != kept.strip()
        return
    assert read_csv(text).candidates == [kept, "Other"]


def test_the_nasty_names_each_refused_or_kept():
    kept = {name: _typed(name) for name in NASTY}
    assert {n for n, k in kept.items() if k is None} == {
        "line\nbreak", "nul\x00", "rtl\u202eflip", "sep\u2028x", "\tTab"}
    assert kept["Bo  B"] == "Bo B" and kept["李小龍"] == "李小龍"
    assert ballot_label(kept['Ada "Red" Abbot']) == "Ada “Red” Abbot"
