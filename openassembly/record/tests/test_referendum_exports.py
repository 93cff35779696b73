"""Members' ballots (referendums) in the open data (JSON and CSV).

As for elections, the layout is pinned by golden files: a change that breaks them changes a
published format, so it needs a new format version and a note in the docs. Row ids, the seed
drawn at the close and the ballot file's hash differ from run to run, so they are replaced by
named placeholders after checking that they are what the poll recorded.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openassembly.ballots import services
from openassembly.ballots.tests.conftest import Timetable
from openassembly.record.exports import (
    FORMAT,
    REFERENDUM_COLUMNS,
    open_data,
    referendum_results_csv,
    referendums,
)

DATA = Path(__file__).parent / "data"
GOLDEN_JSON = DATA / "open-data-v4-referendums.json"
GOLDEN_CSV = DATA / "referendum-results-v3.csv"


@pytest.fixture
def timetable() -> Timetable:
    # Fixed, so the times in the export are the same on every run.
    return Timetable(start=datetime(2031, 3, 3, 9, 0, tzinfo=UTC))


@pytest.fixture
def draft(secretary, organisation, timetable):
    """Drafts a members' ballot voting on the timetable, with a statement from each of
    ``authors`` in turn (for, then against)."""

    def make(question: str, *, proposal: str, options=None, authors=()):
        with timetable.during_nominations():
            referendum = services.create_referendum(
                secretary, organisation=organisation, question=question, proposal=proposal,
                options=options, opens_at=timetable.opens, closes_at=timetable.closes,
                roll_date=timetable.opens.date(),
            )
            for side, author in zip(("for", "against"), authors, strict=False):
                services.write_statement(author, referendum=referendum, side=side,
                                         text=f"{author.name} writes {side}.\nSecond line.")
        return referendum

    return make


def _vote(secretary, referendum, voters, marks):
    poll = services.open_voting(secretary, poll=referendum.poll)
    for voter, mark in zip(voters, marks, strict=True):
        services.cast_ballot(voter, poll=poll, marks=mark)
    return poll


@pytest.fixture
def declared(draft, secretary, voters, timetable):
    """Yes 5, No 2, one blank, out of a roll of ten: quorate and carried; declared."""
    referendum = draft("Should we join the Fair Pay Network?",
                       proposal="That the Alliance affiliates to the Fair Pay Network.",
                       authors=voters[0:2])
    with timetable.during_voting():
        poll = _vote(secretary, referendum, voters[:8],
                     [[1], [1], [1], [2], [1], [2], [1], []])
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=poll)
        poll = services.declare_result(secretary, poll=services.count_poll(secretary, poll=poll))
    return poll


@pytest.fixture
def still_open(draft, secretary, voters, timetable):
    """Voting is open and three ballots are in the box."""
    referendum = draft("Should conference move to the spring?",
                       proposal="That annual conference is held in April.",
                       authors=voters[2:4])
    with timetable.during_voting():
        poll = _vote(secretary, referendum, voters[:3], [[1], [2], [2]])
    poll.refresh_from_db()
    return poll


@pytest.fixture
def cancelled(draft, secretary, voters, timetable):
    """Three options; cancelled while voting was open, with two ballots destroyed."""
    referendum = draft("Where should the office be?", proposal="That the office moves.",
                       options=["Leeds", "Bristol", "Stay in Hull"], authors=voters[4:6])
    with timetable.during_voting():
        poll = _vote(secretary, referendum, voters[:2], [[1], [3]])
        services.cancel_poll(secretary, poll=poll,
                             reason="The lease was renewed before the ballot could close.")
    poll.refresh_from_db()
    return poll


def _normalise_json(rows, polls) -> list:
    by_pk = {p.pk: p for p in polls}
    for row in rows:
        poll = by_pk[row["poll"]]
        row["poll"] = f"<poll:{poll.title}>"
        if row["result"]:
            assert (row["result"]["seed"], row["result"]["ballots_sha256"]) == (
                poll.seed, poll.blt_sha256)
            row["result"]["seed"], row["result"]["ballots_sha256"] = "<seed>", "<sha256>"
    return rows


def _normalise_csv(text: str, polls) -> str:
    named = {str(p.pk): f"<poll:{p.title}>" for p in polls}
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows[1:]:
        row[0] = named[row[0]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_open_data_referendums_match_the_golden_file(declared, still_open, cancelled,
                                                     organisation):
    data = open_data(organisation)
    assert (data["format"], data["version"]) == ("openassembly-open-data", 4) == (
        FORMAT["format"], FORMAT["version"])
    polls = [declared, still_open, cancelled]
    rows = _normalise_json(json.loads(json.dumps(data["referendums"])), polls)
    assert rows == json.loads(GOLDEN_JSON.read_text(encoding="utf-8"))


def test_referendum_results_csv_matches_the_golden_file(declared, still_open, cancelled,
                                                        organisation):
    polls = [declared, still_open, cancelled]
    assert _normalise_csv(referendum_results_csv(organisation), polls) == GOLDEN_CSV.read_text(
        encoding="utf-8")


def test_a_declared_ballot_publishes_its_result(declared, organisation):
    row = next(r for r in open_data(organisation)["referendums"] if r["poll"] == declared.pk)
    result = row["result"]
    assert result["votes"] == [{"choice": "Yes", "votes": 5}, {"choice": "No", "votes": 2}]
    assert result["carried"] is True and result["chosen"] is None
    assert result["quorum"]["reached"] is True
    assert "Rule 7.3 requires" in result["quorum"]["reason"]
    assert (result["roll_size"], result["voters"], result["ballots"], result["blank"]) == (
        10, 8, 8, 1)
    assert result["ballots_sha256"] == declared.blt_sha256 != ""


def test_no_result_is_published_before_the_declaration(still_open, secretary, organisation,
                                                       timetable):
    def row():
        return next(r for r in referendums(organisation) if r["poll"] == still_open.pk)

    def csv_rows():
        return list(csv.DictReader(io.StringIO(referendum_results_csv(organisation))))

    assert row()["status"] == "open" and row()["result"] is None
    assert {(r["votes"], r["carried"], r["voters"]) for r in csv_rows()} == {("", "", "")}
    with timetable.after_voting():
        poll = services.count_poll(secretary,
                                   poll=services.close_voting(secretary, poll=still_open))
    assert poll.outcome["votes"] == {"Yes": 1, "No": 2}
    # Counted is not declared: the officer may yet recount or cancel.
    assert row()["status"] == "counted" and row()["result"] is None
    assert {r["votes"] for r in csv_rows()} == {""}
    with timetable.after_voting():
        services.declare_result(secretary, poll=poll)
    assert row()["result"]["votes"] == [{"choice": "Yes", "votes": 1},
                                        {"choice": "No", "votes": 2}]
    assert [(r["choice"], r["votes"], r["carried"]) for r in csv_rows()] == [
        ("Yes", "1", "no"), ("No", "2", "no")]


def test_a_cancelled_ballot_shows_the_reason_and_no_result(cancelled, organisation):
    row = next(r for r in referendums(organisation) if r["poll"] == cancelled.pk)
    assert row["status"] == "cancelled" and row["result"] is None
    assert row["cancelled"]["reason"] == "The lease was renewed before the ballot could close."
    assert (row["cancelled"]["stage"], row["cancelled"]["ballots_destroyed"]) == ("open", 2)
    rows = list(csv.DictReader(io.StringIO(referendum_results_csv(organisation))))
    assert [(r["status"], r["choice"], r["votes"]) for r in rows] == [
        ("cancelled", "Leeds", ""), ("cancelled", "Bristol", ""), ("cancelled", "Stay in Hull", "")]


def test_with_more_than_two_options_the_chosen_one_is_published(draft, secretary, voters,
                                                                organisation, timetable):
    referendum = draft("Which day should branch meetings be?", proposal="A regular day.",
                       options=["Monday", "Tuesday", "Thursday"], authors=voters[0:2])
    with timetable.during_voting():
        poll = _vote(secretary, referendum, voters[:5], [[3], [1], [3], [2], [3]])
    with timetable.after_voting():
        poll = services.declare_result(
            secretary, poll=services.count_poll(
                secretary, poll=services.close_voting(secretary, poll=poll)))
    result = referendums(organisation)[0]["result"]
    assert result["carried"] is None and result["chosen"] == ["Thursday"]
    assert result["votes"] == [{"choice": "Monday", "votes": 1},
                               {"choice": "Tuesday", "votes": 1},
                               {"choice": "Thursday", "votes": 3}]
    rows = list(csv.DictReader(io.StringIO(referendum_results_csv(organisation))))
    assert [(r["choice"], r["votes"], r["chosen"], r["carried"]) for r in rows] == [
        ("Monday", "1", "no", ""), ("Tuesday", "1", "no", ""), ("Thursday", "3", "yes", "")]


def test_statements_are_published_as_the_ballot_page_shows_them(declared, still_open, client,
                                                                 organisation):
    """Only the author's name and the text: what anyone sees on the ballot's page."""
    for row in referendums(organisation):
        page = client.get(reverse("ballots:poll", kwargs={"org": organisation.slug,
                                                          "pk": row["poll"]}))
        assert page.status_code == 200
        text = page.content.decode()
        for side in ("for", "against"):
            statement = row["statements"][side]
            assert set(statement) == {"author", "text"}
            assert f"Written by {statement['author']}" in text
            assert statement["text"].replace("\n", "<br>") in text


def test_a_missing_statement_is_published_as_missing(draft, voters, organisation):
    draft("Should we publish minutes weekly?", proposal="Weekly minutes.", authors=voters[:1])
    row = referendums(organisation)[0]
    assert row["status"] == "draft" and row["result"] is None
    assert row["statements"]["for"]["author"] == "Ada Abbot"
    assert row["statements"]["against"] is None


def test_open_data_names_no_voter(declared, cancelled, organisation, voters):
    text = json.dumps(open_data(organisation)["referendums"])
    for voter in voters[6:8]:  # they voted and wrote no statement
        assert voter.name not in text
    assert "receipt" not in text


def test_referendum_results_download_is_linked_from_the_open_data_page(declared, client,
                                                                       organisation):
    response = client.get(f"/o/{organisation.slug}/referendum-results.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{organisation.slug}-referendum-results.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == REFERENDUM_COLUMNS
    assert [(r["choice"], r["votes"], r["carried"]) for r in rows] == [
        ("Yes", "5", "yes"), ("No", "2", "yes")]
    data = json.loads(client.get(f"/o/{organisation.slug}/open-data.json").content)
    assert [r["poll"] for r in data["referendums"]] == [declared.pk]
    page = client.get(reverse("record:open_data", kwargs={"org": organisation.slug}))
    assert "/referendum-results.csv" in page.content.decode()


def test_referendums_query_count_does_not_grow_with_ballots(declared, draft, voters,
                                                           organisation):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            referendums(organisation)
        return len(captured)

    one = queries()
    for i in range(3):
        draft(f"Question {i}?", proposal="A proposal.", authors=voters[2 + i:4 + i])
    assert len(referendums(organisation)) == 4
    assert queries() == one == 3


def test_referendum_csv_cells_cannot_run_as_spreadsheet_formulas(draft, secretary, voters,
                                                                 timetable, organisation):
    referendum = draft("@SUM(A1:A9) should we?", proposal="That we do.",
                       options=["+1 more", "-cmd|' /C calc'!A0", "=1+1"],
                       authors=voters[0:2])
    with timetable.during_voting():
        poll = _vote(secretary, referendum, voters[:3], [[1], [2], [3]])
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=poll)
        services.declare_result(secretary, poll=services.count_poll(secretary, poll=poll))
    rows = list(csv.DictReader(io.StringIO(referendum_results_csv(organisation))))
    assert {r["title"] for r in rows} == {"'@SUM(A1:A9) should we?"}
    assert [r["choice"] for r in rows] == ["'+1 more", "'-cmd|' /C calc'!A0", "'=1+1"]
    assert [r["votes"] for r in rows] == ["1", "1", "1"]
    assert not [v for r in rows for v in r.values() if v and v[0] in "=+-@\t\r"]
