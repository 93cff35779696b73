"""Requests that are too big, have too many fields, cannot be parsed, or meet a fault: each is
answered in words (JSON under /api/), with the right status, and never with a traceback."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from config import urls
from openassembly.core import request_limits
from openassembly.meetings.models import Paper
from openassembly.meetings.services import papers
from openassembly.meetings.tests.test_pages import login

LOGIN = "/accounts/login/"


def _plain(response) -> str:
    text = response.content.decode()
    assert "Traceback" not in text and 'File "' not in text
    return text


def test_the_handlers_are_ours():
    assert urls.handler400 == "openassembly.core.request_limits.bad_request"
    assert urls.handler500 == "openassembly.core.request_limits.server_error"


def test_too_much_form_text_is_413_in_words(db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = Client().post(LOGIN, {"username": "a@example.org", "password": "x" * 20_000})
    assert response.status_code == 413
    page = _plain(response)
    assert "<h1>Too much was sent</h1>" in page
    assert "at most 9.8 KB besides files" in page and "Nothing was saved" in page


def test_too_many_fields_is_400_in_words(db):
    fields = {f"f{n}": "x" for n in range(2_001)}
    response = Client().post(LOGIN, fields)
    assert response.status_code == 400
    page = _plain(response)
    assert "<h1>Too many fields</h1>" in page and "more than 2,000 fields" in page


def test_a_malformed_upload_is_400_in_words(db):
    # A multipart body whose boundary is missing cannot be parsed at all.
    response = Client().generic("POST", LOGIN, b"--x\r\nnonsense",
                                content_type="multipart/form-data")
    assert response.status_code == 400
    page = _plain(response)
    assert "<h1>The request could not be read</h1>" in page and "Nothing was saved" in page


def test_a_body_over_the_request_bound_is_refused_unread(db, settings):
    settings.MAX_REQUEST_BYTES = 50_000
    response = Client().post(LOGIN, {"username": "a@example.org", "password": "x" * 60_000})
    assert response.status_code == 413
    assert response["Connection"] == "close"
    page = _plain(response)
    assert "a request may be at most 48.8 KB" in page and "Nothing was saved" in page


def test_api_refusals_of_size_are_json(sitting, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    url = "/api/o/commonweal/divisions/1/vote"
    client = login(sitting.members[0])
    body = json.dumps({"choice": "for", "padding": "x" * 5_000})
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "more text than the server accepts" in response.json()["detail"]
    settings.MAX_REQUEST_BYTES = 2_000
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 413
    assert "What was sent is 4.9 KB; a request may be at most 2.0 KB" in response.json()["detail"]


def test_a_server_fault_is_a_page_in_words(db, monkeypatch):
    def fault(*args, **kwargs):
        raise RuntimeError("secret internals: /srv/app/settings.py line 12")

    monkeypatch.setattr("openassembly.record.views.render", fault)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    page = _plain(response)
    assert "Something went wrong on our side" in page and "secret internals" not in page


def test_a_server_fault_in_the_api_is_json(organisation, monkeypatch):
    def fault(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("openassembly.api.api.get_object_or_404", fault)
    response = Client(raise_request_exception=False).get("/api/o/commonweal/bodies")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "The server failed to do this" in response.json()["detail"]
    assert "secret internals" not in response.content.decode()


def test_a_paper_over_its_bound_is_refused_by_the_field(sitting, monkeypatch):
    monkeypatch.setattr(papers, "MAX_PAPER_BYTES", 1_000)
    monkeypatch.setattr("openassembly.meetings.forms.MAX_PAPER_BYTES", 1_000)
    url = reverse("meetings:act", kwargs={"org": sitting.meeting.organisation.slug,
                                          "pk": sitting.meeting.pk, "name": "paper"})
    upload = SimpleUploadedFile("big.md", b"# Big\n" + b"a" * 2_000, "text/markdown")
    response = login(sitting.chair).post(url, {"item": sitting.item.pk, "title": "Big",
                                               "file": upload})
    assert response.status_code == 400
    page = _plain(response)
    assert "The paper is 2.0 KB; at most 1.0 KB can be uploaded. Nothing was saved." in page
    assert not Paper.objects.exists()


@pytest.mark.parametrize(("size", "said"), [(request_limits.MiB, "1 MB"),
                                            (1536 * 1024, "1.5 MB"), (5 * 1024 + 1, "5.0 KB")])
def test_sizes_read_as_people_say_them(size, said):
    # Never rounded to the bound itself: a file just over 5 KB does not read as "5 KB".
    assert request_limits._megabytes(size) == said
