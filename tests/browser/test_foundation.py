"""What people do in pages: join, confirm, sign in, edit details; import; read the record."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.core import mail

from openassembly.core.actors import System

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def founded(transactional_db):
    from openassembly.core import clock
    from openassembly.core.services import create_organisation
    from openassembly.members.models import Appeal
    from openassembly.rules import examples

    organisation = create_organisation(
        System("tests"),
        constitution_text=examples.read("commonweal")
    )
    Appeal.objects.create(
        organisation=organisation,
        slug="join",
        title="Join the alliance",
        text="Sign up.",
        created_at=clock.now(),
    )
    return organisation


def test_sign_up_confirm_sign_in_and_edit_details(founded, live_server, new_page, settings):
    settings.SITE_URL = live_server.url  # the link in the mail leads to this server
    page = new_page()
    page.goto(f"{live_server.url}/o/{founded.slug}/")
    page.get_by_role("link", name="sign and join").click()
    page.get_by_label("Name").fill("Rowan Hale")
    page.get_by_label("Email").fill("rowan@example.org")
    page.get_by_label("Region (optional)").select_option(label="Wales")
    page.get_by_role("button", name="Sign and join").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    link = re.search(r"https?://\S+/confirm/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_label("Password", exact=True).fill("a long new password")
    page.get_by_label("Password again").fill("a long new password")
    page.get_by_role("button", name="Confirm and join").click()
    page.get_by_role("heading", name="My details").wait_for()
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server.url}/accounts/login/?next=/o/{founded.slug}/me/")
    page.get_by_label("Email").fill("rowan@example.org")
    page.get_by_label("Password").fill("a long new password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Phone (optional)").fill("07700 900456")
    page.get_by_role("button", name="Save my details").click()
    page.get_by_text("Your details are saved.").wait_for()
    assert page.get_by_label("Phone (optional)").input_value() == "07700 900456"


def test_officer_signs_in_with_second_factor_and_imports_a_roll(
    founded, live_server, new_page, tmp_path
):
    from tests.browser.helpers import officer

    _secretary, secret = officer(founded, "organising-group", "secretary", "sec@example.org")
    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/o/{founded.slug}/officers/import/")
    page.get_by_label("Email").fill("sec@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Import members").wait_for()

    bad = tmp_path / "bad.csv"
    bad.write_text("name,email,region\nAnn,ann@example.org,Mars\n")
    page.get_by_label("File").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    assert "line 2" in page.locator("#import-errors").inner_text()
    assert "Mars" in page.locator("#import-errors").inner_text()

    good = tmp_path / "good.csv"
    good.write_text("name,email,region\nAnn,ann@example.org,North\nBo,bo@example.org,Wales\n")
    page.get_by_label("File").set_input_files(str(good))
    page.get_by_role("button", name="Check and import").click()
    assert "2 added" in page.locator("#import-report").inner_text()


def test_public_record_shows_a_body_seat_diagram(founded, live_server, new_page):
    from tests.browser.helpers import officer

    officer(founded, "organising-group", "chair", "chair@example.org", name="Dana Chair")
    page = new_page()
    page.goto(f"{live_server.url}/o/{founded.slug}/")
    # Exact: the latest events on the home page are links too, and name the body in sentences.
    page.get_by_role("link", name="Organising Group", exact=True).click()
    diagram = page.get_by_role("img", name="Seats of the Organising Group")
    diagram.wait_for()
    assert page.locator("svg.seat-diagram circle.filled").count() == 1
    assert page.locator("svg.seat-diagram circle.vacant").count() == 2
    assert "Dana Chair" in page.get_by_role("table").inner_text()
    page.get_by_role("link", name="Dana Chair").click()
    page.get_by_role("heading", name="Dana Chair").wait_for()
