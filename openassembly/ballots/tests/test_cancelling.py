"""Cancelling an election or a members' ballot: proposed by a returning officer with a public
reason, carried out when a second officer confirms it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from openassembly.ballots import mail as ballot_mail
from openassembly.ballots import selectors, services
from openassembly.ballots.forms import paper_data
from openassembly.ballots.models import Ballot, Participation, Poll, Task
from openassembly.ballots.tasks import due_closes, due_reminders
from openassembly.core import clock
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.mail import runs
from openassembly.meetings.tests.test_pages import login

REASON = "The roll left out the Eastbrook group's members; the election will be run again."


def url(name, poll):
    return reverse(f"ballots:{name}", kwargs={"org": poll.organisation.slug, "pk": poll.pk})


def test_officer_cancels_an_election_with_a_public_reason(nominated, secretary, timetable):
    with timetable.after_nominations():
        poll = services.cancel_poll(secretary, poll=nominated.poll, reason=f"  {REASON}\n")
    poll.refresh_from_db()
    assert poll.status == Poll.Status.CANCELLED
    assert (poll.cancel_reason, poll.cancelled_by, poll.cancelled_from) == (
        REASON, secretary, Poll.Status.NOMINATIONS_CLOSED)
    event = LedgerEvent.objects.get(kind="poll.cancelled")
    assert event.actor == "Sec Retary"
    assert event.data["reason"] == REASON and event.data["stage"] == "nominations-closed"
    assert event.data["ballots_destroyed"] == 0
    assert event.at == poll.cancelled_at


def test_a_reason_is_required(nominated, secretary):
    with pytest.raises(InvalidInput, match="Give the reason"):
        services.cancel_poll(secretary, poll=nominated.poll, reason="   ")
    nominated.poll.refresh_from_db()
    assert nominated.poll.status == Poll.Status.NOMINATIONS_CLOSED
    assert not LedgerEvent.objects.filter(kind="poll.cancelled").exists()


def test_only_a_returning_officer_can_cancel(nominated, member):
    with pytest.raises(PowerDenied, match="run-ballots"):
        services.cancel_poll(member, poll=nominated.poll, reason=REASON)


def test_the_database_refuses_a_cancellation_without_its_reason(nominated):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Poll.objects.filter(pk=nominated.poll_id).update(status=Poll.Status.CANCELLED)


def test_a_declared_result_cannot_be_cancelled(voting, voters, secretary, timetable):
    with timetable.during_voting():
        services.cast_ballot(voters[0], poll=voting, marks=[1])
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=voting)
        poll = services.declare_result(secretary, poll=services.count_poll(secretary, poll=poll))
        with pytest.raises(Conflict, match="a declared result cannot be cancelled"):
            services.cancel_poll(secretary, poll=poll, reason=REASON)


def test_a_cancelled_election_takes_no_candidates_nominations_or_slates(announced, secretary,
                                                                       voters, timetable):
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        candidacy = services.stand(voters[0], election=announced, statement="Vote for me.")
        services.cancel_poll(secretary, poll=announced.poll, reason=REASON)
        announced.poll.refresh_from_db()
        refused = r"This election was cancelled on .* by Sec Retary: The roll left out"
        with pytest.raises(Conflict, match=refused):
            services.stand(voters[1], election=announced, statement="Me too.")
        with pytest.raises(Conflict, match=refused):
            services.nominate(voters[2], candidacy=candidacy)
        with pytest.raises(Conflict, match=refused):
            services.create_slate(voters[3], election=announced, name="East", platform="Homes.")
        with pytest.raises(Conflict, match=refused):
            services.withdraw(voters[0], candidacy=candidacy)
    assert candidacy.nominations.count() == 0


def test_a_cancelled_poll_cannot_open_close_count_or_be_cancelled_again(nominated, secretary,
                                                                         timetable):
    with timetable.after_nominations():
        poll = services.cancel_poll(secretary, poll=nominated.poll, reason=REASON)
    with timetable.during_voting(), pytest.raises(Conflict, match="was cancelled on"):
        services.open_voting(secretary, poll=poll)
    with timetable.after_voting():
        for step in (services.close_voting, services.count_poll, services.declare_result):
            with pytest.raises(Conflict, match="was cancelled on"):
                step(secretary, poll=poll)
        with pytest.raises(Conflict, match="was cancelled on"):
            services.cancel_poll(secretary, poll=poll, reason="Again.")
    assert LedgerEvent.objects.filter(kind="poll.cancelled").count() == 1


def test_cancelling_during_voting_destroys_the_ballots_unread_and_keeps_the_numbers(
        voting, voters, secretary, timetable):
    with timetable.during_voting():
        receipts = [services.cast_ballot(v, poll=voting, marks=[1, 2]) for v in voters[:3]]
        poll = services.cancel_poll(secretary, poll=voting, reason=REASON)
    assert Ballot.objects.filter(poll=poll).count() == 0
    assert (poll.ballots_count, poll.voters_count, poll.blt) == (3, 3, "")
    assert not poll.published
    assert list(selectors.published_ballots(poll)) == []
    assert selectors.find_receipt(poll, receipts[0]) is None
    assert selectors.live_turnout(poll) == {
        "voters": 3, "ballots": 3, "roll": 9, "percent": "33.3", "balanced": True}
    event = LedgerEvent.objects.get(kind="poll.cancelled")
    assert (event.data["ballots_destroyed"], event.data["voters"], event.data["stage"]) == (
        3, 3, "open")
    for receipt in receipts:
        assert receipt not in str(event.data)


def test_a_ballot_cast_after_cancellation_is_refused_and_nothing_is_stored(voting, voters,
                                                                          secretary, timetable):
    with timetable.during_voting():
        services.cancel_poll(secretary, poll=voting, reason=REASON)
        with pytest.raises(Conflict, match="This ballot was cancelled"):
            services.cast_ballot(voters[0], poll=voting, marks=[1])
    assert not Ballot.objects.filter(poll=voting).exists()
    assert not Participation.objects.filter(poll=voting).exists()


def test_queued_mail_is_stopped_and_the_roll_is_told_of_the_cancellation(voting, voters,
                                                                          secretary, timetable,
                                                                          work):
    opened = Task.objects.get(poll=voting, kind=Task.Kind.BALLOT_OPEN)
    with timetable.during_voting():
        reminder = services.send_reminder(secretary, poll=voting)
        services.cancel_poll(secretary, poll=voting, reason=REASON)
    work()
    opened.refresh_from_db()
    reminder.refresh_from_db()
    assert opened.status == reminder.status == Task.Status.CANCELLED
    assert opened.done == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(v.email for v in voters)
    assert {m.subject for m in mail.outbox} == {f"Cancelled: {voting.title}"}
    body = mail.outbox[0].body
    assert REASON in body and "Sec Retary" in body and "destroyed unread" in body
    assert LedgerEvent.objects.get(kind="poll.cancelled").data["mail_stopped"] == 2


def test_a_mail_run_in_progress_stops_before_its_next_chunk(voting, voters, secretary,
                                                             timetable, monkeypatch):
    sent: list[str] = []

    class CancelsAfterFirstChunk(BaseEmailBackend):
        def send_messages(self, messages):
            sent.extend(m.to[0] for m in messages)
            if len(sent) == 2:
                with timetable.during_voting():
                    services.cancel_poll(secretary, poll=voting, reason=REASON)

    monkeypatch.setattr(runs, "CHUNK", 2)
    monkeypatch.setattr(runs, "get_connection", lambda backend=None: CancelsAfterFirstChunk())
    opened = Task.objects.get(poll=voting, kind=Task.Kind.BALLOT_OPEN)
    task = ballot_mail.carry_out(opened.pk)
    assert len(sent) == 2
    assert (task.status, task.done) == (Task.Status.CANCELLED, 2)


def test_cancelled_after_the_close_keeps_the_published_ballots_and_is_not_counted(
        voting, voters, secretary, timetable):
    with timetable.during_voting():
        receipt = services.cast_ballot(voters[0], poll=voting, marks=[2])
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=voting)
        blt = poll.blt
        poll = services.cancel_poll(secretary, poll=poll, reason=REASON)
        with pytest.raises(Conflict, match="was cancelled on"):
            services.count_poll(secretary, poll=poll)
    assert poll.published and poll.blt == blt and poll.result is None
    assert selectors.find_receipt(poll, receipt).marks == [2]


def test_the_timetable_tasks_pass_over_a_cancelled_poll(voting, secretary, timetable):
    with timetable.during_voting():
        services.cancel_poll(secretary, poll=voting, reason=REASON)
    with clock.frozen_at(timetable.closes - timedelta(hours=1)):
        assert due_reminders() == 0
    with timetable.after_voting():
        assert due_closes() == 0
    voting.refresh_from_db()
    assert voting.status == Poll.Status.CANCELLED


def test_a_members_ballot_in_draft_can_be_cancelled_and_takes_no_statements(
        secretary, organisation, voters):
    referendum = services.create_referendum(
        secretary, organisation=organisation, question="Should we move the office?",
        proposal="That the office moves to Eastbrook.",
    )
    services.cancel_poll(secretary, poll=referendum.poll, reason="Withdrawn by the proposers.")
    referendum.poll.refresh_from_db()
    with pytest.raises(Conflict, match="This members' ballot was cancelled on"):
        services.write_statement(voters[0], referendum=referendum, side="for", text="Yes.")
    assert not Task.objects.filter(poll=referendum.poll).exists()  # the roll was never told


@pytest.fixture
def voter_client(client, voters):
    client.force_login(voters[8].user)
    return client


def test_officer_proposes_from_the_poll_page_and_a_second_officer_confirms(
        voting, voters, officer_client, chair, timetable):
    from openassembly.accounts.models import SensitiveAction

    with timetable.during_voting():
        services.cast_ballot(voters[0], poll=voting, marks=[1])
        page = officer_client.get(url("poll", voting)).content.decode()
        assert url("cancel", voting) in page
        form = officer_client.get(url("cancel", voting)).content.decode()
        assert "destroyed unread" in form and "needs two officers" in form
        empty = officer_client.post(url("cancel", voting), {"reason": ""})
        assert empty.status_code == 400
        response = officer_client.post(url("cancel", voting), {"reason": REASON})
        assert response.status_code == 303
        action = SensitiveAction.objects.get(kind="cancel-poll")
        # Proposed, not done: voting goes on until a second officer confirms.
        voting.refresh_from_db()
        assert voting.status == "open" and action.status == "pending"
        decide = reverse("accounts:action_decide",
                         kwargs={"org": voting.organisation.slug, "pk": action.pk})
        # The proposer cannot confirm: back on the list, the reason at the top by the action.
        refused = officer_client.post(decide, {"decision": "confirm"})
        assert refused.status_code == 403 and "There is a problem" in refused.content.decode()
        assert f'href="#action-{action.pk}"' in refused.content.decode()
        assert login(chair).post(decide, {"decision": "confirm"}).status_code == 303
        page = officer_client.get(url("poll", voting)).content.decode()
    assert "<h2 id=\"cancelled-h\">Cancelled</h2>" in page
    assert "Eastbrook group&#x27;s members" in page
    assert "by Sec Retary, returning officer, confirmed by Chair Person" in page
    assert "1 ballot had been cast, and 1 member marked as having voted" in page
    assert "destroyed unread" in page
    assert "The two are equal" in page
    assert url("cancel", voting) not in page
    event = LedgerEvent.objects.get(kind="poll.cancelled")
    assert event.actor == "Sec Retary and Chair Person"
    assert not Ballot.objects.filter(poll=voting).exists()


def test_a_cancellation_cannot_be_proposed_for_a_declared_result_or_confirmed_after_one(
        voting, voters, secretary, chair, timetable):
    from openassembly.accounts.models import SensitiveAction
    from openassembly.accounts.services import confirm_sensitive_action

    with timetable.during_voting():
        services.cast_ballot(voters[0], poll=voting, marks=[1])
        action = services.propose_cancellation(secretary, poll=voting, reason=REASON)
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=voting)
        services.declare_result(secretary, poll=services.count_poll(secretary, poll=poll))
        with pytest.raises(Conflict, match="declared result cannot be cancelled"):
            confirm_sensitive_action(chair, organisation=voting.organisation,
                                     action_id=action.pk)
        with pytest.raises(Conflict, match="declared result cannot be cancelled"):
            services.propose_cancellation(secretary, poll=voting, reason=REASON)
    assert SensitiveAction.objects.get(pk=action.pk).status == "pending"
    assert Poll.objects.get(pk=voting.pk).status == "declared"


def test_a_member_cannot_cancel(voting, voter_client, timetable):
    with timetable.during_voting():
        assert voter_client.get(url("cancel", voting)).status_code == 403
        assert voter_client.post(url("cancel", voting), {"reason": REASON}).status_code == 403
    voting.refresh_from_db()
    assert voting.status == Poll.Status.OPEN


def test_ballot_paper_and_receipt_check_of_a_cancelled_poll_say_so(voting, voter_client,
                                                                    secretary, timetable):
    with timetable.during_voting():
        services.cancel_poll(secretary, poll=voting, reason=REASON)
        paper = voter_client.get(url("vote", voting)).content.decode()
        refused = voter_client.post(url("vote", voting),
                                    paper_data(voting, list(selectors.choices_of(voting)), [1]))
        receipt = voter_client.get(url("receipt", voting)).content.decode()
    assert "Voting is not open: this ballot is cancelled." in paper
    assert refused.status_code == 409
    assert not Ballot.objects.filter(poll=voting).exists()
    assert "the ballots cast were destroyed unread" in receipt


def test_the_cancellation_and_its_reason_are_on_the_public_ledger(nominated, secretary, client,
                                                                   timetable):
    with timetable.after_nominations():
        services.cancel_poll(secretary, poll=nominated.poll, reason=REASON)
    page = client.get(reverse("record:ledger", kwargs={"org": "commonweal"})).content.decode()
    assert "poll.cancelled" in page and "Eastbrook group" in page
    index = client.get(reverse("ballots:index", kwargs={"org": "commonweal"})).content.decode()
    assert "cancelled" in index
