"""In the browser: a petition reaches its threshold, its members' ballot opens by itself on the
constitution's timetable (no officer touches it), members vote, and the carried result is a
decision of the members in the decisions register, tracked on the compliance page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command

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


def _tick(clock, moment):
    """What cron and the worker do each minute, at ``moment``."""
    with clock.frozen_at(moment):
        for _ in range(2):
            call_command("tick")
            call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay",
                         "--interval", "0", verbosity=0)


def test_petition_to_a_ballot_that_opens_itself_to_a_decision_in_the_register(
        founded, live_server, new_page):
    from openassembly.accounts.models import User
    from openassembly.ballots.models import Referendum
    from openassembly.core import clock
    from openassembly.members.models import Member
    from tests.browser.helpers import officer

    base, org = live_server.url, founded.slug
    officer(founded, "organising-group", "secretary", "sec@example.org", name="Sam Secretary")
    names = ["Ada", "Bram", "Cerys", "Dev"]
    for name in names:
        Member.objects.create(organisation=founded, name=f"{name} Member",
                              email=f"{name.lower()}@example.org",
                              joined_on=clock.today() - timedelta(days=28),
                              user=User.objects.create_user(f"{name.lower()}@example.org",
                                                            PASSWORD))
    for i in range(19):  # 24 members in all: 5% is 2 signatures
        Member.objects.create(organisation=founded, name=f"Other {i}",
                              joined_on=clock.today() - timedelta(days=28))
    pages = {}
    for name in names:
        pages[name] = new_page()
        _sign_in(pages[name], base, f"{name.lower()}@example.org", f"/o/{org}/petitions/")

    ada = pages["Ada"]
    ada.get_by_role("link", name="Start a petition").click()
    ada.get_by_label("Kind of petition").select_option(value="member-ballot")
    ada.get_by_label("Title").fill("Two conferences a year")
    ada.get_by_label("Text").fill("Conference should meet twice a year.")
    ada.get_by_role("button", name="Start and sign").click()
    assert "1 of 2 signatures needed" in ada.content()
    petition_url = ada.url

    bram = pages["Bram"]  # Ada's ally: he signed
    bram.goto(petition_url)
    bram.get_by_role("button", name="Sign this petition").click()
    bram.get_by_text("The threshold was reached").wait_for()
    assert "without waiting for an officer" in bram.content()
    bram.get_by_role("link", name="The members' ballot").click()
    poll_url = bram.url
    assert "Write the statement against" not in bram.content()
    # The bypass that is gone: the proposer's ally asks first for the case against.
    bram.get_by_role("link", name="Offer a statement against").click()
    bram.get_by_label("Statement against").fill("A feeble case against.")
    bram.get_by_role("button", name="Offer it").click()
    assert "you signed the petition" in bram.content()

    cerys = pages["Cerys"]
    cerys.goto(poll_url)
    cerys.get_by_role("link", name="Offer a statement against").click()
    cerys.get_by_label("Statement against").fill("One good conference beats two rushed ones.")
    cerys.get_by_role("button", name="Offer it").click()
    dev = pages["Dev"]
    dev.goto(poll_url)
    dev.get_by_role("button", name="Co-sign this statement").click()
    dev.get_by_text("1 co-signer").wait_for()

    ada.goto(poll_url)
    ada.get_by_role("link", name="Write the statement for").click()
    ada.get_by_label("Text").fill("Members should set policy as things happen.")
    ada.get_by_role("button", name="Attach the statement").click()

    referendum = Referendum.objects.get(petition__title="Two conferences a year")
    poll = referendum.poll
    _tick(clock, referendum.statements_due_at + timedelta(minutes=1))
    _tick(clock, poll.opens_at + timedelta(minutes=1))
    with clock.frozen_at(poll.opens_at + timedelta(hours=1)):
        ada.goto(poll_url)
        ada.get_by_text("voting open").first.wait_for()
        assert "One good conference beats two rushed ones." in ada.content()
        assert "chosen by 1 co-signer" in ada.content()
        for name, choice in (("Ada", "Yes"), ("Bram", "Yes"), ("Cerys", "No")):
            page = pages[name]
            page.goto(poll_url)
            page.get_by_role("link", name="Vote now").click()
            page.get_by_label(choice, exact=True).check()
            page.get_by_role("button", name="Cast my ballot").click()
            assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}",
                                page.locator("#receipt").inner_text().strip())

    _tick(clock, poll.closes_at + timedelta(minutes=1))
    with clock.frozen_at(poll.closes_at + timedelta(hours=1)):
        dev.goto(poll_url)
        dev.get_by_role("heading", name="Result").wait_for()
        content = dev.content()
        assert "Yes: 2" in content and "No: 1" in content and "Carried." in content
        dev.get_by_role("link", name="decision 1 of the members").click()
        dev.get_by_role("heading", name="Decision 1: Two conferences a year").wait_for()
        register = dev.content()
        assert "members&#x27; ballot" in register or "members' ballot" in register
        assert "carried 2-1" in register
        assert "Sam Secretary" in register  # the action's owner, under rule 13.5
        dev.goto(f"{base}/o/{org}/compliance/")
        dev.get_by_role("heading", name="Carried members' ballots carried out").wait_for()
        assert "To be carried out by Sam Secretary" in dev.content()
