"""A member who forgot their password finds the link on the sign-in page, gets the mail, chooses
a new password through it and signs in with it; the used link is then refused."""

from __future__ import annotations

import os
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from openassembly.conftest import _person
from tests.browser.test_meetings_whole import founded  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW = "a brand new passphrase 42"


def test_forgotten_password_from_sign_in_to_signed_in(founded, live_server, new_page):  # noqa: F811
    _person(founded, "Ordinary Member", "member@example.org")
    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Forgotten your password?")).to_be_visible()
    page.get_by_label("Email").fill("member@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    assert [m.to for m in mail.outbox] == [["member@example.org"]]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page.goto(f"{live_server.url}/{path}")
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("New password confirmation").fill(NEW)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()

    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Email").fill("member@example.org")
    page.get_by_label("Password", exact=True).fill(NEW)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()

    page.goto(f"{live_server.url}/{path}")
    expect(page.get_by_text("This link is not valid")).to_be_visible()
