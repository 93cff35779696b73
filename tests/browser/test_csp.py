"""The Content-Security-Policy in a real browser: every browser test fails on a violation
(conftest.py); these check that the watch sees one, that the API docs load from this site
alone, and that the second factor's pages (QR code, recovery codes) need nothing inline."""

from __future__ import annotations

from urllib.parse import urlsplit

import pyotp
import pytest

from openassembly.core.actors import System

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def founded(transactional_db):
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    return create_organisation(System("tests"), constitution_text=examples.read("commonweal"))


def test_the_watch_sees_an_inline_style_the_policy_refuses(founded, live_server, new_page,
                                                         csp_violations):
    # The positive control: without it, a watch that saw nothing would pass every test.
    page = new_page()
    page.goto(f"{live_server.url}/o/{founded.slug}/")
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body{color:red}</style>')")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', "
                  "'<img src=\"https://cdn.example.net/x.png\">')")
    page.wait_for_function("document.readyState === 'complete'")
    page.wait_for_timeout(300)
    seen = "\n".join(csp_violations)
    assert "style-src" in seen and "img-src" in seen, seen
    csp_violations.clear()  # seen, as it should be: the test itself passes


def test_api_docs_load_swagger_from_this_site_only(live_server, new_page):
    page = new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    response = page.goto(f"{live_server.url}/api/docs")
    assert response.status == 200
    page.locator(".swagger-ui .info .title").wait_for()
    assert "openassembly" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock").first.wait_for()
    assert hosts == {urlsplit(live_server.url).netloc}, hosts


def test_officer_sets_up_the_second_factor_and_keeps_recovery_codes(founded, live_server,
                                                                   new_page):
    from openassembly.accounts.models import User
    from openassembly.conftest import _person, _seat

    member = _seat(founded, _person(founded, "Rhi Secretary", "rhi@example.org"),
                   "organising-group", "secretary")
    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/o/{founded.slug}/officers/import/")
    page.get_by_role("button", name="Start setting up").click()
    page.get_by_role("img", name="QR code for your authenticator app").wait_for()
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm").click()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(len(c) == 11 for c in codes)
    # Kept only as hashes: no code is stored as shown.
    user = User.objects.get(pk=member.user.pk)
    assert user.has_second_factor
    stored = set(user.recovery_codes.values_list("digest", flat=True))
    assert not stored & set(codes) and len(stored) == 10
