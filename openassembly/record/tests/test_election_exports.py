"""Election results in the open data (JSON and CSV) and on people's public pages.

The layout is pinned by golden files: a change that breaks them changes a published format,
so it needs a new format version and a note in the docs. Values that differ from run to run
(row ids, the seed drawn at the close, the ballot file's hash) are replaced by named
placeholders after checking that they are what the poll recorded. The golden files are named
for version 2, which introduced them; later versions leave the elections unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.urls import reverse

from openassembly.ballots import services
from openassembly.ballots.models import Candidacy
from openassembly.ballots.tests.conftest import Timetable
from openassembly.core import clock
from openassembly.record.exports import FORMAT, election_results_csv, open_data

DATA = Path(__file__).parent / "data"
GOLDEN_JSON = DATA / "open-data-v4-elections.json"
GOLDEN_CSV = DATA / "election-results-v2.csv"


@pytest.fixture
def timetable() -> Timetable:
    # Fixed, so the times in the export are the same on every run.
    return Timetable(start=datetime(2031, 3, 3, 9, 0, tzinfo=UTC))


@pytest.fixture
def declared(announced, secretary, voters, timetable):
    """Six candidates for four East places; Ada withdraws during voting; declared."""
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        for candidate in voters[:6]:
            candidacy = services.stand(candidate, election=announced, statement="Vote for me.")
            for supporter in voters[6:8]:
                services.nominate(supporter, candidacy=candidacy)
        services.stand(voters[8], election=announced, statement="Nobody nominated me.")
    with timetable.after_nominations():
        services.close_nominations(secretary, election=announced)
    with timetable.during_voting():
        poll = services.open_voting(secretary, poll=announced.poll)
        services.withdraw(voters[0], candidacy=Candidacy.objects.get(member=voters[0]))
        rankings = [[2, 3], [2, 4], [2, 5], [3, 2], [3, 4], [4, 3], [5, 6], [1, 6], []]
        for voter, marks in zip(voters, rankings, strict=True):
            services.cast_ballot(voter, poll=poll, marks=marks)
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=poll)
        poll = services.declare_result(secretary, poll=services.count_poll(secretary, poll=poll))
    return poll


@pytest.fixture
def cancelled(secretary, chair, organisation, make_voter, timetable):
    """The public-office election, cancelled during nominations with one candidate standing."""
    with timetable.during_nominations():
        election = services.create_election(
            secretary, organisation=organisation, key="public-office",
            nominations_open_at=timetable.nominations_open,
            nominations_close_at=timetable.nominations_close,
            opens_at=timetable.opens, closes_at=timetable.closes,
            roll_date=timetable.opens.date(),
        )
        services.open_nominations(secretary, election=election)
        services.stand(make_voter("Cllr Kemi", public_office=True), election=election,
                       statement="Hello.")
        services.cancel_poll(secretary, poll=election.poll, confirmed_by=chair,
                             reason="The seats are to be merged; see rule 5.3.")
    election.poll.refresh_from_db()
    return election.poll


def _placeholders(organisation, polls) -> tuple[dict[str, str], dict[str, str]]:
    """Each run's poll and person ids, to their names in the golden files."""
    from openassembly.members.models import Member

    polls_named = {str(p.pk): f"<poll:{p.title}>" for p in polls}
    people = {str(m.pk): f"<person:{m.name}>"
              for m in Member.objects.filter(organisation=organisation)}
    return polls_named, people


def _normalise_json(rows, polls, names) -> list:
    by_pk = {p.pk: p for p in polls}
    polls_named, people = names
    for row in rows:
        poll = by_pk[row["poll"]]
        row["poll"] = polls_named[str(row["poll"])]
        for candidate in row["candidates"]:
            candidate["person"] = people[str(candidate["person"])]
        if row["result"]:
            assert (row["result"]["seed"], row["result"]["ballots_sha256"]) == (
                poll.seed, poll.blt_sha256)
            row["result"]["seed"], row["result"]["ballots_sha256"] = "<seed>", "<sha256>"
    return rows


