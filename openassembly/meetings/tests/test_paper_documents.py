"""Papers as Word (.docx) and OpenDocument (.odt) files: converted to a readable, sanitised
page and a PDF, the original kept for download; zip bombs and damaged files refused by the
upload field, with nothing saved."""

from __future__ import annotations

import html
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from openassembly.core.models import LedgerEvent
from openassembly.meetings.models import Paper, PaperVersion

from .documents_kit import docx, odt, zip_bomb
from .test_pages import login


def _circulate(sitting, name: str, data: bytes):
    url = reverse("meetings:act", kwargs={"org": sitting.meeting.organisation.slug,
                                          "pk": sitting.meeting.pk, "name": "paper"})
    upload = SimpleUploadedFile(name, data, "application/octet-stream")
    return login(sitting.chair).post(url, {"item": sitting.item.pk, "title": "Budget",
                                           "file": upload})


def _page_of(sitting, version: PaperVersion) -> str:
    return reverse("meetings:paper", kwargs={
        "org": sitting.meeting.organisation.slug, "pk": sitting.meeting.pk,
        "paper_pk": version.paper_id, "number": version.number})


def test_a_word_paper_becomes_a_page_a_pdf_and_keeps_its_original(sitting, client):
    original = docx(paragraphs=("We propose £1,200 for rent.",))
    response = _circulate(sitting, "budget.docx", original)
    assert response.status_code == 303
    version = PaperVersion.objects.get()
    assert version.kind == PaperVersion.Kind.DOCX and version.filename == "budget.docx"
    assert bytes(version.original) == original and version.size == len(original)
    assert version.pdf is None and version.markdown == ""
    page = client.get(_page_of(sitting, version)).content.decode()
    assert "<h1>Budget 2027</h1>" in page and "<strong>Approve the budget</strong>" in page
    assert "We propose £1,200 for rent." in page
    assert 'href="https://example.org/plan"' in page
    assert "Converted from word document “budget.docx”" in page
    download = client.get(_page_of(sitting, version) + "?download=original")
    assert download.content == original
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"].endswith("wordprocessingml.document")
    pdf = client.get(_page_of(sitting, version) + "?as=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Budget 2027" in text and "We propose £1,200 for rent." in text


def test_an_opendocument_paper_keeps_headings_lists_and_tables(sitting, client):
    original = odt(items=("Rent", "Staff costs"))
    assert _circulate(sitting, "plan.odt", original).status_code == 303
    version = PaperVersion.objects.get()
    assert version.kind == PaperVersion.Kind.ODT and bytes(version.original) == original
    page = client.get(_page_of(sitting, version)).content.decode()
    assert "<h1>Budget 2027</h1>" in page
    assert "<li><p>Rent</p></li><li><p>Staff costs</p></li>" in page
    assert "<td><p>£1,200</p></td>" in page
    pdf = client.get(_page_of(sitting, version) + "?as=pdf")
    assert "Staff costs" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_script_and_script_links_in_a_document_are_sanitised(sitting, client):
    _circulate(sitting, "evil.docx", docx(link="javascript:alert(document.cookie)",
                                          paragraphs=("<script>alert(1)</script>",)))
    _circulate(sitting, "evil.odt", odt(link="javascript:alert(document.cookie)", body=(
        '<text:p>Hi<text:a xlink:href="javascript:alert(2)">x</text:a>'
        "&lt;img src=x onerror=alert(3)&gt;</text:p>")))
    versions = list(PaperVersion.objects.order_by("pk"))
    assert len(versions) == 2
    for version in versions:
        assert "javascript" not in version.html.lower()
        assert "<script" not in version.html and "<img" not in version.html
        page = client.get(_page_of(sitting, version)).content.decode()
        assert "javascript:alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in versions[0].html


def test_a_zip_bomb_is_refused_by_the_field_before_it_is_unpacked(sitting):
    events = LedgerEvent.objects.count()
    for name, data, why in [
        ("bomb.docx", zip_bomb(megabytes=60), "would unpack to 60 MB; a document may unpack "
                                              "to at most 50 MB"),
        ("dense.odt", zip_bomb(name="content.xml", megabytes=8),
         "times over in 'content.xml', as no document is (it looks like a zip bomb)"),
    ]:
        response = _circulate(sitting, name, data)
        assert response.status_code == 400
        page = html.unescape(response.content.decode())
        assert why in page
        assert f'id="paper{sitting.item.pk}-file_error"' in page
    assert not Paper.objects.exists() and LedgerEvent.objects.count() == events


def test_damaged_and_disguised_documents_are_refused_in_words(sitting):
    cases = [
        ("notes.docx", b"this is not a zip at all", "is not a Word document (.docx)"),
        ("notes.docx", docx()[:200], "is not a readable document"),
        ("notes.odt", docx(), "has no mimetype"),
        ("notes.docx", odt(), "has no word/document.xml"),
        ("notes.odt", odt(body="<text:p>unclosed"), "content.xml is not well-formed"),
        ("notes.odt", odt(body='<!DOCTYPE x [<!ENTITY a "aaaa">]><text:p>&a;</text:p>'),
         "content.xml is not well-formed or uses XML features"),
        ("notes.xlsx", docx(), "Papers are PDF, Word (.docx), OpenDocument (.odt) or Markdown"),
    ]
    for name, data, why in cases:
        response = _circulate(sitting, name, data)
        assert response.status_code == 400, name
        assert why in response.content.decode(), (name, why)
    assert not Paper.objects.exists()
