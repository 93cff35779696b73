"""A member builds a pact scenario on the 2015 results, saves it, and attaches it to a motion."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.core.actors import System

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def motion_to_debate(transactional_db):
    """An organisation with a called meeting and a motion, made through the meetings services."""
    from openassembly.bodies.models import Body
    from openassembly.core import clock
    from openassembly.core.services import create_organisation
    from openassembly.meetings.services.calling import call_meeting
    from openassembly.meetings.services.motions import move_motion
    from openassembly.rules import examples
    from tests.browser.helpers import officer

    organisation = create_organisation(
        System("tests"),
        constitution_text=examples.read("commonweal")
    )
    secretary, _secret = officer(organisation, "organising-group", "secretary", "sec@example.org")
    meeting = call_meeting(
        secretary,
        organisation=organisation,
        body=Body.objects.get(organisation=organisation, key="organising-group"),
        title="Strategy meeting",
        starts_at=clock.now() + timedelta(days=30),
        place="The Hall",
        agenda=[("Electoral strategy", "")],
    )
    return move_motion(
        secretary,
        item=meeting.items.get(position=1),
        title="Back a progressive alliance",
        text="This group backs a progressive alliance at the next general election.",
    )


def test_member_builds_a_scenario_on_ge2015_and_attaches_it_to_a_motion(
    motion_to_debate, live_server, new_page
):
    from openassembly.accounts.models import User
    from openassembly.core import clock
    from openassembly.members.models import Member
    from openassembly.scenarios.models import AnalysisAttachment

    organisation = motion_to_debate.organisation
    user = User.objects.create_user("rowan@example.org", "correct horse battery")
    Member.objects.create(
        organisation=organisation, user=user, name="Rowan Hale", email="rowan@example.org",
        joined_on=clock.today() - timedelta(days=28),
    )
    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/o/{organisation.slug}/analysis/")
    page.get_by_label("Email").fill("rowan@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Electoral pact analyses").wait_for()

    page.get_by_role("link", name="Add results").click()
    page.get_by_label("Results (optional)", exact=True).select_option("ge2015")
    page.get_by_role("button", name="Check and add").click()
    page.get_by_role("heading", name="Build a scenario").wait_for()

    alliance = page.get_by_role("group", name="Alliance parties")
    for party in ("Lab", "LD", "Green", "PC"):
        alliance.get_by_label(party, exact=True).check()
    nations = page.get_by_role("group", name="Nations (optional)")
    for nation in ("England", "Wales"):
        nations.get_by_label(nation, exact=True).check()
    page.get_by_label("single: one partner at a time", exact=False).check()
    page.get_by_role("button", name="Show result").click()
    page.locator("#pact-result").wait_for()
    assert "Seats gained: 33" in page.locator("#pact-gain caption").inner_text()
    assert "Thurrock" in page.locator("#pact-gain").inner_text()

    page.get_by_label("Title").fill("Progressive alliance, England and Wales, 2015")
    page.get_by_role("button", name="Save analysis").click()
    page.get_by_role("heading", name="Progressive alliance, England and Wales, 2015").wait_for()
    gained_row = page.get_by_role("rowheader", name="Seats gained", exact=True)
    gained = page.locator("#pact-summary tr", has=gained_row)
    assert gained.locator("td").inner_text() == "33"
    # The chart is a separate request: wait for it to load rather than race it.
    page.wait_for_function(
        "() => { const i = document.querySelector(\"img[src$='analysis.svg?inline=1']\");"
        " return i !== null && i.complete && i.naturalWidth > 0; }"
    )

    page.get_by_role("button", name="Re-run and compare").click()
    assert "Re-run matches." in page.locator("#rerun-check").inner_text()

    page.get_by_label("Motion").select_option(label="Motion 1: Back a progressive alliance "
                                                    "(Strategy meeting)")
    page.get_by_role("button", name="Attach").click()
    page.get_by_text("Attached to “Motion 1: Back a progressive alliance”.").wait_for()
    assert "Back a progressive alliance" in page.locator("#attached-to").inner_text()
    attachment = AnalysisAttachment.objects.get()
    assert attachment.motion == motion_to_debate and attachment.analysis.gains == 33
