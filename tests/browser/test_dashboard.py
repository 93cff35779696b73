"""The start page in a browser: a member signs in and finds the petition waiting for their
signature; an officer signs in (with the second factor) and finds the two-officer act another
officer proposed, and follows it to the list where it is confirmed. A visitor sees the public
home page. Plain links and HTML only."""

from __future__ import annotations

import os
from datetime import timedelta

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.test_meetings_whole import PASSWORD, _sign_in, founded  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_start_page_for_a_member_and_for_an_officer(founded, live_server,  # noqa: F811
                                                        new_page):
    from openassembly.accounts.services import propose_sensitive_action
    from openassembly.ballots import services as ballots
    from openassembly.conftest import _person
    from openassembly.core import clock
    from openassembly.members.models import Member
    from tests.browser.helpers import officer

    secretary, _ = officer(founded, "organising-group", "secretary", "sec@example.org",
                           name="Sec Retary")
    chair, secret = officer(founded, "organising-group", "chair", "chair@example.org",
                            name="Chair Person")
    ann = _person(founded, "Ann Ordinary", "ann@example.org", password=PASSWORD)
    Member.objects.bulk_create(
        Member(organisation=founded, name=f"Member {n}", email=f"m{n}@example.org",
               joined_on=clock.today() - timedelta(days=400)) for n in range(120))  # 2% is then 3
    ballots.start_petition(secretary, organisation=founded, kind="agenda",
                           title="Bus fares on the agenda", text="Debate bus fares.")
    act = propose_sensitive_action(secretary, organisation=founded, kind="full-export",
                                   payload={}, reason="The annual audit")
    home = f"/o/{founded.slug}/"

    visitor = new_page()
    visitor.goto(live_server.url + home)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(founded.name)
    expect(visitor.get_by_role("region", name="For the officers")).to_have_count(0)

    member = new_page()
    _sign_in(member, live_server.url, ann.email, home)
    expect(member.get_by_role("heading", name="Welcome, Ann Ordinary")).to_be_visible()
    petitions = member.get_by_role("region", name="Petitions you may sign")
    expect(petitions).to_contain_text("Bus fares on the agenda")
    expect(member.get_by_role("region", name="Waiting for your vote")).to_contain_text(
        "No election or members' ballot is waiting for your vote")
    expect(member.get_by_role("region", name="For the officers")).to_have_count(0)
    petitions.get_by_role("link", name="Bus fares on the agenda").click()
    expect(member.get_by_role("heading", name="Bus fares on the agenda")).to_be_visible()

    desk = new_page()
    _sign_in(desk, live_server.url, chair.email, home, code=pyotp.TOTP(secret).now())
    expect(desk.get_by_role("heading", name="Welcome, Chair Person")).to_be_visible()
    panel = desk.get_by_role("region", name="For the officers")
    expect(panel).to_contain_text("proposed by Sec Retary")
    expect(panel).to_contain_text("The annual audit")
    expect(panel).to_contain_text("Rules broken or at risk")
    panel.get_by_role("link", name="Full export of the organisation's data").click()
    expect(desk).to_have_url(
        f"{live_server.url}/o/{founded.slug}/officers/actions/#action-{act.pk}")
    expect(desk.locator(f"#action-{act.pk}")).to_contain_text("The annual audit")
