"""The demo's meetings: `make demo` shows a full record, and the compliance page flags each
kind of breach."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse


def test_demo_meetings_fill_the_record_and_flag_every_breach(db):
    from openassembly.demo.organisation import load_demo
    from openassembly.meetings import compliance
    from openassembly.meetings.models import Division, Meeting, Minutes

    organisation = load_demo(members_count=120)
    assert Meeting.objects.filter(organisation=organisation).count() == 5
    results = sorted((d.votes_for, d.against, d.abstain) for d in Division.objects.all())
    assert results == [(6, 3, 1), (8, 5, 0), (9, 5, 1)]
    assert Minutes.objects.get().status == Minutes.Status.PUBLISHED
    breaches = {c.key: c.breaches for c in compliance.compliance(organisation)}
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
