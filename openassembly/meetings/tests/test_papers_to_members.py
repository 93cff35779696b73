"""Papers of a body whose rule sends them to every member: circulated, mailed, readable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse

from openassembly.core.models import LedgerEvent
from openassembly.mail import runs
from openassembly.meetings import services, tasks
from openassembly.meetings.models import Mailing, MailingDelivery
from openassembly.meetings.tests.test_pages import act, login
from openassembly.members.models import Member


@pytest.fixture
def conference(organisation, secretary, chair, member, body_of, travel, now, work):
    """Conference (papers to every member under rule 9.1), called 30 days ahead; its notice
    sent already (to its delegates), so the mail below is the papers'."""
    travel.to(now)
    meeting = services.call_meeting(secretary, organisation=organisation,
                                    body=body_of("conference"), title="Annual conference",
                                    starts_at=now + timedelta(days=30), place="Town Hall",
                                    agenda=[("Strategy", "")])
    assert "send_meeting_mail" in work()
    mail.outbox.clear()
    return meeting


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
    mailing = Mailing.objects.get(kind="paper")
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
    # Circulating is sending: the group's members are mailed the paper, nobody else.
    assert not Mailing.objects.filter(kind="paper").exists()
    run = Mailing.objects.get(kind="body_paper")
    assert (run.paper_version, run.meeting) == (version, meeting)
    assert list(tasks.recipients(run)) == [secretary]
    assert LedgerEvent.objects.get(kind="paper.circulated").data["to_members"] is False


def test_the_worker_mails_every_active_member_in_chunks(conference, secretary, chair, member,
                                                        make_person, monkeypatch, settings,
                                                        work):
    others = [make_person(f"Member {i}", f"m{i}@example.org") for i in range(4)]
    lapsed = make_person("Lapsed Member", "lapsed@example.org")
    Member.objects.filter(pk=lapsed.pk).update(status=Member.Status.LAPSED)
    Member.objects.filter(pk=others[0].pk).update(email="")
    monkeypatch.setattr(runs, "CHUNK", 2)
    settings.SITE_URL = "https://alliance.example.org"
    version = _circulate(secretary, conference)
    assert "send_meeting_mail" in work()
    assert "send_meeting_mail" not in work()
    sent = sorted(address for message in mail.outbox for address in message.to)
    expected = sorted([secretary.email, chair.email, member.email] + [p.email for p in others[1:]])
    assert sent == expected
    message = mail.outbox[0]
    assert "Strategy for the year" in message.subject
    assert "rule 9.1" in message.body
    assert (f"https://alliance.example.org/o/{conference.organisation.slug}/meetings/"
            f"{conference.pk}/papers/{version.paper_id}/v1/") in message.body
    mailing = Mailing.objects.get(kind="paper")
    assert (mailing.status, mailing.done, mailing.total) == (Mailing.Status.DONE, 6, 6)
    event = LedgerEvent.objects.get(kind="paper.mailed")
    assert event.data == {"meeting": conference.pk, "paper": version.paper_id, "version": 1,
                          "sent": 6, "of": 6, "status": "done"}


def test_a_failed_run_is_recorded_not_lost(conference, secretary):
    _circulate(secretary, conference)
    run = tasks.carry_out(Mailing.objects.get(kind="paper").pk, email_backend="no.such.Backend")
    assert run is not None and run.status == Mailing.Status.FAILED
    assert "ModuleNotFoundError" in run.error
    assert LedgerEvent.objects.get(kind="paper.mailed").data["status"] == "failed"
    assert tasks.carry_out(run.pk) is None  # a failed run is not taken twice


def test_a_run_that_fails_midway_records_what_was_sent(conference, secretary, monkeypatch):
    class FailsOnTheSecondChunk(BaseEmailBackend):
        sent = 0

        def send_messages(self, messages):
            if self.sent == 2:
                raise ConnectionError("the mail server went away")
            self.sent += len(messages)
            return len(messages)

    monkeypatch.setattr(runs, "CHUNK", 2)
    monkeypatch.setattr(runs, "get_connection", lambda backend=None: FailsOnTheSecondChunk())
    _circulate(secretary, conference)
    run = tasks.carry_out(Mailing.objects.get(kind="paper").pk)
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == (Mailing.Status.FAILED, 2, 3)
    assert run.error == "ConnectionError: the mail server went away"
    assert LedgerEvent.objects.get(kind="paper.mailed").data["sent"] == 2
    assert sorted(MailingDelivery.objects.filter(run=run).values_list("status", flat=True)) == [
        "failed", "sent", "sent"]


def test_a_rolled_back_circulation_leaves_no_task_for_the_worker(conference, secretary, work):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        _circulate(secretary, conference)
        raise RuntimeError("the request failed after the service")
    assert not Mailing.objects.filter(paper_version__isnull=False).exists()
    assert "send_meeting_mail" not in work() and mail.outbox == []


def test_members_read_the_paper_and_the_record_shows_the_circulation(conference, secretary,
                                                                     member, work):
    officer = login(secretary)
    response = act(officer, conference, "paper", item=conference.items.get().pk,
                   title="Strategy for the year", markdown="# Strategy\n\nGrow.")
    assert response.status_code == 303
    version = Mailing.objects.get(kind="paper").paper_version
    work()
    # Links come from SITE_URL, not from the host the officer's request happened to name.
    assert "http://127.0.0.1:8000/o/" in mail.outbox[0].body
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


def test_paper_mail_left_by_a_dead_worker_is_resumed_by_the_tick(conference, secretary, work,
                                                                 now, travel):
    _circulate(secretary, conference)
    mailing = Mailing.objects.get(kind="paper")
    # As a worker killed after its first recipient leaves it: running, one row, a lease.
    first = tasks.recipients(mailing).first()
    Mailing.objects.filter(pk=mailing.pk).update(status="running", lease_until=now)
    MailingDelivery.objects.create(run=mailing, member=first, status="sent", at=now)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()  # its task went with the worker
    travel.to(now + runs.LEASE + timedelta(minutes=1))
    call_command("tick", verbosity=0)
    work()
    mailing.refresh_from_db()
    assert (mailing.status, mailing.done, mailing.total) == (Mailing.Status.DONE, 3, 3)
    sent = [address for message in mail.outbox for address in message.to]
    assert first.email not in sent and len(sent) == 2
