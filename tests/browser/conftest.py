"""Playwright with Debian's Chromium: Playwright's own browser download cannot work here."""

from __future__ import annotations

import os
import shutil

import pytest

# live_server runs Django in a thread while Playwright's sync API holds an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        # A browser test that cannot run must fail, not pass by being skipped.
        raise RuntimeError(f"Chromium not found at {path}: run `make test`, which installs it")
    return path


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Ids repeat between tests, so nothing cached by one test may answer for another.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Every page reports the Content-Security-Policy violations the browser sees, both ways it
# reports them: the securitypolicyviolation event (from a script Playwright adds, which the
# page's policy does not govern, sent back through a binding so no navigation loses it) and
# the console message Chromium prints.
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
        `at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


def _is_csp(text: str) -> bool:
    return "Content Security Policy" in text or "Content-Security-Policy" in text


@pytest.fixture
def csp_violations() -> list[str]:
    return []


@pytest.fixture
def new_page(browser, csp_violations):
    contexts = []

    def make():
        context = browser.new_context()
        context.set_default_timeout(10_000)
        context.expose_function("__reportCspViolation", lambda text: csp_violations.append(text))
        context.add_init_script(WATCH_CSP)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: csp_violations.append(m.text) if _is_csp(m.text) else None)
        return page

    yield make
    for context in contexts:
        context.close()
    # A page that needs an inline script or style, or something from another site, fails its
    # test here, whatever the test itself checked.
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(
        csp_violations)
