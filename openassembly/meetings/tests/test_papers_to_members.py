"""Papers of a body whose rule sends them to every member: circulated, mailed, readable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from openassembly.core import mailruns
from openassembly.core.models import LedgerEvent
from openassembly.meetings import services, tasks
from openassembly.meetings.models import Mailing
from openassembly.meetings.tests.test_pages import act, login
from openassembly.members.models import Member


@pytest.fixture
def conference(organisation, secretary, chair, member, body_of, travel, now):
    """Conference (papers to every member under rule 9.1), called 30 days ahead."""
    travel.to(now)
    return services.call_meeting(secretary, organisation=organisation, body=body_of("conference"),
                                 title="Annual conference", starts_at=now + timedelta(days=30),
                                 place="Town Hall", agenda=[("Strategy", "")])


def _circulate(secretary, meeting, **extra):
    return services.circulate_paper(secretary, meeting=meeting, item=meeting.items.get(),
                                    title="Strategy for the year", markdown="# Strategy\n\nGrow.",
                                    **extra)


def test_conference_paper_goes_to_every_member_with_its_time_and_rule(conference, secretary,
                                                                      now):
    version = _circulate(secretary, conference)
    assert (version.members_rule, version.members_circulated_at) == ("9.1", now)
    assert version.circulated_to == "the members of the body and every member"
    event = LedgerEvent.objects.filter(kind="paper.circulated").get()
    assert event.data["to_members"] is True and event.data["members_rule"] == "9.1"
    # Queued, not sent inside the request: the roll may be 100,000 members.
    mailing = Mailing.objects.get()
    assert (mailing.status, mailing.paper_version, mailing.started_by) == (
        Mailing.Status.QUEUED, version, secretary)
    assert mail.outbox == []


def test_group_papers_stay_with_the_group(organisation, secretary, body_of, travel, now):
    travel.to(now)
    meeting = services.call_meeting(secretary, organisation=organisation,
                                    body=body_of("organising-group"), title="OG",
                                    starts_at=now + timedelta(days=8), place="Hall",
                                    agenda=[("Budget", "")])
    version = services.circulate_paper(secretary, meeting=meeting, title="Budget",
                                       markdown="Figures.")
    assert (version.members_rule, version.members_circulated_at) == ("", None)
    assert version.circulated_to == "the members of the body"
    assert not Mailing.objects.exists()
    assert LedgerEvent.objects.get(kind="paper.circulated").data["to_members"] is False


def test_the_runner_mails_every_active_member_in_chunks(conference, secretary, chair, member,
                                                        make_person, monkeypatch):
    others = [make_person(f"Member {i}", f"m{i}@example.org") for i in range(4)]
    lapsed = make_person("Lapsed Member", "lapsed@example.org")
    Member.objects.filter(pk=lapsed.pk).update(status=Member.Status.LAPSED)
    Member.objects.filter(pk=others[0].pk).update(email="")
    monkeypatch.setattr(mailruns, "CHUNK", 2)
    version = _circulate(secretary, conference, base_url="https://alliance.example.org/")
    assert tasks.process_mailings() == 1
    assert tasks.process_mailings() == 0
    sent = sorted(address for message in mail.outbox for address in message.to)
    expected = sorted([secretary.email, chair.email, member.email] + [p.email for p in others[1:]])
    assert sent == expected
    message = mail.outbox[0]
    assert "Strategy for the year" in message.subject
    assert "rule 9.1" in message.body
    assert (f"https://alliance.example.org/o/{conference.organisation.slug}/meetings/"
            f"{conference.pk}/papers/{version.paper_id}/v1/") in message.body
    mailing = Mailing.objects.get()
    assert (mailing.status, mailing.done, mailing.total) == (Mailing.Status.DONE, 6, 6)
    event = LedgerEvent.objects.get(kind="paper.mailed")
    assert event.data == {"meeting": conference.pk, "paper": version.paper_id, "version": 1,
                          "sent": 6, "of": 6, "status": "done"}


def test_a_failed_run_is_recorded_not_lost(conference, secretary):
    _circulate(secretary, conference)
    run = tasks.run_mailing(Mailing.objects.get().pk, email_backend="no.such.Backend")
    assert run is not None and run.status == Mailing.Status.FAILED
    assert "ModuleNotFoundError" in run.error
    assert LedgerEvent.objects.get(kind="paper.mailed").data["status"] == "failed"
    assert tasks.run_mailing(run.pk) is None  # a failed run is not claimed twice


def test_a_run_that_fails_midway_records_what_was_sent(conference, secretary, monkeypatch):
    class FailsOnTheSecondChunk:
        sent = 0

        def send_messages(self, messages):
            if self.sent:
                raise ConnectionError("the mail server went away")
            self.sent += len(messages)

    monkeypatch.setattr(mailruns, "CHUNK", 2)
    monkeypatch.setattr(mailruns, "get_connection", lambda backend=None: FailsOnTheSecondChunk())
    _circulate(secretary, conference)
    run = tasks.run_mailing(Mailing.objects.get().pk)
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == (Mailing.Status.FAILED, 2, 3)
    assert run.error == "ConnectionError: the mail server went away"
    assert LedgerEvent.objects.get(kind="paper.mailed").data["sent"] == 2


def test_inline_mode_sends_after_commit(conference, secretary, settings,
                                        django_capture_on_commit_callbacks):
    settings.OPENASSEMBLY_TASKS_INLINE = True
    with django_capture_on_commit_callbacks(execute=True):
        _circulate(secretary, conference)
    assert Mailing.objects.get().status == Mailing.Status.DONE
    assert len(mail.outbox) == Member.objects.filter(status="active").count()


def test_members_read_the_paper_and_the_record_shows_the_circulation(conference, secretary,
                                                                     member):
    officer = login(secretary)
    response = act(officer, conference, "paper", item=conference.items.get().pk,
                   title="Strategy for the year", markdown="# Strategy\n\nGrow.")
    assert response.status_code == 302
    version = Mailing.objects.get().paper_version
    tasks.process_mailings()
    assert "http://testserver/o/" in mail.outbox[0].body
    # An ordinary member, not a delegate to Conference, reads it from the link in the mail.
    page = login(member).get(reverse("meetings:paper", kwargs={
        "org": conference.organisation.slug, "pk": conference.pk, "paper_pk": version.paper_id,
        "number": 1}))
    text = page.content.decode()
    assert page.status_code == 200 and "<h1>Strategy</h1>" in text
    assert "Circulated to every member of" in text and "as rule 9.1 requires" in text
    assert "Mail to members: sent (3 of 3, finished" in text
    meeting_page = login(member).get(reverse("meetings:meeting", kwargs={
        "org": conference.organisation.slug, "pk": conference.pk})).content.decode()
    assert "to every member (rule 9.1)" in meeting_page


def test_the_run_tasks_command_sends_queued_paper_mail(conference, secretary, capsys):
    from django.core.management import call_command

    _circulate(secretary, conference)
    call_command("run_tasks", "--once")
    assert "paper mailings run: 1" in capsys.readouterr().out
    assert Mailing.objects.get().status == Mailing.Status.DONE
    assert secretary.email in {address for message in mail.outbox for address in message.to}
