"""Background mail: open, reminders to those who have not voted, results; with progress."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.core.management import call_command

from openassembly.ballots import services
from openassembly.ballots.models import Task
from openassembly.ballots.tasks import process_tasks, schedule_reminders
from openassembly.core import clock


def test_opening_queues_mail_to_the_roll_with_progress(voting, voters, secretary):
    task = Task.objects.get(poll=voting, kind=Task.Kind.BALLOT_OPEN)
    assert task.status == Task.Status.QUEUED and task.started_by == secretary
    assert process_tasks() == 1
    task.refresh_from_db()
    assert (task.status, task.total, task.done, task.percent) == (Task.Status.DONE, 9, 9, 100)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(v.email for v in voters)
    assert "Voting is open" in mail.outbox[0].subject
    assert f"/polls/{voting.pk}/vote/" in mail.outbox[0].body


def test_reminder_goes_only_to_those_who_have_not_voted(voting, voters, secretary, timetable):
    process_tasks()
    mail.outbox.clear()
    with timetable.during_voting():
        for voter in voters[:3]:
            services.cast_ballot(voter, poll=voting, marks=[1])
        services.send_reminder(secretary, poll=voting)
    process_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(v.email for v in voters[3:])
    for message in mail.outbox:
        assert "You have not yet voted" in message.body
        assert voters[0].name not in message.body


def test_reminders_are_queued_once_before_the_close(voting, timetable):
    with clock.frozen_at(timetable.closes - timedelta(days=3)):
        assert schedule_reminders() == 0
    with clock.frozen_at(timetable.closes - timedelta(days=1)):
        assert schedule_reminders() == 1
        assert schedule_reminders() == 0
    assert Task.objects.filter(poll=voting, kind=Task.Kind.REMINDER, started_by=None).count() == 1


def test_run_tasks_command_sends_the_result(voting, voters, secretary, timetable, capsys):
    with timetable.during_voting():
        services.cast_ballot(voters[0], poll=voting, marks=[1, 2])
    with timetable.after_voting():
        poll = services.count_poll(secretary, poll=services.close_voting(secretary, poll=voting))
        services.declare_result(secretary, poll=poll)
    mail.outbox.clear()
    call_command("run_tasks", "--once")
    assert "tasks run: 2" in capsys.readouterr().out
    results = [m for m in mail.outbox if m.subject.startswith("Result declared")]
    assert len(results) == 9
    assert "Elected:" in results[0].body


def test_run_tasks_closes_voting_at_the_published_time(voting, voters, timetable, capsys):
    from openassembly.ballots.models import Poll

    with timetable.during_voting():
        services.cast_ballot(voters[0], poll=voting, marks=[1])
        call_command("run_tasks", "--once")
    voting.refresh_from_db()
    assert voting.status == Poll.Status.OPEN
    with timetable.after_voting():
        call_command("run_tasks", "--once")
    assert "polls closed: 1" in capsys.readouterr().out
    voting.refresh_from_db()
    assert voting.status == Poll.Status.CLOSED and voting.ballots_count == 1
    from openassembly.core.models import LedgerEvent

    assert LedgerEvent.objects.get(kind="poll.closed").actor == "the timetable"
