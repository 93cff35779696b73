"""The JSON ballot door signs the voter in inside its one statement, and judges every session
exactly as Django's sign-in does (see accounts/signed_in.py and accounts/tests/doors.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openassembly.accounts.tests.doors import STATES, browser, decided_in_one_statement, post
from openassembly.ballots import selectors
from openassembly.ballots.models import Ballot, Participation
from openassembly.ballots.receipts import display


def _url(poll) -> str:
    return f"/api/o/commonweal/polls/{poll.pk}/ballot"


def _box(poll) -> tuple[int, int]:
    return (Ballot.objects.filter(poll=poll).count(),
            Participation.objects.filter(poll=poll).count())


@pytest.mark.parametrize("state", list(STATES))
def test_the_door_accepts_a_session_exactly_when_django_does(state, voting, voters, timetable):
    voter = voters[0]
    client = browser(voter.user)
    change, accepted, by_statement = STATES[state]
    with timetable.during_voting():
        selectors.paper_for_voting("commonweal", voting.pk)  # as an earlier ballot would
        with change(client, voter.user), CaptureQueriesContext(connection) as queries:
            response = post(client, _url(voting), {"marks": [3, 1]})
    if connection.vendor == "postgresql":
        assert decided_in_one_statement(queries) == by_statement
    if accepted:
        assert response.status_code == 200
        ballot = Ballot.objects.get(poll=voting)
        assert display(ballot.receipt) == response.json()["receipt"] and ballot.marks == [3, 1]
        assert Participation.objects.get(poll=voting).member == voter
    else:
        assert response.status_code == 401 and _box(voting) == (0, 0)


def test_an_officer_casts_a_ballot_only_after_the_second_factor(voting, voters, timetable,
                                                                organisation):
    from openassembly.conftest import _seat

    officer = _seat(organisation, voters[1], "organising-group", "treasurer")
    with timetable.during_voting():
        refused = post(browser(officer.user), _url(voting), {"marks": [1]})
        assert refused.status_code == 302
        assert refused["Location"].startswith("/accounts/two-factor/setup/")
        assert _box(voting) == (0, 0)
        accepted = post(browser(officer.user, second_factor=True), _url(voting), {"marks": [1]})
    assert accepted.status_code == 200 and _box(voting) == (1, 1)


def test_refusals_are_the_services_own_words_after_the_sign_in(voting, voters, member,
                                                               timetable):
    with timetable.during_voting():
        outsider = post(browser(member.user), _url(voting), {"marks": [1]})
        twice = browser(voters[2].user)
        first = post(twice, _url(voting), {"marks": [2]})
        again = post(twice, _url(voting), {"marks": [1]})
        bad = post(browser(voters[3].user), _url(voting), {"marks": [1, 1]})
        missing = post(browser(voters[3].user), "/api/o/commonweal/polls/999999/ballot",
                       {"marks": [1]})
    with timetable.after_voting():
        late = post(browser(voters[4].user), _url(voting), {"marks": [1]})
    assert outsider.status_code == 403 and "electoral roll" in outsider.json()["detail"]
    assert first.status_code == 200
    assert again.status_code == 409 and "first ballot stands" in again.json()["detail"]
    assert bad.status_code == 400 and "more than once" in bad.json()["detail"]
    assert missing.status_code == 404
    assert late.status_code == 409 and "closed" in late.json()["detail"]
    assert _box(voting) == (1, 1)


def test_nothing_about_a_ballot_is_said_before_the_sign_in(voting, timetable):
    from django.test import Client

    anonymous = Client(enforce_csrf_checks=True)
    anonymous.cookies["csrftoken"] = "a" * 32
    anonymous.cookies["sessionid"] = "not-a-session-anyone-holds"
    with timetable.during_voting():
        for url in (_url(voting), "/api/o/commonweal/polls/999999/ballot"):
            assert post(anonymous, url, {"marks": [1, 1]}).status_code == 401
            assert post(anonymous, url, {"marks": [1]}).status_code == 401
    assert _box(voting) == (0, 0)
