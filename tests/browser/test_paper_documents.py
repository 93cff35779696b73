"""A Word paper in the browser: the secretary uploads a .docx to an agenda item, reads the page
it became, downloads the original, and sees a zip bomb refused by the file field."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openassembly.core.actors import System
from openassembly.meetings.tests.documents_kit import docx, zip_bomb

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def test_a_word_paper_is_uploaded_read_and_downloaded(live_server, new_page, tmp_path):
    from openassembly.bodies.models import Body
    from openassembly.core import clock
    from openassembly.core.services import create_organisation
    from openassembly.meetings import services
    from openassembly.rules import examples
    from tests.browser.helpers import officer

    founded = create_organisation(System("tests"), constitution_text=examples.read("commonweal"))
    now = timezone.now().replace(second=0, microsecond=0)
    with clock.frozen_at(now):
        secretary, secret = officer(founded, "organising-group", "secretary", "sec@example.org",
                                    name="Morwen Ashby")
        meeting = services.call_meeting(
            secretary, organisation=founded,
            body=Body.objects.get(organisation=founded, key="coordinating-group"),
            title="Coordinating Group, spring", starts_at=now + timedelta(days=10),
            place="Hall", agenda=[("Budget", "")])
    paper = tmp_path / "budget.docx"
    paper.write_bytes(docx(paragraphs=("We propose £1,200 for rent.",)))
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(zip_bomb(megabytes=60))

    page = new_page()
    # Converting and checking a document is real work; a loaded machine needs the time.
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(30_000)
    base, path = live_server.url, f"/o/{founded.slug}/meetings/{meeting.pk}/"
    with clock.frozen_at(now + timedelta(minutes=1)):
        page.goto(f"{base}/accounts/login/?next={path}")
        page.get_by_label("Email").fill("sec@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_label("Code").fill(pyotp.TOTP(secret).at(now + timedelta(minutes=1)))
        page.get_by_role("button", name="Continue").click()
        item = page.get_by_role("region", name=re.compile(r"^1\. Budget"))

        item.get_by_text("Circulate a paper for item 1").click()
        item.get_by_label("Paper title").fill("Budget")
        item.get_by_label("File").set_input_files(str(bomb))
        item.get_by_role("button", name="Circulate").click()
        expect(page.get_by_role("alert").first).to_contain_text("There is a problem")
        expect(page.get_by_text("would unpack to 60 MB").first).to_be_visible()

        item = page.get_by_role("region", name=re.compile(r"^1\. Budget"))
        item.get_by_label("File").set_input_files(str(paper))
        item.get_by_role("button", name="Circulate").click()
        expect(page.get_by_role("status")).to_contain_text("version 1 circulated")
        page.get_by_role("link", name="version 1").click()
        expect(page.get_by_role("heading", name="Budget 2027")).to_be_visible()
        expect(page.get_by_text("We propose £1,200 for rent.")).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("Download the original")).click()
        assert download.value.suggested_filename.endswith(".docx")
        assert download.value.path().read_bytes() == paper.read_bytes()
