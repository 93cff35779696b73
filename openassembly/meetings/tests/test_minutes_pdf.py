"""The minutes as a PDF file: the same record as the print page, in any alphabet, and drafts
kept from those who may not read them."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from openassembly.meetings import services
from openassembly.meetings.tests.test_pages import login


def _url(name: str, meeting) -> str:
    return reverse(f"meetings:{name}", kwargs={"org": meeting.organisation.slug,
                                               "pk": meeting.pk})


def _read(response) -> tuple[str, PdfReader]:
    """The PDF's text with its line breaks folded away, and the parsed file."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return text, reader


@pytest.fixture
def closed_with_zoe(sitting, seconded, seat_on, make_person):
    """The sitting with Zoë Łódź-Ψηλή present and voting on a carried motion, then closed.

    Votes go through one door only: these tests are about the file, not about voting.
    """
    zoe = seat_on(make_person("Zoë Łódź-Ψηλή", "zoe@example.org"), "coordinating-group")
    services.attend(zoe, meeting=sitting.meeting, mode="in-person")
    motion = seconded(title="Clean air — Чистый воздух",
                      text="We spend ≥ €5,000 on the day of action.")
    division = services.open_division(sitting.chair, motion=motion, method="named")
    choices = ["for"] * 9 + ["against"] * 5 + ["abstain"]
    for person, choice in zip([zoe, *sitting.members], choices, strict=False):
        services.cast_vote(person, division=division, choice=choice)
    division = services.close_division(sitting.chair, division=division)
    meeting = services.close_meeting(sitting.chair, meeting=sitting.meeting)
    return meeting, division


def test_minutes_pdf_carries_the_record_names_in_any_alphabet_and_the_approving_vote(
        closed_with_zoe, sitting, organisation, approve_at_next_meeting, travel):
    meeting, division = closed_with_zoe
    minutes = services.draft_minutes(sitting.secretary, meeting=meeting)
    approval = approve_at_next_meeting(services.publish_minutes(sitting.secretary,
                                                                minutes=minutes))
    printed_at = travel.to(sitting.start + timedelta(days=31))

    response = Client().get(_url("minutes_pdf", meeting))
    text, reader = _read(response)
    day = timezone.localdate(sitting.start).isoformat()
    assert response["Content-Disposition"] == (
        f'inline; filename="minutes-coordinating-group-{day}.pdf"')
    assert "Minutes: Coordinating Group, spring" in text
    assert organisation.name in text and "Hall, online" in text
    assert re.search(r"Present in person: [^.]*Zoë Łódź-Ψηλή", text)
    assert re.search(r"For: [^.]*Zoë Łódź-Ψηλή", text)
    assert "Clean air — Чистый воздух" in text and "≥ €5,000" in text
    assert "9 for, 5 against, 1 abstaining: carried" in text
    assert division.result_reason and division.result_reason in text
    assert f"Approved by division {approval.number} of Summer" in text
    assert "Page 1 of " in text
    assert reader.metadata.title == "Minutes: Coordinating Group, spring"
    assert reader.metadata.creation_date == printed_at


def test_draft_minutes_pdf_is_for_the_minute_taker_and_chair_only(closed_with_zoe, sitting,
                                                                   member):
    meeting, _ = closed_with_zoe
    nothing_yet = Client().get(_url("minutes_pdf", meeting))
    services.draft_minutes(sitting.secretary, meeting=meeting)
    refused = {
        "public": Client().get(_url("minutes_pdf", meeting)),
        "delegate": login(sitting.members[0]).get(_url("minutes_pdf", meeting)),
        "member": login(member).get(_url("minutes_pdf", meeting)),
    }
    # The same answer as before anything was drafted: the page says "none yet" in place (200),
    # a download has nothing to stand in for it (404), and neither shows the draft's words.
    assert nothing_yet.status_code == 404
    for who, response in refused.items():
        assert response.status_code == nothing_yet.status_code, who
        assert response["Content-Type"].startswith("text/html"), who
        assert b"Present in person" not in response.content, who
    page = Client().get(_url("minutes", meeting)).content.decode()
    assert "No minutes have been published" in page and "Present in person" not in page
    assert _url("minutes_pdf", meeting) not in page
    for reader in (sitting.secretary, sitting.chair):
        text, _ = _read(login(reader).get(_url("minutes_pdf", meeting)))
        assert "DRAFT" in text and "This is a draft, not the record" in text


def test_minutes_and_print_pages_link_to_the_pdf(closed_with_zoe, sitting):
    meeting, _ = closed_with_zoe
    services.publish_minutes(sitting.secretary, minutes=services.draft_minutes(
        sitting.secretary, meeting=meeting))
    for page in ("minutes", "minutes_print"):
        response = Client().get(_url(page, meeting))
        assert f'href="{_url("minutes_pdf", meeting)}"' in response.content.decode(), page


def test_minutes_pdf_takes_whatever_markdown_the_minute_taker_saved(closed_with_zoe, sitting):
    """fpdf2 fails a whole document on links to page numbers or #names and on markup after text
    in a table cell, swaps its page-count alias everywhere, and drops characters its font
    lacks; none of that may reach a reader unmarked.
    """
    meeting, _ = closed_with_zoe
    minutes = services.draft_minutes(sitting.secretary, meeting=meeting)
    services.edit_minutes(sitting.secretary, minutes=minutes, text=minutes.text + (
        "\nSee [page 99](99), [the top](#top) and [the site](https://example.org/a_(b)).\n\n"
        "| Who | Owes |\n|---|--:|\n| Zoë `treasurer` **now** | [€10](https://example.org) |\n\n"
        "Keep {nb} as typed. ![logo](logo.png)\n\nGuest: 山田 花子.\n"))
    text, _ = _read(login(sitting.secretary).get(_url("minutes_pdf", meeting)))
    assert "See page 99, the top and the site." in text
    assert "Zoë treasurer now €10" in text
    assert "Keep {nb} as typed." in text
    assert "Guest: \ufffd\ufffd \ufffd\ufffd." in text and "shown as \ufffd" in text
