"""Every page a member or officer uses, through the client: forms, errors kept, redirects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openassembly.ballots.models import Petition, Poll, Slate, Sortition, Task
from openassembly.core import clock
from openassembly.counting.seed import commitment, new_value


def u(name, **kw):
    return reverse(f"ballots:{name}", kwargs={"org": "commonweal", **kw})


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def member_client(client, voters):
    client.force_login(voters[0].user)
    return client


def test_officer_drafts_a_referendum_and_members_write_each_side(officer_client, voters):
    client = Client()  # officer_client is the shared `client`; members need their own
    opens = timezone.now() + timedelta(days=2)
    response = officer_client.post(u("referendum_new"), {
        "question": "Affiliate to the Fair Pay Network?", "proposal": "That we affiliate.",
        "options": "Yes\nNo", "opens_at": local(opens),
        "closes_at": local(opens + timedelta(days=7)), "roll_date": opens.date().isoformat(),
    })
    poll = Poll.objects.get(kind=Poll.Kind.REFERENDUM)
    assert response.status_code == 303 and response["Location"] == u("poll", pk=poll.pk)
    client.force_login(voters[0].user)
    form = client.get(u("statement", pk=poll.pk) + "?side=against").content.decode()
    assert 'value="against" checked' in form or "checked" in form
    client.post(u("statement", pk=poll.pk), {"side": "for", "text": "More pay."})
    again = client.post(u("statement", pk=poll.pk), {"side": "against", "text": "No."})
    assert again.status_code == 409
    assert "each side writes its own statement" in again.content.decode()
    page = client.get(u("poll", pk=poll.pk)).content.decode()
    assert "More pay." in page and "No statement against is attached yet." in page
    with clock.frozen_at(opens + timedelta(minutes=1)):
        refused = officer_client.post(u("step", pk=poll.pk), {"action": "open-voting"})
    assert refused.status_code == 409
    assert "statement against is missing" in refused.content.decode()
    retimed = officer_client.post(u("schedule", pk=poll.pk), {
        "opens_at": local(opens + timedelta(days=1)),
        "closes_at": local(opens + timedelta(days=9)),
        "roll_date": opens.date().isoformat()})
    assert retimed.status_code == 303


def test_a_draft_members_ballot_offers_open_voting_only_when_the_timetable_allows(
        officer_client):
    opens = timezone.now() + timedelta(days=2)
    officer_client.post(u("referendum_new"), {
        "question": "Affiliate to the Fair Pay Network?", "proposal": "That we affiliate.",
        "options": "Yes\nNo", "opens_at": local(opens),
        "closes_at": local(opens + timedelta(days=7)), "roll_date": opens.date().isoformat(),
    })
    poll = Poll.objects.get(kind=Poll.Kind.REFERENDUM)

    def button() -> str:
        page = officer_client.get(u("poll", pk=poll.pk)).content.decode()
        return page.split('value="open-voting"', 1)[1].split("</button>", 1)[0]

    early = officer_client.get(u("poll", pk=poll.pk)).content.decode()
    assert "disabled" in button()
    when = timezone.localtime(poll.opens_at).strftime("%-d %B %Y %H:%M")
    assert f"Possible from {when}, under the timetable." in early
    with clock.frozen_at(opens + timedelta(minutes=1)):
        assert "disabled" not in button()
    with clock.frozen_at(opens + timedelta(days=8)):
        assert "disabled" in button()
        late = officer_client.get(u("poll", pk=poll.pk)).content.decode()
        assert "change the timetable to open it" in late


def test_member_starts_and_signs_a_petition(member_client, voters, make_voter, client):
    for i in range(60):
        make_voter(f"Signer {i}", user=False)
    response = member_client.post(u("petition_new"), {
        "kind": "member-ballot", "title": "Ballot on fees", "text": "We ask for a ballot."})
    petition = Petition.objects.get()
    assert response["Location"] == u("petition", pk=petition.pk)
    page = member_client.get(u("petition", pk=petition.pk)).content.decode()
    assert "1 of 4 signatures needed" in page and "You have signed this petition." in page
    client.force_login(voters[1].user)
    client.post(u("petition", pk=petition.pk))
    twice = client.post(u("petition", pk=petition.pk))
    assert twice.status_code == 409
    petition.refresh_from_db()
    assert petition.signatures_count == 2
    assert "Ballot on fees" in client.get(u("petitions")).content.decode()


def test_recall_petition_without_a_holder_keeps_the_form(member_client):
    response = member_client.post(u("petition_new"), {
        "kind": "recall", "title": "Recall", "text": "Recall them."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "names someone who holds a seat now" in page and "Recall them." in page


def test_sortition_pages(officer_client, voters, secretary):
    client = Client()
    response = officer_client.post(u("sortition_new"), {
        "title": "Appeals panel", "purpose": "Hears appeals.", "places": "2"})
    sortition = Sortition.objects.get()
    assert response["Location"] == u("sortition", pk=sortition.pk)
    page = officer_client.get(u("sortition", pk=sortition.pk)).content.decode()
    # The value is made by the page's own script file (no inline script), or by the command.
    assert "Commit to your value, as returning officer" in page
    assert "/static/openassembly/sortition-secret.js" in page and "<script>" not in page
    assert "<noscript><p>This page makes your value with JavaScript" in page
    values = {}
    for who, c in ((secretary, officer_client), (voters[5], Client()), (voters[6], Client())):
        if c is not officer_client:
            c.force_login(who.user)
        values[who] = (c, new_value())
        assert c.post(u("sortition", pk=sortition.pk), {
            "action": "commit", "commitment": commitment(values[who][1])}).status_code == 303
    for voter in voters[:3]:
        client.force_login(voter.user)
        client.post(u("sortition", pk=sortition.pk), {"action": "join"})
    officer_client.post(u("sortition", pk=sortition.pk), {"action": "close"})
    # A wrong value comes back on the same form, with the reason by the field and the value kept.
    wrong = new_value()
    refused = officer_client.post(u("sortition", pk=sortition.pk),
                                  {"action": "reveal", "value": wrong})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "not the value you committed to" in text and f'value="{wrong}"' in text
    for c, value in values.values():
        assert c.post(u("sortition", pk=sortition.pk),
                      {"action": "reveal", "value": value}).status_code == 303
    officer_client.post(u("sortition", pk=sortition.pk), {"action": "draw"})
    page = client.get(u("sortition", pk=sortition.pk)).content.decode()
    sortition.refresh_from_db()
    assert sortition.status == Sortition.Status.DRAWN and sortition.seed in page
    assert all(value in page for _, value in values.values())
    pool = client.get(u("pool", pk=sortition.pk)).content.decode()
    assert pool.count("\n") == 3


def test_officer_announces_an_election_from_the_form(officer_client, timetable):
    data = {"key": "public-office", "nominations_open_at": local(timetable.nominations_open),
            "nominations_close_at": local(timetable.nominations_open + timedelta(days=2)),
            "opens_at": local(timetable.opens), "closes_at": local(timetable.closes),
            "roll_date": timetable.opens.date().isoformat()}
    response = officer_client.post(u("election_new"), data)
    assert response.status_code == 400
    assert "Rule 13.1 requires nominations to stay open" in response.content.decode()
    data["nominations_close_at"] = local(timetable.nominations_close)
    response = officer_client.post(u("election_new"), data)
    assert response.status_code == 303


def test_standing_slates_and_questionnaires_through_pages(announced, secretary, voters, client,
                                                          timetable):
    from openassembly.ballots import services

    poll = announced.poll
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        client.force_login(voters[0].user)
        assert client.post(u("stand", pk=poll.pk), {"statement": "Me."}).status_code == 303
        twice = client.post(u("stand", pk=poll.pk), {"statement": "Me again."})
        assert "standing in this election already" in twice.content.decode()
        client.post(u("slate_new", pk=poll.pk), {"name": "Fair East", "platform": "Fair."})
        slate = Slate.objects.get()
        client.post(u("slate_sign", pk=slate.pk))
        response = client.post(u("questionnaire_new", pk=poll.pk), {
            "title": "Housing", "set_by": "Tenants", "questions": "Rent controls?"})
        assert response.status_code == 303
        client.force_login(voters[1].user)
        client.post(u("nominate", pk=poll.pk, cid=announced.candidacies.get().pk))
        page = client.get(u("poll", pk=poll.pk)).content.decode()
    assert "You have nominated Ada Abbot." in page
    assert "on the slate <em>Fair East</em>" in page
    assert "1 of 2 nominations" in page


def test_task_progress_is_for_the_officer_who_started_it(voting, officer_client, voters):
    client = Client()
    task = Task.objects.get(poll=voting)
    page = officer_client.get(u("task", pk=task.pk)).content.decode()
    assert "queued" in page and "0 of 0 sent" in page
    client.force_login(voters[0].user)
    assert client.get(u("task", pk=task.pk)).status_code == 404
