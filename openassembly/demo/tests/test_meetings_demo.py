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
    assert Meeting.objects.filter(organisation=organisation).count() == 3
    results = sorted((d.votes_for, d.against, d.abstain) for d in Division.objects.all())
    assert results == [(6, 3, 1), (8, 5, 0), (9, 5, 1)]
    assert Minutes.objects.get().status == Minutes.Status.PUBLISHED
    breaches = {c.key: c.breaches for c in compliance.compliance(organisation)}
    assert all(breaches[key] for key in ("meetings", "notice", "papers", "minutes", "actions",
                                         "terms")), {k: len(v) for k, v in breaches.items()}
    assert [f.subject for f in breaches["meetings"]] == ["Conference"]
    page = Client().get(reverse("meetings:compliance", kwargs={"org": organisation.slug}))
    assert page.status_code == 200 and "Rule 6.3 allows an urgent meeting" in page.content.decode()
