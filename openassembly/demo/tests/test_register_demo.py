"""The demo's dues: a dues record for every member, some in grace, a lapse on the record, and
every page counting the same roll."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse


def test_demo_dues_leave_members_in_grace_and_a_lapse_on_the_record(db):
    from openassembly.ballots.models import Poll, RollEntry
    from openassembly.core import clock
    from openassembly.core.compliance import compliance
    from openassembly.core.ledger import verify_organisation
    from openassembly.core.models import LedgerEvent
    from openassembly.demo.organisation import load_demo
    from openassembly.members.models import Member, StandingChange

    organisation = load_demo(members_count=120)
    today = clock.today()
    members = Member.objects.filter(organisation=organisation)
    active = members.filter(status=Member.Status.ACTIVE)
    lapsed = members.filter(status=Member.Status.LAPSED)
    assert lapsed.count() == 4 and not lapsed.exclude(dues_paid_to=None).exists()
    assert not active.filter(dues_paid_to=None).exists()  # every active member has a record
    assert not active.filter(dues_paid_to__lt=today - timedelta(days=60)).exists()
    in_grace = active.filter(dues_paid_to__lt=today)
    assert in_grace.count() == 3
    event = LedgerEvent.objects.get(organisation=organisation, kind="members.lapsed")
    assert (event.data["count"], event.data["on"]) == (4, today.isoformat())
    assert StandingChange.objects.filter(cause="lapsed").count() == 4
    # A lapsed member is on no roll the demo fixed.
    assert not RollEntry.objects.filter(member__in=lapsed).exists()
    live = Poll.objects.get(organisation=organisation, kind=Poll.Kind.REFERENDUM)
    assert live.roll_size <= active.count()
    lapsing = next(c for c in compliance(organisation) if c.key == "lapsing")
    assert not lapsing.breaches
    assert [f.subject for f in lapsing.findings] == [
        "3 members in arrears", f"4 members lapsed on {today:%-d %B %Y}"]
    client = Client()
    home = client.get(reverse("record:home", kwargs={"org": organisation.slug}))
    assert f"{active.count()} active members" in home.content.decode()
    data = client.get(reverse("record:open_data_json", kwargs={"org": organisation.slug})).json()
    assert data["membership"]["active"] == active.count()
    page = client.get(reverse("meetings:compliance", kwargs={"org": organisation.slug}))
    text = page.content.decode()
    assert "4 members lapsed on" in text and "3 members in arrears" in text
    for person in lapsed:
        assert person.name not in text
    assert verify_organisation(organisation).ok
