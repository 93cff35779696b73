"""Ballot mail and the timetable, carried out by the worker: notices, reminders, results,
closing on time; with progress and a record of who was written to."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.core import mail
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse

from openassembly.ballots import services
from openassembly.ballots.models import Poll, Task, TaskDelivery
from openassembly.core import clock
from openassembly.core.models import LedgerEvent
from openassembly.mail import runs


def test_opening_queues_mail_that_the_worker_sends_to_the_roll_with_progress(
        voting, voters, secretary, work):
    task = Task.objects.get(poll=voting, kind=Task.Kind.BALLOT_OPEN)
    assert task.status == Task.Status.QUEUED and task.started_by == secretary
    assert not mail.outbox  # nothing is sent inside the request
    work()
    task.refresh_from_db()
    assert (task.status, task.total, task.done, task.percent) == (Task.Status.DONE, 9, 9, 100)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(v.email for v in voters)
    assert "Voting is open" in mail.outbox[0].subject
    assert f"http://127.0.0.1:8000/o/{voting.organisation.slug}/polls/{voting.pk}/vote/" in (
        mail.outbox[0].body)
    assert set(TaskDelivery.objects.filter(run=task).values_list("member_id", "status")) == {
        (v.pk, "sent") for v in voters}


def test_links_in_mail_come_from_site_url(voting, voters, work, settings):
    settings.SITE_URL = "https://alliance.example.org/"
    work()
    assert f"https://alliance.example.org/o/{voting.organisation.slug}/polls/{voting.pk}/vote/" \
        in mail.outbox[0].body


def test_a_reminder_reaches_every_voter_who_has_not_voted_once(voting, voters, secretary,
                                                               timetable, work):
    work()
    mail.outbox.clear()
    with timetable.during_voting():
        for voter in voters[:3]:
            services.cast_ballot(voter, poll=voting, marks=[1])
        services.send_reminder(secretary, poll=voting)
        work()
        work()  # a second pass of the worker finds nothing more to send
    counts = Counter(m.to[0] for m in mail.outbox)
    assert counts == Counter(v.email for v in voters[3:])
    for message in mail.outbox:
        assert "You have not yet voted" in message.body
        assert voters[0].name not in message.body


def test_the_tick_enqueues_the_constitutions_reminder_once_before_the_close(
        voting, voters, timetable, work):
    work()
    mail.outbox.clear()
    with clock.frozen_at(timetable.closes - timedelta(days=3)):
        call_command("tick", verbosity=0)
        assert "remind_voters" not in work()
    with clock.frozen_at(timetable.closes - timedelta(days=1)):
        call_command("tick", verbosity=0)
        call_command("tick", verbosity=0)  # the worker is behind: not enqueued twice
        work()
        call_command("tick", verbosity=0)  # reminded already: nothing more is enqueued
        work()
    assert Task.objects.filter(poll=voting, kind=Task.Kind.REMINDER, started_by=None).count() == 1
    assert Counter(m.to[0] for m in mail.outbox) == Counter(v.email for v in voters)


def test_the_tick_and_worker_send_the_result(voting, voters, secretary, timetable, work):
    with timetable.during_voting():
        services.cast_ballot(voters[0], poll=voting, marks=[1, 2])
    with timetable.after_voting():
        poll = services.count_poll(secretary, poll=services.close_voting(secretary, poll=voting))
        services.declare_result(secretary, poll=poll)
    mail.outbox.clear()
    assert work().count("send_poll_mail") == 2  # the notice of opening and the result
    results = [m for m in mail.outbox if m.subject.startswith("Result declared")]
    assert len(results) == 9
    assert "Elected:" in results[0].body


def test_a_poll_past_its_close_is_closed_by_the_tick_and_the_worker(voting, voters, timetable,
                                                                    work, capsys):
    with timetable.during_voting():
        services.cast_ballot(voters[0], poll=voting, marks=[1])
        call_command("tick")
        work()
    voting.refresh_from_db()
    assert voting.status == Poll.Status.OPEN
    with timetable.after_voting():
        call_command("tick")
        assert "polls closed: 1" in capsys.readouterr().out
        voting.refresh_from_db()
        assert voting.status == Poll.Status.OPEN  # the tick only enqueues
        work()
    voting.refresh_from_db()
    assert voting.status == Poll.Status.CLOSED and voting.ballots_count == 1
    assert LedgerEvent.objects.get(kind="poll.closed").actor == "the timetable"


class KilledOnThirdMessage(BaseEmailBackend):
    """A mail server connection whose worker dies (as under SIGKILL) handing over the third
    message: not an ``Exception``, so nothing in the run gets to record the end."""

    def send_messages(self, messages):
        if len(mail.outbox) == 2:
            raise KeyboardInterrupt
        mail.outbox.extend(messages)
        return len(messages)


def test_an_interrupted_mail_run_resumes_without_writing_to_anyone_twice(
        voting, voters, timetable, work, monkeypatch, officer_client):
    run = Task.objects.get(poll=voting, kind=Task.Kind.BALLOT_OPEN)
    monkeypatch.setattr(runs, "CHUNK", 2)
    with timetable.during_voting():
        monkeypatch.setattr(runs, "get_connection", lambda backend=None: KilledOnThirdMessage())
        work()
        run.refresh_from_db()
        assert (run.status, run.done) == (Task.Status.RUNNING, 2)
        call_command("tick", verbosity=0)  # its worker may still be alive: left alone
        assert "send_poll_mail" not in work()
    monkeypatch.setattr(runs, "get_connection", get_connection)  # a worker that lives
    with clock.frozen_at(timetable.opens + timedelta(hours=1) + runs.LEASE + timedelta(minutes=1)):
        call_command("tick", verbosity=0)
        assert "send_poll_mail" in work()
    run.refresh_from_db()
    counts = Counter(m.to[0] for m in mail.outbox)
    in_flight = TaskDelivery.objects.get(run=run, status=TaskDelivery.Status.SENDING).member
    assert counts == Counter(v.email for v in voters if v != in_flight)
    assert (run.status, run.done, run.total) == (Task.Status.DONE, 8, 9)
    page = officer_client.get(reverse("ballots:task", kwargs={
        "org": voting.organisation.slug, "pk": run.pk})).content.decode()
    assert "8 of 9 sent. 1 not known" in page
