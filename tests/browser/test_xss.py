"""Issue 13's XSS attack, kept: hostile text in every field a member or officer writes, and
every page of the demo rendered in Chromium, with a detector that a deliberately unsafe page
proves works.

Every free-text column of every row the project's models keep (names, titles, motions and
amendments, papers, petitions, statements, places, purposes, reports, answers) is given a
payload from `xss_payloads`; the columns a page shows as HTML (a paper, a motion, minutes)
are given the payload rendered by the project's own Markdown renderer, as a write would
store it. Then every page in `tests/url_inventory.py` is opened as the secretary (who sees
the most) and as a visitor. A payload that ran would call ``window.__xss`` (kept off the
page: Playwright's binding reports it), open a dialog, or log to the console; each is
caught. Because the Content-Security-Policy would block most inline script anyway, the test
also asks the DOM whether any payload became markup (an event handler attribute, a script
element, a javascript: link): escaping, not only the policy, must protect.
"""

from __future__ import annotations

import re

import pytest
from django.db import IntegrityError, models, transaction

from tests.url_inventory import every_page

from .conftest import CHROMIUM_ARGS  # noqa: F401 - the browser fixture launches with them
from .xss_payloads import payloads

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Columns that are not free text a person writes, or that the code parses (changing them
# would break the page, not test it): keys, codes, hashes, secrets, addresses, stored data.
SKIP_NAMES = re.compile(
    r"(^|_)(slug|key|keys|status|kind|hash|sha256|token|secret|password|email|seed|"
    r"commitment|route|rule|reference|payload|data|code|codes|method|url|phone|address|"
    r"ip|totp|region|side|choice|format|fmt|scope|scopes|dataset|csv|toml|source|svg|"
    r"value|values|options|ranking|outcome)($|_)"
)
SKIP_MODELS = {
    "LedgerEvent",
    "Checkpoint",
    "ConstitutionVersion",
    "Salt",
    "User",
    "AccessToken",
    "RecoveryCode",
    "SensitiveAction",
    "Task",
    "TaskDelivery",
    "Mailing",
    "MailingDelivery",
    "Notice",
    "NoticeDelivery",
    "Ballot",
    "SecretBallot",
    "PoolEntry",
    "SeedParty",
    "RollEntry",
    "Elector",
    "StandingChange",
    "DuesPayment",
    "AffiliationFee",
    "Signup",
}
ROWS_PER_MODEL = 8
DETECTOR = """
window.__xssRan = [];
document.addEventListener("DOMContentLoaded", () => {
    // A CSP-independent check: markup a payload would have made, if escaping had failed.
    const bad = document.querySelectorAll(
        "script:not([src]), [onerror], [onload], [onclick], [onmouseover], [onfocus], " +
        "[ontoggle], [onstart], [onbegin], iframe, object, embed, base, " +
        "a[href^='javascript' i], iframe[src^='javascript' i], form[action^='javascript' i]");
    window.__markup = Array.from(bad).map((e) => e.outerHTML.slice(0, 120));
});
"""


def _text_fields(model) -> list[models.Field]:
    fields = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)):
            continue
        if field.choices or field.primary_key or SKIP_NAMES.search(field.name):
            continue
        if isinstance(field, models.CharField) and (field.max_length or 0) < 40:
            continue
        fields.append(field)
    return fields


def plant(organisation) -> dict[str, int]:
    """Write payloads into every free-text column; returns column -> rows written."""
    from django.apps import apps

    from openassembly.meetings.text import render

    corpus = payloads()
    written: dict[str, int] = {}
    turn = 0
    for model in apps.get_models():
        if not model.__module__.startswith("openassembly.") or model.__name__ in SKIP_MODELS:
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        rows = (
            model.objects.order_by("pk")[:ROWS_PER_MODEL]
            if not hasattr(model, "organisation")
            else model.objects.filter(organisation=organisation).order_by("pk")[:ROWS_PER_MODEL]
        )
        for row in rows:
            update = {}
            for field in fields:
                _number, text = corpus[turn % len(corpus)]
                turn += 1
                limit = getattr(field, "max_length", None)
                if limit and len(text) > limit:
                    continue
                update[field.attname] = render(text) if field.name.endswith("html") else text
            for name, value in update.items():
                # A column a database constraint ties to another (a private item's rule)
                # keeps its value: the constraint, not escaping, decides what it holds.
                try:
                    with transaction.atomic():
                        model.objects.filter(pk=row.pk).update(**{name: value})
                except IntegrityError:
                    continue
                key = f"{model.__name__}.{name}"
                written[key] = written.get(key, 0) + 1
    return written


