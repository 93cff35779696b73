"""Members requisition a meeting in the browser; the officers do not call it in time; the
members who signed call it themselves, and the compliance page shows the officers' failure."""

from __future__ import annotations

import os
import re
from datetime import timedelta

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
    from openassembly.bodies.selectors import current_holdings
    from openassembly.bodies.services import seat_founder
    from openassembly.core import clock
    from openassembly.members.models import Member

    member = Member.objects.create(organisation=organisation,
                                   user=User.objects.create_user(email, PASSWORD), name=name,
                                   email=email, joined_on=clock.today() - timedelta(days=28))
    starts = clock.today() - timedelta(days=1)
    group = next(g for g in SeatGroup.objects.filter(
        organisation=organisation, body__key="coordinating-group", seat_key="regional")
        .order_by("position") if current_holdings(g, starts).count() < g.places)
    # The founders' seats (rule 4.4 of the demo): the test's organisation is newly founded.
    seat_founder(System("test founders"), organisation=organisation, seat_group=group,
                 member=member, starts_on=starts)
    return member


def _sign_in(page, base, email, next_path):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_members_call_the_meeting_the_officers_did_not_and_the_record_shows_it(
        founded, live_server, new_page):
    from openassembly.core import clock
    from openassembly.meetings.models import Meeting, Requisition

    base, org = live_server.url, founded.slug
    began = timezone.now().replace(second=0, microsecond=0)
    with clock.frozen_at(began):
        people = [_delegate(founded, f"Delegate {i}", f"d{i}@example.org") for i in range(8)]

        # Ada starts a requisition of the Coordinating Group under rule 6.8 (a quarter: two).
        ada = new_page()
        _sign_in(ada, base, "d0@example.org", f"/o/{org}/bodies/coordinating-group/requisition/")
        ada.get_by_label("Under which rule").select_option(
            label="Requisition of a group meeting (rule 6.8)")
        ada.get_by_label("What the meeting is for").fill("To reverse the budget cuts")
        ada.get_by_role("button", name="Start the requisition and sign it").click()
        expect(ada.locator("#signature-count")).to_contain_text("1 of 2 signatures")

        # Bram signs: the requisition is complete and the officers have fourteen days.
        requisition = Requisition.objects.get()
        bram = new_page()
        _sign_in(bram, base, "d1@example.org", f"/o/{org}/requisitions/{requisition.pk}/")
        bram.get_by_role("button", name="Sign the requisition").click()
        expect(bram.locator("#signature-count")).to_contain_text("2 of 2 signatures")
        expect(bram.get_by_text("The officers must call the meeting by")).to_be_visible()
        expect(bram.get_by_role("link", name="Call the meeting ourselves")).to_have_count(0)

    # Fifteen days on, no officer has called it: the members who signed call it themselves.
    later = began + timedelta(days=15)
    with clock.frozen_at(later):
        bram.reload()
        bram.get_by_role("link", name="Call the meeting ourselves").click()
        expect(bram.get_by_text("You are calling it as one of the members who signed")
               ).to_be_visible()
        bram.get_by_label("Title").fill("Coordinating Group: the budget cuts")
        bram.get_by_label("Starts").fill(
            timezone.localtime(later + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"))
        bram.get_by_label("Place").fill("Friends Meeting House")
        bram.get_by_role("button", name="Call the meeting").click()
        expect(bram.get_by_role("heading", name="Coordinating Group: the budget cuts")
               ).to_be_visible()
        expect(bram.get_by_text(re.compile(r"Called on requisition \d+"))).to_be_visible()
        meeting = Meeting.objects.get(requisition=requisition)
        assert meeting.called_by == people[1]

        # The compliance page shows the officers' failure, under the rule.
        ada.goto(f"{base}/o/{org}/compliance/#requisitions")
        section = ada.locator("section#requisitions")
        expect(section.locator("tr.breach")).to_have_count(1)
        expect(section).to_contain_text("The officers did not call the meeting by")
        expect(section).to_contain_text("the members who signed called it themselves")
        expect(section.get_by_role("link", name="6.8")).to_be_visible()
