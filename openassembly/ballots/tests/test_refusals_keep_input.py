"""Every refused ballots form comes back on itself: the reason, a summary, what was typed."""

from __future__ import annotations

import html
from datetime import timedelta

from django.test import Client

from openassembly.ballots.models import Candidacy, Poll, Statement

from .test_pages import local, u

SUMMARY = "There is a problem"


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_standing_twice_keeps_the_second_statement(announced, secretary, voters, client,
                                                   timetable):
    from openassembly.ballots import services

    poll = announced.poll
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        client.force_login(voters[0].user)
        client.post(u("stand", pk=poll.pk), {"statement": "Me."})
        twice = client.post(u("stand", pk=poll.pk), {"statement": "Me, again & better."})
    assert twice.status_code == 409
    page = _page(twice)
    assert SUMMARY in page and "standing in this election already" in page
    assert "Me, again & better.</textarea>" in page
    assert Candidacy.objects.get().statement == "Me."


def test_refused_statement_keeps_its_text(officer_client, voters):
    from django.utils import timezone

    opens = timezone.now() + timedelta(days=2)
    officer_client.post(u("referendum_new"), {
        "question": "Affiliate?", "proposal": "That we affiliate.", "options": "Yes\nNo",
        "opens_at": local(opens), "closes_at": local(opens + timedelta(days=7)),
        "roll_date": opens.date().isoformat(),
    })
    poll = Poll.objects.get()
    client = Client()
    client.force_login(voters[0].user)
    client.post(u("statement", pk=poll.pk), {"side": "for", "text": "More pay."})
    again = client.post(u("statement", pk=poll.pk),
                        {"side": "against", "text": "A long case against, typed with care."})
    assert again.status_code == 409
    page = _page(again)
    assert SUMMARY in page and "you have written the other side's" in page
    assert "A long case against, typed with care.</textarea>" in page
    assert Statement.objects.count() == 1


def test_refused_election_keeps_every_date_typed(officer_client, timetable):
    data = {"key": "public-office", "nominations_open_at": local(timetable.nominations_open),
            "nominations_close_at": local(timetable.nominations_open + timedelta(days=2)),
            "opens_at": local(timetable.opens), "closes_at": local(timetable.closes),
            "roll_date": timetable.opens.date().isoformat()}
    response = officer_client.post(u("election_new"), data)
    assert response.status_code == 400
    page = _page(response)
    assert SUMMARY in page and "Rule 13.1 requires nominations to stay open" in page
    for name in ("nominations_open_at", "nominations_close_at", "opens_at", "closes_at",
                 "roll_date"):
        assert f'value="{data[name]}"' in page, name
    assert not Poll.objects.exists()


def test_cancel_without_a_reason_points_at_the_reason_field(officer_client, announced):
    response = officer_client.post(u("cancel", pk=announced.poll.pk), {"reason": ""})
    assert response.status_code == 400
    page = _page(response)
    assert SUMMARY in page and 'href="#id_reason"' in page


def test_a_refused_timetable_step_comes_back_on_the_poll_page(announced, officer_client,
                                                             timetable):
    # Voting cannot close before it has opened: the officer is told so on the poll's page.
    poll = announced.poll
    with timetable.during_nominations():
        refused = officer_client.post(u("step", pk=poll.pk), {"action": "close-voting"})
    assert refused.status_code in (400, 409)
    page = _page(refused)
    assert SUMMARY in page and poll.title in page
    poll.refresh_from_db()
    assert poll.status == Poll.Status.DRAFT


def test_a_refused_nomination_comes_back_on_the_poll_page(nominated, voters, timetable):
    poll = nominated.poll
    candidacy = nominated.candidacies.first()
    client = Client()
    client.force_login(candidacy.member.user)
    with timetable.after_nominations():
        refused = client.post(u("nominate", pk=poll.pk, cid=candidacy.pk))
    assert refused.status_code in (400, 403, 409)
    page = _page(refused)
    assert SUMMARY in page and poll.title in page