def _normalise_csv(text: str, names) -> str:
    polls_named, people = names
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    for row in rows[1:]:
        row[header.index("poll")] = polls_named[row[header.index("poll")]]
        row[header.index("person")] = people[row[header.index("person")]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_open_data_elections_match_the_golden_file(declared, cancelled, organisation):
    data = open_data(organisation)
    assert (data["format"], data["version"]) == ("openassembly-open-data", 4) == (
        FORMAT["format"], FORMAT["version"])
    assert declared.result["lots"]["draws"] == []  # no lot, so the outcome is the same each run
    names = _placeholders(organisation, [declared, cancelled])
    rows = _normalise_json(json.loads(json.dumps(data["elections"])), [declared, cancelled],
                           names)
    golden = json.loads(GOLDEN_JSON.read_text(encoding="utf-8"))
    assert rows == golden


def test_election_results_csv_matches_the_golden_file(declared, cancelled, organisation):
    names = _placeholders(organisation, [declared, cancelled])
    assert _normalise_csv(election_results_csv(organisation), names) == GOLDEN_CSV.read_text(
        encoding="utf-8")


def test_open_data_downloads_carry_the_elections(declared, client, organisation):
    data = json.loads(client.get(f"/o/{organisation.slug}/open-data.json").content)
    row = next(r for r in data["elections"] if r["poll"] == declared.pk)
    assert row["result"]["elected"] == declared.outcome["elected"]
    response = client.get(f"/o/{organisation.slug}/election-results.csv")
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    outcomes = {r["candidate"]: r["outcome"] for r in rows}
    assert outcomes["Ada Abbot"] == "withdrew"
    assert sorted(n for n, o in outcomes.items() if o == "elected") == sorted(
        declared.outcome["elected"])
    page = client.get(reverse("record:open_data", kwargs={"org": organisation.slug}))
    assert "/election-results.csv" in page.content.decode()


def test_open_data_names_no_voter_and_no_nominator(declared, organisation, voters):
    text = json.dumps(open_data(organisation)["elections"])
    for nominator in voters[6:8]:
        assert nominator.name not in text
    assert "receipt" not in text


def test_a_candidates_public_page_lists_the_elections_they_stood_in(declared, cancelled, client,
                                                                    voters, organisation):
    elected = Candidacy.objects.get(member__name=declared.outcome["elected"][0],
                                    election__poll=declared)
    page = client.get(reverse("record:person", kwargs={"org": organisation.slug,
                                                       "pk": elected.member_id}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Elections stood in" in text and declared.title in text and ">elected<" in text
    withdrew = client.get(reverse("record:person", kwargs={"org": organisation.slug,
                                                           "pk": voters[0].pk})).content.decode()
    assert "withdrew (" in withdrew
    kemi = Candidacy.objects.get(election__poll=cancelled).member
    page = client.get(reverse("record:person", kwargs={"org": organisation.slug, "pk": kemi.pk}))
    assert "election cancelled" in page.content.decode()


def test_a_member_who_never_stood_or_held_a_seat_has_no_public_page(declared, client, voters,
                                                                    organisation):
    nominator = voters[6]
    response = client.get(reverse("record:person", kwargs={"org": organisation.slug,
                                                           "pk": nominator.pk}))
    assert response.status_code == 404


def test_open_data_query_count_does_not_grow_with_candidates(declared, cancelled, organisation,
                                                             django_assert_max_num_queries):
    with clock.frozen_at(declared.declared_at), django_assert_max_num_queries(12):
        open_data(organisation)


def test_election_csv_cells_cannot_run_as_spreadsheet_formulas(declared, organisation, voters):
    from openassembly.members.models import Member

    hostile = "-2+3+cmd|' /C calc'!A0"
    Member.objects.filter(pk=voters[2].pk).update(name=hostile)
    rows = list(csv.DictReader(io.StringIO(election_results_csv(organisation))))
    assert "'" + hostile in [r["candidate"] for r in rows]
    assert not [v for r in rows for v in r.values() if v and v[0] in "=+-@\t\r"]
