"""The pages: the ballot paper, the receipt, results, published ballots, receipt checker."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from openassembly.ballots import services
from openassembly.ballots.forms import paper_data
from openassembly.ballots.models import Ballot, Participation
from openassembly.ballots.receipts import display
from openassembly.ballots.selectors import choices_of


def marked(poll, *marks: int, blank: bool = False) -> dict:
    """What the browser sends for this paper marked so (positions in order of preference)."""
    return paper_data(poll, list(choices_of(poll)), list(marks), blank=blank)


def url(name, poll, **kw):
    return reverse(f"ballots:{name}", kwargs={"org": poll.organisation.slug, "pk": poll.pk, **kw})


@pytest.fixture
def voter_client(client, voters):
    client.force_login(voters[8].user)
    return client


def test_ballot_paper_is_accessible_and_links_the_threat_model(voting, voter_client, timetable):
    with timetable.during_voting():
        page = voter_client.get(url("vote", voting)).content.decode()
    assert '<label for="id_c1">Ada Abbot</label>' in page
    # A list of numbers per candidate, not a box to type in: every mark is sent at one width.
    assert '<select name="c1" id="id_c1">' in page and 'type="checkbox"' not in page
    assert "<legend>Number the candidates in order of preference" in page
    assert reverse("ballots:threat_model", kwargs={"org": "commonweal"}) in page


def test_invalid_ranking_is_explained_and_nothing_marked_is_lost(voting, voter_client,
                                                                 timetable):
    with timetable.during_voting():
        response = voter_client.post(url("vote", voting), {**marked(voting, 1),
                                                           "c2": "3", "c3": "3"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "You gave number 3 to Bram Bryn and Cerys Castell; use each number once." in page
    assert re.search(r'<select name="c2" id="id_c2"[^>]*>.*?<option value="3" selected>', page,
                     re.S)
    assert Ballot.objects.count() == 0


def test_an_altered_paper_is_refused_on_the_same_page(voting, voter_client, timetable):
    with timetable.during_voting():
        response = voter_client.post(url("vote", voting), {**marked(voting, 1), "c4": "x"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "came back altered or incomplete, so nothing was cast" in page
    assert "<h1>Ballot paper:" in page and Ballot.objects.count() == 0


def test_skipped_number_is_explained(voting, voter_client, timetable):
    with timetable.during_voting():
        response = voter_client.post(url("vote", voting), {**marked(voting, 1), "c2": "3"})
    assert "You used 1 and 3, so 2 is missing" in response.content.decode()


def test_nothing_marked_needs_the_blank_box(voting, voter_client, timetable):
    with timetable.during_voting():
        response = voter_client.post(url("vote", voting), marked(voting))
        assert "You have not marked any choice" in response.content.decode()
        response = voter_client.post(url("vote", voting), marked(voting, blank=True))
    assert response.status_code == 200
    assert Ballot.objects.get().marks == []


def test_receipt_is_shown_once_and_kept_nowhere_else(voting, voter_client, timetable):
    with timetable.during_voting():
        response = voter_client.post(url("vote", voting), marked(voting, 2, 1))
        receipt = Ballot.objects.get().receipt
        page = response.content.decode()
        assert display(receipt) in page
        assert "1. Bram Bryn; 2. Ada Abbot" in page
        assert response["Cache-Control"] == "no-store"
        session = voter_client.session
        assert receipt not in str(dict(session.items()))
        again = voter_client.get(url("vote", voting)).content.decode()
        assert "You have voted already" in again and display(receipt) not in again
        second = voter_client.post(url("vote", voting), marked(voting, 1))
    assert second.status_code == 409
    assert "your first ballot stands" in second.content.decode()
    assert Participation.objects.count() == 1 and Ballot.objects.count() == 1


def test_not_on_the_roll_cannot_vote(voting, client, member, timetable):
    client.force_login(member.user)
    with timetable.during_voting():
        page = client.post(url("vote", voting), marked(voting, 1)).content.decode()
    assert "You are not on the electoral roll" in page
    assert Ballot.objects.count() == 0


@pytest.fixture
def declared(voting, voters, secretary, timetable):
    receipts = []
    with timetable.during_voting():
        for voter, marks in zip(voters, [[1, 2], [2, 1], [3], [1], [4, 1], [2], [1, 3], [],
                                         [2, 3]], strict=True):
            receipts.append(services.cast_ballot(voter, poll=voting, marks=marks))
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=voting)
        poll = services.declare_result(secretary, poll=services.count_poll(secretary, poll=poll))
    poll.receipts = receipts
    return poll


def test_results_page_has_stage_table_chart_and_recount_line(declared, client):
    page = client.get(url("results", declared)).content.decode()
    assert "Every stage of the count" in page
    assert "<svg" in page
    assert f"--method ers97 --seats 4 --seed {declared.seed}" in page
    assert f"{declared.voters_count} of {declared.roll_size} on the roll" in page
    for name in declared.outcome["elected"]:
        assert name in page


def test_results_page_cites_the_rule_and_how_other_counters_recount_it(declared, client):
    page = client.get(url("results", declared)).content.decode()
    assert "Counted by ERS97 STV, as written in Electoral Reform Society" in page
    assert "checked against the ERS97 model election" in page
    org = declared.organisation.slug
    assert f"python runElection.py -s 4 ERS97STV {org}-poll-{declared.pk}.blt" in page
    assert "OpenSTV, counted independently" in page
    # droop has no ERS97 rule, so it is not offered.
    assert "Droop.py" not in page and "droop has no ERS97 rule" in page


def test_recount_commands_read_the_published_file_as_it_is(declared):
    from openassembly.ballots.views.polls import _rule_and_recount

    declared.seats = 2
    context = _rule_and_recount("acme", declared, "scottish")
    commands = dict(context["recount"])
    # Receipts are comments, which droop skips: no step strips them first any more.
    assert commands["droop"] == f"python Droop.py scotland acme-poll-{declared.pk}.blt"
    assert context["rule_info"].source_url.startswith("https://www.legislation.gov.uk/")
    assert _rule_and_recount("acme", declared, "no-such-method") == {
        "rule_info": None, "recount": []}


def test_published_ballots_and_blt_download(declared, client):
    page = client.get(url("ballots", declared)).content.decode()
    for receipt in declared.receipts:
        assert display(receipt) in page
    blt = client.get(url("blt", declared))
    assert blt.content.decode() == declared.blt
    assert "attachment" in blt["Content-Disposition"]


def test_receipt_checker(declared, client):
    first = declared.receipts[0]
    page = client.get(url("receipt", declared), {"code": display(first).lower()}).content.decode()
    assert "is among the published ballots and was counted" in page
    assert "1. Ada Abbot; 2. Bram Bryn" in page
    tampered = first[:-2] + ("A" if first[-2] != "A" else "B") + first[-1]
    response = client.get(url("receipt", declared), {"code": tampered})
    assert response.status_code == 400
    assert "is not a receipt code this system issued" in response.content.decode()


def test_unknown_but_well_formed_receipt_is_reported_missing(declared, client):
    from openassembly.ballots.receipts import new_receipt

    page = client.get(url("receipt", declared), {"code": new_receipt()}).content.decode()
    assert "No published ballot has the receipt" in page


def test_marked_register_for_members_after_the_close(declared, voter_client, client, voters):
    page = voter_client.get(url("register", declared)).content.decode()
    assert voters[0].name in page and "voted" in page
    client.logout()
    assert client.get(url("register", declared)).status_code == 302  # to the login page


def test_marked_register_is_closed_while_voting(voting, voter_client, timetable):
    with timetable.during_voting():
        response = voter_client.get(url("register", voting))
    assert response.status_code == 403
    assert "only after voting closes" in response.content.decode()


def test_officer_runs_the_timetable_from_the_poll_page(nominated, officer_client, timetable):
    poll = nominated.poll
    with timetable.during_voting():
        page = officer_client.get(url("poll", poll)).content.decode()
        assert 'value="open-voting"' in page
        response = officer_client.post(url("step", poll), {"action": "open-voting"})
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.status == "open"


def test_member_cannot_run_the_timetable(nominated, voter_client, timetable):
    with timetable.during_voting():
        response = voter_client.post(url("step", nominated.poll), {"action": "open-voting"})
    assert response.status_code == 403


def test_index_and_threat_model_pages(declared, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        page = client.get(reverse("ballots:index", kwargs={"org": "commonweal"}))
    assert declared.title in page.content.decode()
    doc = client.get(reverse("ballots:threat_model", kwargs={"org": "commonweal"}))
    assert "What it does not protect against" in doc.content.decode()


def test_poll_page_query_count_is_bounded(declared, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.get(url("poll", declared))
    assert response.status_code == 200
