"""axe-core in Chromium on every page the demo's member and officer open (pages.py walks the
URLconf), at a desk's width and a phone's: no serious or critical violation; and no page wider
than a 360 px or 390 px phone. axe is vendored under vendor/ (MPL-2.0, tests only) and added
to each page by Playwright, outside the page's Content-Security-Policy, which stays as strict
as it is for people."""

from __future__ import annotations

from pathlib import Path

import pyotp
import pytest
from django.test import Client

from tests.browser.pages import signed_in_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
DESK, PHONE, NARROW = 1280, 390, 360

RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} (${v.impact}): ${v.help}; ` +
             v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
}"""
NEXT_FRAME = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
OVERFLOW = """() => {
    const root = document.documentElement;
    if (root.scrollWidth <= window.innerWidth) return null;
    // Name the widest elements, so a failure says what to fix.
    const wide = [...document.body.querySelectorAll("*")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 4).map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
    return `${root.scrollWidth}px wide: ${wide.join(", ")}`;
}"""


def _signed_in(email: str, *, officer: bool) -> Client:
    from openassembly.demo import organisation as demo

    client = Client(raise_request_exception=False)
    response = client.post("/accounts/login/", {"email": email, "password": demo.DEMO_PASSWORD,
                                                "next": "/"})
    if officer:
        response = client.post(response["Location"],
                               {"code": pyotp.TOTP(demo.DEMO_TOTP_SECRET).now()})
    assert "_auth_user_id" in client.session, f"{email} could not sign in"
    return client


def _page_for(new_page, live_server, client: Client):
    page = new_page()
    # A hundred pages on a busy machine: one slow page must not fail the walk.
    page.set_default_navigation_timeout(30_000)
    page.context.add_init_script(AXE)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    return page


def _check(page, url: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """axe's serious and critical findings at each width, and any width the page overflows."""
    found, overflow = {}, {}
    page.set_viewport_size({"width": DESK, "height": 900})
    page.goto(url)
    for width in (DESK, PHONE, NARROW):
        if width != DESK:
            page.set_viewport_size({"width": width, "height": 800})
            # The page reacts to a new width at its next frame (site.js marks the tables
            # that now scroll); a person cannot press Tab sooner than that, nor should axe.
            page.evaluate(NEXT_FRAME)
        if width != NARROW:
            violations = page.evaluate(RUN_AXE)
            if violations:
                found[f"{width}px"] = violations
        if width != DESK and (wide := page.evaluate(OVERFLOW)):
            overflow[f"{width}px"] = wide
    return found, overflow


@pytest.fixture
def demo(transactional_db):
    from openassembly.demo import organisation as demo

    return demo.load_demo(members_count=120)


def _axe_sees_a_missing_label(page, url: str) -> None:
    # The positive control: an axe that never ran would report nothing on every page.
    page.goto(url)
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                  "'<input type=\"text\"><img src=\"/static/none.png\">')")
    found = " ".join(page.evaluate(RUN_AXE))
    assert "label" in found and "image-alt" in found, found


# One demo, loaded once, for both people: loading it is the slowest part of the test.
def test_every_page_the_member_and_officer_use_passes_axe_and_fits_a_phone(
        demo, live_server, new_page):
    failures, overflows, checked, seen = {}, {}, 0, {}
    for email, officer in (("member@commonweal.example", False),
                           ("secretary@commonweal.example", True)):
        client = _signed_in(email, officer=officer)
        pages = signed_in_pages(demo, client)
        assert not pages.failed, f"server errors for {email}: {pages.failed}"
        # The walk reaches the pages people use: a floor, so a broken builder cannot pass.
        assert len(pages.paths) >= (30 if officer else 25), pages.paths
        page = _page_for(new_page, live_server, client)
        _axe_sees_a_missing_label(page, f"{live_server.url}/o/{demo.slug}/")
        # A page that shows the officer just what it showed the member was checked already.
        paths = [p for p in pages.paths if seen.get(p) != pages.digests[p]]
        seen.update(pages.digests)
        for path in paths:
            found, overflow = _check(page, live_server.url + path)
            if path == paths[0]:
                assert page.get_by_text(email).count() >= 1, f"{path}: not {email}"
            for width, violations in found.items():
                failures[f"{path} as {email} at {width}"] = violations
            for width, wide in overflow.items():
                overflows[f"{path} as {email} at {width}"] = wide
        checked += len(paths)
        print(f"{email}: {len(paths)} of {len(pages.paths)} pages checked; "
              f"arguments not filled: {pages.unfilled}")
    print(f"axe: {checked} pages x 2 widths; overflow: {checked} pages x 2 phone widths")
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())
    assert not overflows, "\n".join(f"{k}: {v}" for k, v in overflows.items())


def test_the_menu_folds_on_a_phone_and_opens_with_a_tap(transactional_db, live_server,
                                                        new_page):
    from openassembly.core.actors import System
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    founded = create_organisation(System("tests"), constitution_text=examples.read("commonweal"))
    page = new_page()
    page.set_default_navigation_timeout(30_000)
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(f"{live_server.url}/o/{founded.slug}/")
    nav = page.get_by_role("navigation", name="Main")
    ballots = nav.get_by_role("link", name="Ballots")
    assert not ballots.is_visible()
    menu = nav.get_by_text("Menu")
    assert menu.bounding_box()["height"] >= 44
    menu.click()
    assert ballots.is_visible() and ballots.bounding_box()["height"] >= 44
    assert page.evaluate(OVERFLOW) is None
    # At a desk's width every link shows with no tap, and there is no "Menu" to press.
    page.set_viewport_size({"width": DESK, "height": 900})
    page.reload()
    assert ballots.is_visible() and not menu.is_visible()
