"""A refused form keeps what was typed: an amendment moved out of order comes back on the
meeting page with both texts in their boxes, the reason by the field, and an error summary
that takes the focus without any script of ours."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_meetings_whole import _delegate, _sign_in, founded  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_refused_amendment_keeps_the_typed_words(founded, live_server, new_page):  # noqa: F811
    from openassembly.bodies.models import Body
    from openassembly.core import clock
    from openassembly.meetings import services
    from openassembly.meetings.models import Motion
    from tests.browser.helpers import officer

    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=10)
    with clock.frozen_at(start - timedelta(days=8)):
        chair, _ = officer(founded, "organising-group", "secretary", "sec@example.org")
        ada = _delegate(founded, "Ada Abbot", "ada@example.org")
        bram = _delegate(founded, "Bram Bryn", "bram@example.org")
        body = Body.objects.get(organisation=founded, key="coordinating-group")
        meeting = services.call_meeting(
            chair, organisation=founded, body=body,
            title="Coordinating Group, spring", starts_at=start, place="Hall", chair=chair,
            agenda=[("Campaign plan", "The plan for the year.")],
        )
    with clock.frozen_at(start):
        meeting = services.open_meeting(chair, meeting=meeting)
        for person in (ada, bram):
            services.attend(person, meeting=meeting, mode="in-person")
        motion = services.move_motion(ada, item=meeting.items.get(), title="March",
                                      text="We will march in Leeds in May.")
        services.second_motion(bram, motion=motion)

        page = new_page()
        path = f"/o/{founded.slug}/meetings/{meeting.pk}/"
        _sign_in(page, live_server.url, "bram@example.org", path)
        page.get_by_text("Amend motion 1").click()
        page.get_by_label("Leave out these words").fill("in Bradford")
        page.get_by_label("Insert these words").fill("in Bradford and Hull")
        page.get_by_role("button", name="Move the amendment").click()

        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("There is a problem")
        expect(summary).to_contain_text("must appear exactly once")
        # The summary has the focus, so a screen reader reads it first.
        expect(page.locator(".error-summary")).to_be_focused()
        # Still on the meeting page, the amendment's box open, and nothing typed is lost.
        expect(page.get_by_role("heading", name="Coordinating Group, spring")).to_be_visible()
        expect(page.get_by_label("Leave out these words")).to_have_value("in Bradford")
        expect(page.get_by_label("Insert these words")).to_have_value("in Bradford and Hull")
        expect(page.locator(".field-error").first).to_contain_text("must appear exactly once")
        # The summary's link goes to the field to fix.
        page.get_by_role("link", name="must appear exactly once").click()
        assert page.url.endswith(f"#amend{motion.pk}-delete_text")
        # Put right, it goes through.
        page.get_by_label("Leave out these words").fill("in Leeds")
        page.get_by_role("button", name="Move the amendment").click()
        expect(page.get_by_role("status")).to_contain_text("moved; it needs a seconder")
    assert Motion.objects.filter(kind="amendment").count() == 1
