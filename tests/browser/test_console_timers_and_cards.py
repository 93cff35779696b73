"""In a real browser: the console counts a speaker's time down and says when they are over;
the meetings list is a column of cards on a phone, each with its body, date, status and next
step, and no sideways scroll."""

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


def _sitting(founded):
    """A Coordinating Group meeting about to start, its chair (an officer with a second
    factor) and two delegates."""
    from openassembly.bodies.models import Body
    from openassembly.core import clock
    from openassembly.meetings import services
    from tests.browser.helpers import officer

    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=10)
    with clock.frozen_at(start - timedelta(days=8)):
        chair, secret = officer(founded, "organising-group", "chair", "chair@example.org",
                                name="Tobias Crane")
        ada = _delegate(founded, "Ada Abbot", "ada@example.org")
        bram = _delegate(founded, "Bram Bryn", "bram@example.org")
        meeting = services.call_meeting(
            chair, organisation=founded,
            body=Body.objects.get(organisation=founded, key="coordinating-group"),
            title="Coordinating Group, spring", starts_at=start, place="Hall",
            chair=chair, agenda=[("Campaign plan", "")])
    return start, chair, secret, ada, bram, meeting


def test_the_console_counts_a_speech_down_and_shows_an_overrun_in_words(
        founded, live_server, new_page):
    from openassembly.core import clock
    from openassembly.meetings import services

    start, chair_member, secret, ada, bram, meeting = _sitting(founded)
    base, path = live_server.url, f"/o/{founded.slug}/meetings/{meeting.pk}/console/"
    with clock.frozen_at(start):
        meeting = services.open_meeting(chair_member, meeting=meeting)
        for person in (ada, bram):
            services.attend(person, meeting=meeting, mode="in-person")
        speech = services.ask_to_speak(ada, item=meeting.items.get())
        services.start_speech(chair_member, speech=speech)
        chair = new_page()
        chair.set_default_timeout(30_000)
        _sign_in(chair, base, "chair@example.org", path, code=pyotp.TOTP(secret).at(start))
    # A minute in (by the server's clock, which the page counts from): two minutes left, and
    # the page counts down by itself, whatever this machine's clock says.
    with clock.frozen_at(start + timedelta(seconds=60)):
        chair.goto(base + path)
        timer = chair.locator(".speech-timer")
        expect(chair.locator("#console")).to_contain_text("time allowed 3 min (rule 6.6)")
        expect(timer).to_have_text(re.compile(r"^(2 min|1 min 5\d s) left$"))
        expect(timer).to_have_text(re.compile(r"^1 min 5[0-8] s left$"), timeout=8000)
        expect(timer).not_to_have_class(re.compile("overrun"))
    # Two seconds before the limit: the count runs past it and says so, in words and colour.
    with clock.frozen_at(start + timedelta(seconds=178)):
        chair.goto(base + path)
        expect(timer).to_have_text(re.compile(r"^over time by \d s$"), timeout=10_000)
        expect(timer).to_have_class(re.compile("overrun"))
        colours = timer.evaluate("e => getComputedStyle(e).backgroundColor")
        assert colours == "rgb(155, 28, 31)"


def test_the_meetings_list_is_cards_that_fit_a_phone(founded, live_server, new_page):
    from openassembly.core import clock
    from openassembly.meetings import services

    start, chair_member, _secret, _ada, _bram, meeting = _sitting(founded)
    with clock.frozen_at(start):
        services.open_meeting(chair_member, meeting=meeting)
        page = new_page()
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(f"{live_server.url}/o/{founded.slug}/meetings/")
        card = page.locator("ul.meeting-cards > li.card").filter(
            has_text="Coordinating Group, spring")
        expect(card).to_have_count(1)
        expect(card).to_contain_text("Coordinating Group")
        words = timezone.localtime(start).strftime("%A %-d %B %Y, %H:%M")
        expect(card.locator("time")).to_have_text(words)
        expect(card.locator(".status")).to_have_text("in session")
        live = card.get_by_role("link", name="In session now: follow it live.")
        expect(live).to_be_visible()
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"the meetings list is {wide}px wide on a 390px phone"
        box = card.bounding_box()
        assert box is not None and box["width"] <= 390
        live.click()
        expect(page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/live/$"))


def test_the_checklist_asks_who_holds_a_proxy_and_refuses_a_second_one_by_its_row(
        founded, live_server, new_page):
    from openassembly.bodies.models import Body
    from openassembly.core import clock
    from openassembly.meetings import services
    from openassembly.meetings.models import Proxy
    from tests.browser.helpers import officer

    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=8)
    with clock.frozen_at(start - timedelta(days=8)):
        chair, secret = officer(founded, "organising-group", "chair", "chair@example.org",
                                name="Tobias Crane")
        ada, _ = officer(founded, "organising-group", "secretary", "ada@example.org",
                         name="Ada Abbot")
        bram, _ = officer(founded, "organising-group", "treasurer", "bram@example.org",
                          name="Bram Bryn")
        meeting = services.call_meeting(
            chair, organisation=founded,
            body=Body.objects.get(organisation=founded, key="organising-group"),
            title="Organising Group", starts_at=start, place="Hall", chair=chair,
            agenda=[("Budget", "")])
        page = new_page()
        page.set_default_timeout(30_000)
        _sign_in(page, live_server.url, "chair@example.org",
                 f"/o/{founded.slug}/meetings/{meeting.pk}/attendance/",
                 code=pyotp.TOTP(secret).at(clock.now()))
        bram_picker = page.get_by_label("Bram Bryn's proxy is held by")
        expect(bram_picker).to_be_hidden()
        page.get_by_label("Ada Abbot: in person").check()
        page.get_by_role("button", name="Record attendance").click()
        expect(page.get_by_role("status")).to_contain_text("Attendance recorded")

        # Choosing "by proxy" asks who holds it, from those present, named with their seat.
        page.get_by_label("Bram Bryn: by proxy").check()
        expect(bram_picker).to_be_visible()
        expect(bram_picker.locator("option")).to_have_count(2)  # the prompt and Ada
        expect(bram_picker.locator("option").nth(1)).to_have_text(re.compile("^Ada Abbot — "))
        bram_picker.select_option(value=str(ada.pk))
        page.get_by_role("button", name="Record attendance").click()
        expect(page.get_by_role("status")).to_contain_text("Attendance recorded")
        proxy = Proxy.objects.get()
        assert (proxy.appointer, proxy.holder) == (bram, ada)

        # Another holder for Bram is refused by his row's picker, which stays in sight.
        page.get_by_label("Tobias Crane: online").check()
        page.get_by_role("button", name="Record attendance").click()
        expect(page.get_by_role("status")).to_contain_text("Attendance recorded")
        bram_picker.select_option(value=str(chair.pk))
        page.get_by_role("button", name="Record attendance").click()
        expect(page.locator(f"#holder-{bram.pk}-error")).to_contain_text(
            "Bram Bryn has appointed Ada Abbot as proxy for this meeting already")
        expect(bram_picker).to_be_visible()
        expect(bram_picker).to_have_attribute("aria-invalid", "true")
        assert Proxy.objects.get().holder == ada
