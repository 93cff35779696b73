"""The chair's console in a real browser: a point of order raised from a member's phone
reaches it without a reload; closing a vote early asks first; attendance is ticked in bulk."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openassembly.core.actors import System

from .test_meetings_whole import _delegate, _sign_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def founded(transactional_db):
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    return create_organisation(System("tests"), constitution_text=examples.read("commonweal"))


def test_the_chair_runs_a_sitting_from_the_console(founded, live_server, new_page):
    from openassembly.core import clock
    from openassembly.meetings import services
    from openassembly.meetings.models import Attendance, Division, Meeting
    from tests.browser.helpers import officer

    base, org = live_server.url, founded.slug
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=10)
    with clock.frozen_at(start - timedelta(days=8)):
        chair_member, secret = officer(founded, "organising-group", "chair", "chair@example.org",
                                       name="Tobias Crane")
        ada = _delegate(founded, "Ada Abbot", "ada@example.org")
        bram = _delegate(founded, "Bram Bryn", "bram@example.org")
        _delegate(founded, "Cara Cole", "cara@example.org")
        from openassembly.bodies.models import Body

        meeting = services.call_meeting(
            chair_member, organisation=founded,
            body=Body.objects.get(organisation=founded, key="coordinating-group"),
            title="Coordinating Group, spring", starts_at=start, place="Hall",
            chair=chair_member, agenda=[("Campaign plan", "")])
    path = f"/o/{org}/meetings/{meeting.pk}/"

    with clock.frozen_at(start):
        services.open_meeting(chair_member, meeting=meeting)
        chair = new_page()
        # A loaded machine can be slow to serve the first page; the polls have their own waits.
        chair.set_default_timeout(30_000)
        _sign_in(chair, base, "chair@example.org", path + "attendance/",
                 code=pyotp.TOTP(secret).at(start))

        # Attendance for the whole body at once, from one checklist.
        chair.get_by_label("Ada Abbot: in person").check()
        chair.get_by_label("Bram Bryn: online").check()
        chair.get_by_label("Cara Cole: sent apologies").check()
        chair.get_by_role("button", name="Record attendance").click()
        expect(chair.get_by_role("status")).to_contain_text("Attendance recorded for 3 people")
        modes = dict(Attendance.objects.values_list("member__name", "mode"))
        assert modes == {"Ada Abbot": "in-person", "Bram Bryn": "online",
                         "Cara Cole": "apologies"}

        chair.goto(base + path + "console/")
        expect(chair.get_by_text("Quorum: 2 present")).to_be_visible()

        # Bram raises a point of order from his phone; the console shows it without a reload.
        home = new_page()
        home.set_default_timeout(30_000)
        _sign_in(home, base, "bram@example.org", path + "live/")
        home.get_by_label("Your point of order").fill("The paper came late.")
        home.get_by_role("button", name="Raise a point of order").click()
        expect(home.get_by_role("status")).to_contain_text("Your point of order is with the chair.")
        waiting = chair.get_by_role("region", name=re.compile("awaiting your ruling"))
        expect(waiting).to_contain_text("The paper came late.", timeout=8000)
        chair.get_by_label("Ruling on Bram Bryn's point").fill("Noted; we go on.")
        chair.get_by_role("button", name="Rule", exact=True).click()
        expect(chair.get_by_role("status")).to_contain_text("Ruling recorded.")
        # ...and Bram's phone shows the ruling, again without a reload.
        expect(home.locator(".my-points")).to_contain_text("Noted; we go on.", timeout=8000)

        # A motion comes up; the console offers the vote, and closing early asks first.
        motion = services.move_motion(ada, item=meeting.items.get(), title="March in May",
                                      text="We march in May.")
        services.second_motion(bram, motion=motion)
        expect(chair.get_by_label("Put motion 1 to the vote:")).to_be_visible(timeout=8000)
        chair.get_by_role("button", name="Open the vote").click()
        expect(chair.get_by_text("2 on the roll; 2 still to vote.")).to_be_visible()
        services.cast_vote(ada, division=Division.objects.get(), choice="for")
        expect(chair.locator(".tally")).to_contain_text("For: 1", timeout=8000)
        chair.get_by_role("button", name="Close division 1").click()
        expect(chair.locator("#refusal")).to_contain_text(
            "1 of the 2 on the roll of division 1 have not voted yet")
        assert Division.objects.get().is_open
        chair.get_by_role("button", name="Close it now, with 1 not voted").click()
        expect(chair.get_by_role("status")).to_contain_text("Division 1: carried")
        assert not Division.objects.get().is_open

        chair.get_by_role("button", name="Close the meeting…").click()
        expect(chair.locator("#refusal")).to_contain_text("Confirm that you mean to close it.")
        assert Meeting.objects.get().status == "open"
        chair.get_by_role("button", name="Yes, close the meeting").click()
        expect(chair.get_by_role("status")).to_contain_text("The meeting is closed.")
