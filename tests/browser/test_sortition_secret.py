"""In the browser: a witness makes their secret value on their own device (the page's script
file, Web Crypto), the server receives only its SHA-256, and after the close the same browser
reveals it. Without JavaScript the page says to use the command line."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from openassembly.core.actors import System

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture
def founded(transactional_db):
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    return create_organisation(System("tests"), constitution_text=examples.read("commonweal"))


def test_a_witness_commits_and_reveals_from_the_browser(founded, live_server, new_page):
    from openassembly.accounts.models import User
    from openassembly.ballots import services
    from openassembly.ballots.models import SeedParty
    from openassembly.core import clock
    from openassembly.counting.seed import commitment, new_value
    from openassembly.members.models import Member
    from tests.browser.helpers import officer

    officer_member, _ = officer(founded, "organising-group", "secretary", "sec@example.org")
    people = [Member.objects.create(organisation=founded, name=f"Member {i}",
                                    email=f"m{i}@example.org",
                                    joined_on=clock.today() - timedelta(days=28),
                                    user=User.objects.create_user(f"m{i}@example.org", PASSWORD))
              for i in range(5)]
    sortition = services.announce_sortition(officer_member, organisation=founded,
                                            title="Appeals panel", purpose="Appeals.", places=2)
    url = f"{live_server.url}/o/{founded.slug}/sortitions/{sortition.pk}/"

    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={url}")
    page.get_by_label("Email").fill("m0@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Make my secret value on this device").click()
    value = page.locator("[data-seed-maker] output").inner_text()
    field = page.get_by_label("Commitment (SHA-256 of your secret value)")
    page.wait_for_function("document.getElementById('id_commitment').value.length === 64")
    assert field.input_value() == hashlib.sha256(value.encode()).hexdigest()
    page.get_by_role("button", name="Commit").click()
    party = SeedParty.objects.get(member=people[0])
    assert party.commitment == commitment(value) and party.value == ""

    values = {officer_member: new_value(), people[1]: new_value()}
    for who, v in values.items():
        services.commit_seed_value(who, sortition=sortition, commitment=commitment(v))
    for person in people[2:]:
        services.join_pool(person, sortition=sortition)
    services.close_pool(officer_member, sortition=sortition)

    page.goto(url)
    # The browser kept the value it made, and offers it for the reveal.
    assert page.get_by_label("Your secret value").input_value() == value
    page.get_by_role("button", name="Reveal").click()
    party.refresh_from_db()
    assert party.value == value and party.revealed_at is not None
    assert value in page.content()


def test_without_javascript_the_page_says_to_use_the_command(founded, live_server, browser):
    from openassembly.accounts.models import User
    from openassembly.ballots import services
    from openassembly.core import clock
    from openassembly.members.models import Member
    from tests.browser.helpers import officer

    officer_member, _ = officer(founded, "organising-group", "secretary", "sec@example.org")
    Member.objects.create(organisation=founded, name="Member", email="m@example.org",
                          joined_on=clock.today() - timedelta(days=28),
                          user=User.objects.create_user("m@example.org", PASSWORD))
    sortition = services.announce_sortition(officer_member, organisation=founded,
                                            title="Appeals panel", purpose="Appeals.", places=2)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        url = f"{live_server.url}/o/{founded.slug}/sortitions/{sortition.pk}/"
        page.goto(f"{live_server.url}/accounts/login/?next={url}")
        page.get_by_label("Email").fill("m@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        shown = " ".join(page.inner_text("body").split())
        assert ("This page makes your value with JavaScript, which is off. Run openassembly "
                "sortition-secret on your own computer instead") in shown
        assert page.locator("[data-seed-maker]").is_hidden()
    finally:
        context.close()
