"""Every journey the README's "Things to try" lists, in a browser on a freshly loaded demo: the
test reads the list, signs in as the login each journey names (with the second factor for an
officer), starts on the start page, follows the README's own words (the region it names, then
the link it names) and takes the journey's first step, which must change what it says it
changes. A journey added to the README without a step here, or a step the README no longer
lists, fails the test; so does a login that is not in the README's table of logins."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

README = Path(__file__).resolve().parents[2] / "README.md"
JOURNEY = re.compile(r"^\d+\. \*\*(?P<title>[^*]+?)\.?\*\* Sign in as `(?P<email>[^`]+)`\."
                     r"(?P<text>.*?)(?=^\d+\. |\Z)", re.M | re.S)


def journeys() -> list[tuple[str, str, list[str]]]:
    """(title, login, the quoted names in its directions, in order) for each journey."""
    section = README.read_text().split("### Things to try", 1)[1].split("\n## ", 1)[0]
    found = [(m["title"], m["email"], re.findall(r'"([^"]+)"', " ".join(m["text"].split())))
             for m in JOURNEY.finditer(section)]
    assert 3 <= len(found) <= 4, f"the README lists {len(found)} things to try"
    return found


def logins() -> dict[str, str]:
    """Email -> who, from the README's table of demo logins."""
    from openassembly.demo.tests.test_readme_logins import _rows

    return {email: who for who, email in _rows()}


def _sign_in(page, base: str, email: str, *, officer: bool) -> None:
    from openassembly.demo import organisation as demo

    page.goto(f"{base}/accounts/login/?next=/o/commonweal/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if officer:
        page.get_by_label("Code").fill(pyotp.TOTP(demo.DEMO_TOTP_SECRET).now())
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base}/o/commonweal/")


def vote_in_the_open_election(page, you) -> None:
    from openassembly.ballots.models import Ballot, Participation, Poll

    poll = Poll.objects.get(kind=Poll.Kind.ELECTION, status=Poll.Status.OPEN)
    before = Ballot.objects.filter(poll=poll).count()
    first, second = poll.choices.order_by("position")[:2]
    page.get_by_label(first.label, exact=True).select_option(label="1")
    page.get_by_label(second.label, exact=True).select_option(label="2")
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.get_by_role("heading", name="Your ballot is cast")).to_be_visible()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}",
                        page.locator("#receipt").inner_text().strip())
    assert Participation.objects.filter(poll=poll, member=you).exists()
    assert Ballot.objects.filter(poll=poll).count() == before + 1


def run_the_meeting_in_session(page, you) -> None:
    from openassembly.meetings.models import Division, Motion

    page.get_by_role("link", name="Chair's console").click()
    amendment = Motion.objects.get(kind=Motion.Kind.AMENDMENT, meeting__status="open")
    expect(page.get_by_label(f"Put amendment {amendment.number} to the vote:")).to_be_visible()
    page.get_by_role("button", name="Open the vote").click()
    expect(page.get_by_text("Your own vote:")).to_be_visible()
    assert Division.objects.get(motion=amendment).status == "open"


def confirm_a_two_officer_act(page, you) -> None:
    from openassembly.accounts.models import SensitiveAction

    act = SensitiveAction.objects.get(status="pending")
    assert act.proposed_by_id != you.pk
    page.get_by_role("region", name="For the officers").get_by_role(
        "link", name=re.compile("^Full export")).click()
    row = page.locator(f"#action-{act.pk}")
    expect(row).to_contain_text("auditors")
    row.get_by_role("button", name="Confirm").click()
    expect(page.locator(f"#action-{act.pk}")).to_contain_text("confirmed and carried out")
    act.refresh_from_db()
    assert act.status == "confirmed" and act.decided_by_id == you.pk


def sign_the_petition(page, you) -> None:
    from openassembly.ballots.models import Signature

    page.get_by_role("button", name="Sign this petition").click()
    expect(page.get_by_role("status")).to_contain_text("You have signed this petition.")
    assert Signature.objects.filter(member=you, petition__kind="agenda").exists()


STEPS = {
    "Vote in the open election": vote_in_the_open_election,
    "Run the meeting in session": run_the_meeting_in_session,
    "Confirm a two-officer act": confirm_a_two_officer_act,
    "Sign the petition": sign_the_petition,
}


def test_every_thing_to_try_in_the_readme_works_for_the_login_it_names(
        transactional_db, live_server, new_page):
    from openassembly.demo import organisation as demo
    from openassembly.members.models import Member

    listed = journeys()
    assert {title for title, _, _ in listed} == set(STEPS), "README and test disagree"
    table = logins()
    demo.load_demo(members_count=120)
    for title, email, names in listed:
        assert email in table, f"{title}: {email} is not in the README's table of logins"
        page = new_page()
        _sign_in(page, live_server.url, email, officer=table[email].startswith("Officer"))
        # The README's directions: the start page's region, then the link in it, by name.
        region = page.get_by_role("region", name=names[0])
        expect(region).to_be_visible()
        if len(names) > 1:
            region.get_by_role("link", name=names[1], exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_contain_text(
                names[1].split(":")[0])
        you = Member.objects.get(email=email)
        STEPS[title](page, you)
