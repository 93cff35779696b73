"""In the browser: a petition reaches its threshold, a members' ballot follows, both sides
write their statements, members vote and the result is declared."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone

from openassembly.core.actors import System

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture
def founded(transactional_db):
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    return create_organisation(System("tests"), constitution_text=examples.read("commonweal"))


def _sign_in(page, base, email, next_path, code=None):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if code is not None:
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Continue").click()


def test_petition_calls_a_members_ballot_that_is_voted_and_declared(founded, live_server,
                                                                     new_page):
    from openassembly.accounts.models import User
    from openassembly.core import clock
    from openassembly.members.models import Member
    from tests.browser.helpers import officer

    base, org = live_server.url, founded.slug
    _, secret = officer(founded, "organising-group", "secretary", "sec@example.org")
    names = ["Ada", "Bram", "Cerys"]
    for name in names:
        Member.objects.create(organisation=founded, name=f"{name} Member",
                              email=f"{name.lower()}@example.org", joined_on=clock.today(),
                              user=User.objects.create_user(f"{name.lower()}@example.org",
                                                            PASSWORD))
    for i in range(20):  # 24 members in all: 5% is 2 signatures
        Member.objects.create(organisation=founded, name=f"Other {i}", joined_on=clock.today())
    pages = {}
    for name in names:
        pages[name] = new_page()
        _sign_in(pages[name], base, f"{name.lower()}@example.org", f"/o/{org}/petitions/")

    ada = pages["Ada"]
    ada.get_by_role("link", name="Start a petition").click()
    ada.get_by_label("Kind of petition").select_option(value="member-ballot")
    ada.get_by_label("Title").fill("Should conference meet twice a year?")
    ada.get_by_label("Text").fill("We ask for a members' ballot on two conferences a year.")
    ada.get_by_role("button", name="Start and sign").click()
    assert "1 of 2 signatures needed" in ada.content()
    petition_url = ada.url

    bram = pages["Bram"]
    bram.goto(petition_url)
    bram.get_by_role("button", name="Sign this petition").click()
    bram.get_by_text("The threshold was reached").wait_for()
    bram.get_by_role("link", name="The members' ballot").click()
    poll_url = bram.url
    bram.get_by_role("link", name="Write the statement against").click()
    bram.get_by_label("Text").fill("One good conference beats two rushed ones.")
    bram.get_by_role("button", name="Attach the statement").click()
    bram.get_by_text("One good conference beats two rushed ones.").wait_for()

    officer_page = new_page()
    _sign_in(officer_page, base, "sec@example.org", poll_url.replace(base, ""),
             code=pyotp.TOTP(secret).now())
    start = timezone.now().replace(second=0, microsecond=0)
    officer_page.get_by_role("link", name="Change the timetable").click()
    officer_page.get_by_label("Voting opens at").fill(
        timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"))
    officer_page.get_by_label("Voting closes at").fill(
        timezone.localtime(start + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    officer_page.get_by_label("Roll date").fill(start.date().isoformat())
    officer_page.get_by_role("button", name="Save").click()
    with clock.frozen_at(start + timedelta(minutes=1)):
        officer_page.get_by_role("button", name="Open voting").click()
        assert "the statement for is missing" in officer_page.get_by_role("alert").inner_text()

        ada.goto(poll_url)
        ada.get_by_role("link", name="Write the statement for").click()
        ada.get_by_label("Text").fill("Members should set policy as things happen.")
        ada.get_by_role("button", name="Attach the statement").click()

        officer_page.goto(poll_url)
        officer_page.get_by_role("button", name="Open voting").click()
        officer_page.get_by_text("voting open").first.wait_for()
        for name, choice in (("Ada", "Yes"), ("Bram", "No"), ("Cerys", "Yes")):
            page = pages[name]
            page.goto(poll_url)
            page.get_by_role("link", name="Vote now").click()
            page.get_by_label(choice, exact=True).check()
            page.get_by_role("button", name="Cast my ballot").click()
            assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}",
                                page.locator("#receipt").inner_text().strip())
        officer_page.reload()
        turnout = officer_page.locator("#turnout").inner_text()
        assert "3 of 24 on the roll" in turnout and "so the ballot is valid" in turnout

    with clock.frozen_at(start + timedelta(days=7, minutes=1)):
        officer_page.reload()
        officer_page.get_by_role("button", name="Close voting").click()
        officer_page.get_by_role("button", name="Count").click()
        officer_page.get_by_role("button", name="Declare the result").click()
        officer_page.get_by_role("heading", name="Result").wait_for()
        page = officer_page.content()
        assert "Yes: 2" in page and "No: 1" in page and "Carried." in page
