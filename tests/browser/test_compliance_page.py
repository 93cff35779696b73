"""The compliance page in a browser: it opens with a summary whose links lead to each check,
repeated findings stand on one line, and a refused act of power leads to its line on the
ledger. Plain links and HTML only: nothing here needs a script."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.test_meetings_whole import founded  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_summary_grouped_findings_and_a_refusal_on_the_ledger(founded, live_server,  # noqa: F811
                                                              new_page):
    from openassembly.bodies.models import Body
    from openassembly.conftest import _person
    from openassembly.core import clock
    from openassembly.core.errors import PowerDenied
    from openassembly.meetings import services
    from openassembly.members.services import add_member
    from tests.browser.helpers import officer

    secretary, _ = officer(founded, "organising-group", "secretary", "sec@example.org")
    body = Body.objects.get(organisation=founded, key="organising-group")
    for reason in ("The venue withdrew", "The bank is closing the account"):
        services.call_meeting(secretary, organisation=founded, body=body,
                              title=f"Urgent: {reason}", place="Hall", urgent=True,
                              starts_at=clock.now() + timedelta(hours=49),
                              urgency_reason=reason, urgent_matter=reason)
    ann = _person(founded, "Ann Ordinary", "ann@example.org")
    with pytest.raises(PowerDenied):
        add_member(ann, organisation=founded, name="Friend Of Ann", email="friend@example.org")

    page = new_page()
    page.goto(f"{live_server.url}/o/{founded.slug}/compliance/")
    summary = page.get_by_role("region", name="In short")
    expect(summary).to_contain_text("rules checked")
    expect(summary).to_contain_text("things checked")
    # The two urgent meetings stand on one line, each with its own reason.
    notice = page.get_by_role("region", name="Meetings called at short notice")
    expect(notice.get_by_role("row")).to_have_count(2)  # the header and one line
    expect(notice).to_contain_text("2 times:")
    expect(notice.get_by_role("listitem")).to_have_count(2)

    summary.get_by_role("link", name="Acts of power refused").click()
    expect(page).to_have_url(f"{live_server.url}/o/{founded.slug}/compliance/#refused")
    refused = page.get_by_role("region", name="Acts of power refused")
    expect(refused).to_contain_text("Rule 2.2 gives the power 'manage-register' only to")
    refused.get_by_role("link", name="Ann Ordinary tried to add member").click()
    expect(page.get_by_role("heading", name="Ledger", exact=True)).to_be_visible()
    line = page.locator("tr", has_text="Ann Ordinary was refused: add member")
    expect(line).to_be_visible()
    assert "#e-" in page.url
