"""The demo's meetings: `make demo` shows a full record, and the compliance page flags each
kind of breach."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse


def test_demo_meetings_fill_the_record_and_flag_every_breach(db):
    from openassembly.core.models import LedgerEvent
    from openassembly.demo.organisation import load_demo
    from openassembly.meetings import compliance
    from openassembly.meetings.models import Division, Meeting, Minutes

    organisation = load_demo(members_count=120)
    assert Meeting.objects.filter(organisation=organisation).count() == 7
    results = sorted((d.votes_for, d.against, d.abstain) for d in Division.objects.all())
    assert results == [(6, 3, 1), (7, 2, 1), (8, 5, 0), (9, 5, 1)]
    # The last meeting held and closed (the urgent one) has its draft minutes published within
    # rule 6.5's fortnight, by its minute-taker, on the ledger; the minutes breach comes from
    # an older meeting, the Coordinating Group's winter one, whose minutes never came.
    last = (Meeting.objects.filter(organisation=organisation, status=Meeting.Status.CLOSED)
            .latest("starts_at"))
    assert last.title == "Coordinating Group, urgent"
    assert last.minutes.status == Minutes.Status.PUBLISHED
    assert last.minutes.published_by == last.minute_taker
    assert LedgerEvent.objects.filter(kind="minutes.published", data__meeting=last.pk).exists()
    assert set(Minutes.objects.values_list("meeting__title", flat=True)) == {
        "Coordinating Group, urgent", "Organising Group, spring"}
    breaches = {c.key: c.breaches for c in compliance.compliance(organisation)}
    assert [f.subject.split(" (")[0] for f in breaches["minutes"]] == [
        "Coordinating Group, winter"]
    assert all(breaches[key] for key in ("meetings", "papers", "minutes", "actions", "terms",
                                         "requisitions")), {k: len(v) for k, v in breaches.items()}
    assert [f.subject for f in breaches["meetings"]] == ["Conference"]
    checks = {c.key: c for c in compliance.compliance(organisation)}
    # The urgent meeting and the officers' joint cancellation are lawful, and shown as such;
    # every notice reached the members in time.
    assert breaches["notice"] == [] and checks["notice"].findings[0].reason.startswith("Lawful")
    assert breaches["cancellations"] == [] and len(checks["cancellations"].findings) == 1
    assert breaches["notice-sent"] == [], breaches["notice-sent"]
    assert "the members who signed called it themselves" in breaches["requisitions"][0].reason
    requisitioned = Meeting.objects.get(requisition__isnull=False)
    assert requisitioned.called_under.startswith("on requisition")
    page = Client().get(reverse("meetings:compliance", kwargs={"org": organisation.slug}))
    assert page.status_code == 200 and "Rule 6.3 allows an urgent meeting" in page.content.decode()


def test_demo_has_a_meeting_in_session_the_chair_can_run(db):
    from openassembly.demo.organisation import SECOND_OFFICER_EMAIL, load_demo
    from openassembly.meetings import constitution, selectors
    from openassembly.meetings.models import Meeting, Motion
    from openassembly.members.models import Member

    organisation = load_demo(members_count=120)
    sitting = Meeting.objects.get(organisation=organisation, status=Meeting.Status.OPEN)
    chair = Member.objects.get(organisation=organisation, email=SECOND_OFFICER_EMAIL)
    assert sitting.chair == chair
    who = selectors.viewer(sitting, chair)
    assert who.present and who.voting_member
    console = selectors.console(sitting, who)
    assert console.quorum.ok and console.present >= 5
    motion = Motion.objects.get(meeting=sitting, kind=Motion.Kind.SUBSTANTIVE)
    amendment = Motion.objects.get(meeting=sitting, kind=Motion.Kind.AMENDMENT)
    assert motion.status == amendment.status == Motion.Status.SECONDED
    assert amendment.parent == motion and console.queue
    # Everyone marked present sits on the body today: the attendance agrees with its seats.
    voters = constitution.voting_members(sitting.body)
    assert all(a.member_id in voters for a in sitting.attendance.all())
    client = Client()
    client.force_login(chair.user)
    from openassembly.accounts.middleware import mark_second_factor_passed

    session = client.session
    mark_second_factor_passed(session)
    session.save()
    page = client.get(reverse("meetings:console", kwargs={"org": organisation.slug,
                                                          "pk": sitting.pk}))
    assert page.status_code == 200
    assert "Campaign for fair bus fares" in page.content.decode()
