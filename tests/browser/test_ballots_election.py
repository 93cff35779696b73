"""An election in the browser, from nominations to declaration, with voters checking receipts."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone

from openassembly.core.actors import System

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CANDIDATES = ["Ada Abbot", "Bram Bryn", "Cerys Castell", "Dev Dale", "Elin Ellis"]
PASSWORD = "correct horse battery"


@pytest.fixture
def founded(transactional_db):
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    return create_organisation(System("tests"), constitution_text=examples.read("commonweal"))


def _east_member(organisation, name):
    from openassembly.accounts.models import User
    from openassembly.core import clock
    from openassembly.members.models import Member, Region

    email = name.split()[0].lower() + "@east.example"
    return Member.objects.create(
        organisation=organisation, user=User.objects.create_user(email, PASSWORD), name=name,
        email=email, region=Region.objects.get(organisation=organisation, name="East"),
        joined_on=clock.today() - timedelta(days=28),
    )


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _sign_in(page, base, email, next_path, code=None):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if code is not None:
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Continue").click()


def test_election_from_nominations_to_declaration_with_receipts(founded, live_server, new_page):
    from openassembly.core import clock
    from tests.browser.helpers import officer

    base = live_server.url
    org = founded.slug
    _, secret = officer(founded, "organising-group", "secretary", "sec@example.org")
    for name in [*CANDIDATES, "Femi Fenwick"]:
        _east_member(founded, name)
    start = timezone.now().replace(second=0, microsecond=0)
    close_noms = start + timedelta(days=14)
    opens = close_noms + timedelta(hours=1)
    closes = opens + timedelta(days=7)

    officer_page = new_page()
    _sign_in(officer_page, base, "sec@example.org", f"/o/{org}/elections/new/",
             code=pyotp.TOTP(secret).now())
    with clock.frozen_at(start + timedelta(minutes=1)):
        officer_page.get_by_label("Election").select_option(value="regional")
        officer_page.get_by_label("Region").select_option(label="East")
        officer_page.get_by_label("Nominations open at").fill(_local(start))
        # Too short a nomination period is refused, citing the rule, with the form kept.
        officer_page.get_by_label("Nominations close at").fill(
            _local(start + timedelta(days=3)))
        officer_page.get_by_label("Voting opens at").fill(_local(opens))
        officer_page.get_by_label("Voting closes at").fill(_local(closes))
        officer_page.get_by_label("Roll date").fill(opens.date().isoformat())
        officer_page.get_by_role("button", name="Announce").click()
        assert "Rule 13.1 requires nominations to stay open for at least 14 days" in (
            officer_page.get_by_role("alert").first.inner_text())
        officer_page.get_by_label("Nominations close at").fill(_local(close_noms))
        officer_page.get_by_role("button", name="Announce").click()
        officer_page.get_by_role("heading", name=re.compile("regional members: East")).wait_for()
        poll_url = officer_page.url
        officer_page.get_by_role("button", name="Open nominations").click()
        officer_page.get_by_text("nominations open").first.wait_for()

        pages = {}
        for name in CANDIDATES:
            page = pages[name] = new_page()
            first = name.split()[0].lower()
            _sign_in(page, base, f"{first}@east.example", poll_url.replace(base, ""))
            page.get_by_role("link", name="Stand as a candidate").click()
            page.get_by_label("Statement").fill(f"{name}: fair pay for the East.")
            page.get_by_role("button", name="Stand").click()
            page.get_by_role("heading", name=name).wait_for()
        # Each candidate nominates the next two; everyone then has the two nominations needed.
        for i, name in enumerate(CANDIDATES):
            page = pages[name]
            page.reload()
            for other in (CANDIDATES[(i + 1) % 5], CANDIDATES[(i + 2) % 5]):
                page.get_by_role("button", name=f"Nominate {other}").click()
                page.get_by_text(f"You have nominated {other}.").wait_for()

    with clock.frozen_at(close_noms + timedelta(minutes=5)):
        officer_page.reload()
        officer_page.get_by_role("button", name="Close nominations").click()
        expect_disabled = officer_page.get_by_role("button", name="Open voting")
        expect_disabled.wait_for()
        assert expect_disabled.is_disabled()
        assert officer_page.get_by_text("Possible from").count() == 1
        assert officer_page.get_by_text("on the ballot").count() == 5
    with clock.frozen_at(opens + timedelta(minutes=5)):
        # Before the opening time the button was shown disabled with its date; now it is not.
        officer_page.reload()
        officer_page.get_by_role("button", name="Open voting").click()
        officer_page.get_by_text("voting open").first.wait_for()

        ballots = {
            "Ada Abbot": {"Ada Abbot": "1", "Bram Bryn": "2"},
            "Bram Bryn": {"Bram Bryn": "1", "Cerys Castell": "2", "Ada Abbot": "3"},
            "Cerys Castell": {"Cerys Castell": "1"},
            "Dev Dale": {"Dev Dale": "1", "Ada Abbot": "2"},
        }
        receipts = {}
        for voter, ranking in ballots.items():
            page = pages[voter]
            page.goto(poll_url)
            page.get_by_role("link", name="Vote now").click()
            assert page.get_by_role("link", name=re.compile("What that protects")).count() == 1
            if voter == "Ada Abbot":
                # A repeated number is explained and nothing marked is lost.
                page.get_by_label("Ada Abbot").select_option("1")
                page.get_by_label("Elin Ellis").select_option("1")
                page.get_by_role("button", name="Cast my ballot").click()
                assert "You gave number 1 to Ada Abbot and Elin Ellis" in page.locator(
                    "#ballot-errors").inner_text()
                assert page.get_by_label("Elin Ellis").input_value() == "1"
                page.get_by_label("Elin Ellis").select_option("not numbered")
            for name, number in ranking.items():
                page.get_by_label(name).select_option(number)
            page.get_by_role("button", name="Cast my ballot").click()
            receipts[voter] = page.locator("#receipt").inner_text().strip()
            assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", receipts[voter])
            page.goto(poll_url)
            page.get_by_text("You have voted.").wait_for()

        femi = new_page()
        _sign_in(femi, base, "femi@east.example", f"/o/{org}/polls/"
                 f"{poll_url.rstrip('/').rsplit('/', 1)[1]}/vote/")
        femi.get_by_label("I want to cast a blank ballot").check()
        femi.get_by_role("button", name="Cast my ballot").click()
        receipts["Femi Fenwick"] = femi.locator("#receipt").inner_text().strip()
        officer_page.reload()
        assert "5 of 6 on the roll" in officer_page.locator("#turnout").inner_text()

    with clock.frozen_at(closes + timedelta(minutes=5)):
        officer_page.reload()
        officer_page.get_by_role("button", name="Close voting").click()
        officer_page.get_by_role("button", name="Count").click()
        officer_page.get_by_role("button", name="Declare the result").click()
        officer_page.get_by_role("heading", name="Result").wait_for()
        elected = officer_page.get_by_text("Elected:").inner_text()
        assert elected.count(",") == 3  # four places filled

        results = new_page()
        results.goto(poll_url + "results/")
        assert "Every stage of the count" in results.content()
        assert results.locator("svg").count() >= 1

        # Several voters check that their ballot is published as they cast it.
        for voter in ["Ada Abbot", "Bram Bryn", "Femi Fenwick"]:
            page = pages.get(voter) or femi
            page.goto(poll_url)
            page.get_by_role("link", name="Check your receipt").click()
            page.get_by_label("Receipt code").fill(receipts[voter].lower())
            page.get_by_role("button", name="Check").click()
            verdict = page.locator("#receipt-result").inner_text()
            assert "is among the published ballots and was counted" in verdict
            if voter == "Bram Bryn":
                assert "1. Bram Bryn; 2. Cerys Castell; 3. Ada Abbot" in verdict
            if voter == "Femi Fenwick":
                assert "blank" in verdict
        listing = pages["Cerys Castell"]
        listing.goto(poll_url + "ballots/")
        table = listing.locator("#ballots").inner_text()
        assert all(code in table for code in receipts.values())
        # A tampered receipt is caught by its check character or not found.
        code = receipts["Cerys Castell"]
        tampered = code[:-1] + ("2" if code[-1] != "2" else "3")
        listing.goto(poll_url + "receipt/?code=" + tampered)
        assert listing.locator("[role=alert]").count() >= 1
