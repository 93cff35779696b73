"""Notice is given when it reaches the members: calling a meeting mails every member of the
body in the background, and the compliance record checks the notice was sent in time."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.urls import reverse

from openassembly.core.compliance import compliance
from openassembly.core.models import LedgerEvent
from openassembly.meetings import services
from openassembly.meetings.models import Mailing, MailingDelivery
from openassembly.meetings.tests.test_pages import login


def _check(organisation, key, now):
    return next(c for c in compliance(organisation, now) if c.key == key)


def _call(organisation, secretary, body, starts_at):
    return services.call_meeting(secretary, organisation=organisation, body=body,
                                 title="Coordinating Group, spring", starts_at=starts_at,
                                 place="Hall", agenda=[("Campaign plan", "")])


def test_calling_a_meeting_mails_its_notice_to_every_member_of_the_body(
        organisation, secretary, member, group_members, body_of, travel, now, work):
    travel.to(now)
    people = group_members(5)
    meeting = _call(organisation, secretary, body_of("coordinating-group"),
                    now + timedelta(days=8))
    run = Mailing.objects.get(meeting=meeting, kind="notice")
    assert (run.status, run.started_by) == (Mailing.Status.QUEUED, secretary)
    assert mail.outbox == []  # not in the request: the body may be all members
    pending = _check(organisation, "notice-sent", now).findings
    assert pending[0].ok and pending[0].at_risk
    assert "send_meeting_mail" in work()
    sent = sorted(address for message in mail.outbox for address in message.to)
    assert sent == sorted(p.email for p in people)  # the group's members, not the member
    assert "notice of Coordinating Group, spring" in mail.outbox[0].subject
    assert "Campaign plan" in mail.outbox[0].body and "Rule 6.2" in mail.outbox[0].body
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == (Mailing.Status.DONE, 5, 5)
    assert set(MailingDelivery.objects.filter(run=run).values_list("status", flat=True)) == {
        "sent"}
    event = LedgerEvent.objects.get(kind="meeting.mailed")
    assert (event.data["what"], event.data["sent"], event.data["of"]) == ("notice", 5, 5)
    finding = _check(organisation, "notice-sent", now).findings[0]
    assert finding.ok and not finding.at_risk and "Notice sent to 5 of 5" in finding.reason
    # The officer sees the progress and who it reached; other members see the count.
    page = login(secretary).get(reverse("meetings:meeting", kwargs={
        "org": organisation.slug, "pk": meeting.pk})).content.decode()
    assert "sent to 5 of 5 members" in page and "Who the notice reached" in page
    assert people[0].name in page


def test_notice_dated_but_never_delivered_is_a_breach(organisation, secretary, body_of, travel,
                                                      now):
    travel.to(now)
    meeting = _call(organisation, secretary, body_of("organising-group"), now + timedelta(days=8))
    # No worker ran: when the notice was due (seven days before), it had not gone out.
    late = now + timedelta(days=2)
    breach = _check(organisation, "notice-sent", late).breaches
    assert len(breach) == 1 and "still being sent" in breach[0].reason
    assert breach[0].rule == "6.2"
    Mailing.objects.filter(meeting=meeting).delete()
    breach = _check(organisation, "notice-sent", now).breaches
    assert "No notice was sent" in breach[0].reason and "only dated" in breach[0].reason


def test_a_failed_notice_run_is_a_breach(organisation, secretary, body_of, travel, now):
    from openassembly.meetings import tasks

    travel.to(now)
    meeting = _call(organisation, secretary, body_of("organising-group"), now + timedelta(days=8))
    run = tasks.carry_out(Mailing.objects.get(meeting=meeting).pk,
                          email_backend="no.such.Backend")
    assert run.status == Mailing.Status.FAILED
    breach = _check(organisation, "notice-sent", now).breaches
    assert len(breach) == 1 and "failed" in breach[0].reason


def test_circulating_a_group_paper_mails_it_to_the_group(organisation, secretary, chair,
                                                         body_of, travel, now, work):
    travel.to(now)
    meeting = _call(organisation, secretary, body_of("organising-group"), now + timedelta(days=8))
    work()
    mail.outbox.clear()
    services.circulate_paper(chair, meeting=meeting, title="Budget", markdown="Figures.")
    assert "send_meeting_mail" in work()
    assert sorted(a for m in mail.outbox for a in m.to) == sorted([secretary.email, chair.email])
    assert "paper for Coordinating Group, spring: Budget" in mail.outbox[0].subject
    assert LedgerEvent.objects.get(kind="paper.mailed").data["sent"] == 2