def test_the_detector_fires_on_an_unsafe_page(new_page, csp_violations):
    """Positive control: the same payloads, set raw into a page with no policy, are caught by
    each net the test relies on (the binding, the dialog, the DOM check)."""
    page = new_page()
    ran, dialogs = _watch(page)
    corpus = payloads()
    unsafe = "".join(f"<div>{text}</div>" for _, text in corpus)
    page.set_content(f"<!doctype html><html><body>{unsafe}</body></html>")
    page.wait_for_timeout(300)
    markup = page.evaluate(
        "Array.from(document.querySelectorAll('script:not([src]), [onerror], [onload]')).length"
    )
    assert {4, 7} <= set(ran), ran  # an onerror image, an svg onload
    assert dialogs, "the alert() payloads opened no dialog"
    assert markup > 0
    csp_violations.clear()  # the unsafe page is meant to break the rules


def _watch(page):
    ran: list[int] = []
    dialogs: list[str] = []
    page.expose_function("__xss", lambda n: ran.append(int(n)))
    page.add_init_script(DETECTOR)

    def dialog(d):
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on(
        "console",
        lambda m: (
            ran.append(-1)
            if "xss" in m.text.lower() and "Content Security Policy" not in m.text
            else None
        ),
    )
    return ran, dialogs


def test_no_payload_runs_or_becomes_markup_on_any_page(live_server, new_page, csp_violations):
    from openassembly.demo import organisation as demo

    organisation = demo.load_demo(members_count=120)
    written = plant(organisation)
    # The fields the issue names are among those written.
    for column in (
        "Member.name",
        "Meeting.title",
        "Meeting.place",
        "AgendaItem.title",
        "Motion.text",
        "Motion.html",
        "Petition.title",
        "Petition.text",
        "PaperVersion.html",
        "Candidacy.statement",
        "Poll.title",
        "Appeal.text",
    ):
        assert column in written, f"{column} not planted: {sorted(written)}"
    # Pages and the SVG images a browser draws (a seat diagram shows members' names); files
    # served for download (CSV, BLT, iCalendar, PDF, TOML, JSON) a browser does not render.
    pages = [
        p
        for p in every_page(organisation)
        if not p.startswith("/api/") and ("." not in p.rsplit("/", 1)[-1] or p.endswith(".svg"))
    ]
    assert len(pages) > 40, len(pages)

    page = new_page()
    ran, dialogs = _watch(page)
    _sign_in(page, live_server.url, demo.OFFICER_EMAIL)
    visitor = new_page()
    ran_v, dialogs_v = _watch(visitor)

    renders = 0
    problems = []
    for path in pages:
        for who, tab in (("officer", page), ("visitor", visitor)):
            response = tab.goto(live_server.url + path, wait_until="load")
            if response is None or response.status >= 500:
                problems.append(f"{path} as {who}: {response and response.status}")
                continue
            html = tab.content()
            shown = set(re.findall(r"xss(\d+)\b", html))
            renders += len(shown)
            markup = tab.evaluate("window.__markup || []")
            if markup:
                problems.append(f"{path} as {who}: markup {markup[:3]}")
    assert not problems, "\n".join(problems)
    assert not ran and not ran_v, f"payloads ran: {ran} {ran_v}"
    assert not dialogs and not dialogs_v, f"dialogs: {dialogs} {dialogs_v}"
    # The payloads were on the pages, as text: escaped, not dropped.
    assert renders > 500, renders
    print(
        f"\nXSS: {len(payloads())} payloads in {len(written)} columns; "
        f"{len(pages)} pages x 2 viewers; {renders} payload-page renders"
    )


def _sign_in(page, base: str, email: str) -> None:
    """Sign in as a person does, and pass the second factor with the demo's key."""
    import pyotp

    from openassembly.demo import organisation as demo

    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(pyotp.TOTP(demo.DEMO_TOTP_SECRET).now())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
