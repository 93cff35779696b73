"""A whole meeting in the browser: called, papered, held in the room and online, voted on the
projector, minuted and published. Three people (the chair, a member in the room and a member
at home) plus the projector, each in their own browser context."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openassembly.core.actors import System

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


@pytest.fixture
def founded(transactional_db):
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    return create_organisation(System("tests"), constitution_text=examples.read("commonweal"))


def _delegate(organisation, name: str, email: str):
    from openassembly.accounts.models import User
    from openassembly.bodies.models import SeatGroup
    from openassembly.bodies.services import seat_founder
    from openassembly.core import clock
    from openassembly.members.models import Member

    member = Member.objects.create(organisation=organisation,
                                   user=User.objects.create_user(email, PASSWORD), name=name,
                                   email=email, joined_on=clock.today() - timedelta(days=28))
    group = SeatGroup.objects.filter(organisation=organisation, body__key="coordinating-group",
                                     seat_key="regional").first()
    seat_founder(System("test founders"), organisation=organisation, seat_group=group,
                 member=member, starts_on=clock.today() - timedelta(days=1))
    return member


def _sign_in(page, base, email, next_path, code=None):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if code is not None:
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Continue").click()


def _item(page):
    return page.get_by_role("region", name=re.compile(r"^1\. Campaign plan"))


def test_a_whole_meeting_from_notice_to_published_minutes(founded, live_server, new_page):
    from openassembly.core import clock
    from openassembly.meetings.models import Division, Meeting, Minutes
    from tests.browser.helpers import officer

    base, org = live_server.url, founded.slug
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=10)
    called = start - timedelta(days=8)
    with clock.frozen_at(called):
        chair_member, secret = officer(founded, "organising-group", "secretary",
                                       "sec@example.org", name="Morwen Ashby")
    ada = _delegate(founded, "Ada Abbot", "ada@example.org")
    bram = _delegate(founded, "Bram Bryn", "bram@example.org")

    # Eight days ahead, the secretary calls the meeting with its agenda and circulates a paper.
    chair = new_page()
    with clock.frozen_at(called):
        _sign_in(chair, base, "sec@example.org", f"/o/{org}/meetings/call/",
                 code=pyotp.TOTP(secret).at(called))
        chair.get_by_label("Body").select_option(label="Coordinating Group")
        chair.get_by_label("Title").fill("Coordinating Group, spring")
        chair.get_by_label("Starts").fill(timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"))
        chair.get_by_label("Place").fill("Friends Meeting House")
        chair.get_by_label("Online link").fill("https://meet.example.org/cg")
        chair.get_by_label("Agenda").fill("Campaign plan -- The plan for the year\nAOB")
        chair.get_by_role("button", name="Call the meeting").click()
        expect(chair.get_by_text("Rule 6.2 requires 7 days' notice")).to_be_visible()
        item = _item(chair)
        item.get_by_text("Circulate a paper for item 1").click()
        item.get_by_label("Or write it here (Markdown)").fill("# Plan\n\nMarch in **May**.")
        item.get_by_label("Paper title").fill("The campaign plan")
        item.get_by_role("button", name="Circulate").click()
        expect(chair.get_by_role("status")).to_contain_text("version 1 circulated")
    meeting = Meeting.objects.get()
    meeting_path = f"/o/{org}/meetings/{meeting.pk}/"

    with clock.frozen_at(start):
        chair.goto(base + meeting_path)
        chair.get_by_role("button", name="Open the meeting").click()
        expect(chair.get_by_role("status")).to_contain_text("The meeting is open.")

        # Ada is in the room; Bram joins from home on his phone's page.
        room = new_page()
        _sign_in(room, base, "ada@example.org", meeting_path)
        room.get_by_role("button", name="I am here in person").click()
        home = new_page()
        _sign_in(home, base, "bram@example.org", meeting_path + "live/")
        home.get_by_role("button", name="I am here online").click()
        expect(home.get_by_role("status")).to_contain_text("You are signed in: online")

        # Ada moves a motion; Bram moves an amendment which Ada accepts; Bram seconds.
        item = _item(room)
        item.get_by_text("Move a motion on item 1").click()
        item.get_by_label("Motion title").fill("March for clean air")
        item.get_by_label("Motion text").fill("We will march in Leeds in May.")
        item.get_by_role("button", name="Move the motion").click()
        expect(room.get_by_role("status")).to_contain_text("Motion 1 moved")
        home.goto(base + meeting_path)
        home.get_by_role("button", name="Second motion 1").click()
        home.get_by_text("Amend motion 1").click()
        home.get_by_label("Leave out these words").fill("in Leeds")
        home.get_by_label("Insert these words").fill("in Leeds and York")
        home.get_by_role("button", name="Move the amendment").click()
        expect(home.get_by_role("status")).to_contain_text("Amendment 2: To motion 1 moved")
        room.goto(base + meeting_path)
        room.get_by_role("button", name="Accept amendment 2").click()
        expect(room.locator("ins")).to_have_text(re.compile("York"))

        # From home, Bram raises a point of order; the chair rules on it.
        home.goto(base + meeting_path + "live/")
        home.get_by_label("Your point of order").fill("The paper should be read first.")
        home.get_by_role("button", name="Raise a point of order").click()
        expect(home.get_by_role("status")).to_contain_text("Your point of order is with the chair.")
        chair.goto(base + meeting_path)
        expect(chair.get_by_text("Bram Bryn (online)")).to_be_visible()
        chair.get_by_label("Ruling").fill("Noted: the paper was circulated in time.")
        chair.get_by_role("button", name="Rule", exact=True).click()

        # The projector follows the vote without reloading.
        projector = new_page()
        projector.goto(base + meeting_path + "projector/")
        expect(projector.get_by_text("No vote yet.")).to_be_visible()
        chair.get_by_label("Put motion 1 to the vote:").select_option(value="named")
        chair.get_by_role("button", name="Open the vote").click()
        expect(projector.get_by_test_id("voted")).to_have_text("0 of 2 have voted",
                                                               timeout=5000)
        room.goto(base + meeting_path + "live/")
        room.get_by_role("button", name="For", exact=True).click()
        expect(room.get_by_text("Your vote is recorded.")).to_be_visible()
        home.goto(base + meeting_path + "live/")
        home.get_by_role("button", name="For", exact=True).click()
        expect(projector.get_by_test_id("voted")).to_have_text("2 of 2 have voted",
                                                               timeout=5000)
        chair.goto(base + meeting_path)
        chair.get_by_role("button", name="Close division 1").click()
        expect(projector.get_by_test_id("result")).to_have_text("Carried", timeout=5000)
        assert Division.objects.get().votes_for == 2

        # Closed, minuted from the record, edited and published.
        chair.get_by_role("button", name="Close the meeting…").click()
        expect(chair.locator("#refusal")).to_contain_text("Confirm that you mean to close it.")
        chair.get_by_role("button", name="Yes, close the meeting").click()
        chair.get_by_role("button", name="Draft the minutes from the record").click()
        text = chair.get_by_label("Minutes (Markdown)")
        expect(text).to_have_value(re.compile("Present online: Bram Bryn"))
        text.fill(text.input_value() + "\nThe chair thanked everyone for coming.\n")
        chair.get_by_role("button", name="Save the minutes").click()
        chair.get_by_role("button", name="Publish the minutes").click()
        expect(chair.get_by_role("status")).to_contain_text("The minutes are published.")

        projector.goto(base + meeting_path + "minutes/")
        expect(projector.get_by_text("The chair thanked everyone for coming.")).to_be_visible()
        expect(projector.get_by_text("We will march in Leeds and York in May.").first
               ).to_be_visible()
    minutes = Minutes.objects.get()
    assert minutes.status == Minutes.Status.PUBLISHED
    assert "For: Ada Abbot, Bram Bryn" in minutes.text
    assert {ada.pk, bram.pk, chair_member.pk}  # the cast all took part
