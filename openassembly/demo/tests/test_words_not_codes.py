"""The demo's main public pages speak in words: no internal status, kind or route code (a
choice's stored value such as "pool_closed", "member-ballot", "two-officers") appears in the
text a visitor or member reads. Text inside <code> is exempt: there the page shows a technical
key on purpose (an event kind beside its label, a seed), and so is <pre>, verbatim text (a
command to re-count, the returning officer's sheet, a ledger event's data exactly as hashed),
and an element of class "hash"."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.apps import apps
from django.test import Client

NAMED = {"pool_closed", "pool-closed", "referred-back", "referred_back", "by_petition",
         "by-petition", "member-ballot", "all-members", "two-officers", "ers97", "ex-officio"}


class _Visible(HTMLParser):
    """The text a reader sees: not scripts, styles, <code>, <pre>, hashes or attributes."""

    HIDDEN = {"script", "style", "code", "pre", "template", "title"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.hidden: list[str] = []  # the open elements whose text is exempt
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        if self.hidden or tag in self.HIDDEN or "hash" in classes:
            self.hidden.append(tag)

    def handle_endtag(self, tag):
        if self.hidden and self.hidden[-1] == tag:
            self.hidden.pop()

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


def internal_codes() -> set[str]:
    """Every stored choice value of the project's models that is a code rather than a word
    (it has a separator and differs from its label), both spellings, and the named ones."""
    from openassembly.core.authority import Route

    codes = set(NAMED) | {route.value for route in Route if "-" in route.value}
    for model in apps.get_models():
        if not model.__module__.startswith("openassembly."):
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and re.search(r"[-_]", value) and value != label:
                    codes |= {value, value.replace("_", "-"), value.replace("-", "_")}
    return codes


def _found(text: str, codes: set[str]) -> set[str]:
    return {code for code in codes
            if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)}


def test_the_scanner_finds_a_code_shown_as_text_and_ignores_attributes():
    html = ('<p class="pool_closed" data-x="by-petition">Status: pool_closed</p>'
            "<p><code>referred-back</code> called by petition</p>"
            '<pre>{"route": "by_petition"}</pre><td class="hash">two-officers</td>'
            "<p>all-members<br>meeting</p>")
    assert _found(visible_text(html), NAMED) == {"pool_closed", "all-members"}


def _pages(organisation) -> list[str]:
    from openassembly.ballots.models import Petition, Poll, Sortition
    from openassembly.bodies.models import Body, SeatHolding
    from openassembly.meetings.models import Division, Meeting, Minutes

    slug = organisation.slug
    pages = ["/", f"/o/{slug}/", f"/o/{slug}/constitution/", f"/o/{slug}/ledger/",
             f"/o/{slug}/ballots/", f"/o/{slug}/petitions/", f"/o/{slug}/meetings/",
             f"/o/{slug}/requisitions/", f"/o/{slug}/open-data/"]
    pages += [f"/o/{slug}/bodies/{key}/" for key in
              Body.objects.filter(organisation=organisation).values_list("key", flat=True)]
    for poll in Poll.objects.filter(organisation=organisation):
        pages.append(f"/o/{slug}/polls/{poll.pk}/")
        if poll.status == Poll.Status.DECLARED:
            pages.append(f"/o/{slug}/polls/{poll.pk}/results/")
    pages += [f"/o/{slug}/petitions/{pk}/" for pk in
              Petition.objects.filter(organisation=organisation).values_list("pk", flat=True)]
    pages += [f"/o/{slug}/sortitions/{pk}/" for pk in
              Sortition.objects.filter(organisation=organisation).values_list("pk", flat=True)]
    pages += [f"/o/{slug}/meetings/{pk}/" for pk in
              Meeting.objects.filter(organisation=organisation).values_list("pk", flat=True)]
    pages += [f"/o/{slug}/divisions/{pk}/" for pk in
              Division.objects.filter(organisation=organisation).values_list("pk", flat=True)]
    pages += [f"/o/{slug}/meetings/{pk}/minutes/" for pk in
              Minutes.objects.filter(organisation=organisation).values_list("meeting_id",
                                                                             flat=True)]
    pages += [f"/o/{slug}/decisions/", f"/o/{slug}/compliance/", f"/o/{slug}/withheld/",
              f"/o/{slug}/?view=public"]
    holders = (SeatHolding.objects.filter(organisation=organisation, ends_on=None)
               .values_list("member_id", flat=True).distinct()[:5])
    pages += [f"/o/{slug}/people/{pk}/" for pk in holders]
    return pages


def test_the_demo_pages_show_no_internal_codes(db):
    from openassembly.demo import organisation as demo

    organisation = demo.load_demo(members_count=120)
    codes = internal_codes()
    assert {"pool_closed", "referred-back", "by_petition"} <= codes
    visitor, member, officer = Client(), Client(), Client()
    from openassembly.accounts.middleware import mark_second_factor_passed
    from openassembly.accounts.models import User

    member.force_login(User.objects.get(email=demo.MEMBER_EMAIL))
    # The officer's start page has a panel of its own (two-officer acts, compliance, mail).
    officer.force_login(User.objects.get(email=demo.SECOND_OFFICER_EMAIL))
    session = officer.session
    mark_second_factor_passed(session)
    session.save()
    shown: dict[str, set[str]] = {}
    for path in _pages(organisation):
        for who, client in (("visitor", visitor), ("member", member), ("officer", officer)):
            response = client.get(path, follow=True)
            assert response.status_code == 200, f"{path} as {who}: {response.status_code}"
            found = _found(visible_text(response.content.decode()), codes)
            if found:
                shown[f"{path} ({who})"] = found
    assert not shown, f"internal codes shown as text: {shown}"
