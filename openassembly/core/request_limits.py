"""How big a request may be, and the pages that say so in words when one is too big or malformed.

Django bounds the parts of a request it reads into memory (``DATA_UPLOAD_MAX_MEMORY_SIZE``,
``DATA_UPLOAD_MAX_NUMBER_FIELDS``, ``DATA_UPLOAD_MAX_NUMBER_FILES``, in settings) and raises
``RequestDataTooBig``, ``TooManyFieldsSent`` or another ``SuspiciousOperation`` when one is
passed; its own answer to those is a bare "Bad Request (400)". Uploaded files are not bounded
by Django at all, so ``RequestSizeMiddleware`` refuses a body larger than
``MAX_REQUEST_BYTES`` from its declared length, before a byte of it is read. The handlers here
(``config/urls.py`` names them) answer each case in words, as JSON under ``/api/``, and never
with a traceback: the server-error page says only that something went wrong on our side.
"""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

log = logging.getLogger(__name__)

MiB = 1024 * 1024


def _megabytes(size: int) -> str:
    """A size as people say it; never rounded so that a file over a bound reads as on it."""
    if size >= MiB:
        return f"{size / MiB:,.0f} MB" if size % MiB == 0 else f"{size / MiB:,.1f} MB"
    return f"{size / 1024:,.0f} KB" if size % 1024 == 0 else f"{size / 1024:,.1f} KB"


def max_request_bytes() -> int:
    return int(getattr(settings, "MAX_REQUEST_BYTES", 60 * MiB))


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _answer(request: HttpRequest, status: int, title: str, message: str,
            *, bare: bool = False) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": message}, status=status)
    context = {"message": message, "status": status, "title": title}
    if bare:
        # After a server fault the organisation's menu may be what failed: leave it out.
        context.update(organisation=None, member=None, powers=set())
    try:
        body = loader.render_to_string("error.html", context, request=request)
    except Exception:  # the page must come out even when the site's own templates cannot
        log.exception("the error page could not be rendered")
        body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>"
    return HttpResponse(body, status=status)


def too_large_message(size: int | None = None) -> str:
    limit = max_request_bytes()
    told = f"What was sent is {_megabytes(size)}; " if size else ""
    return (f"{told}a request may be at most {_megabytes(limit)}. Nothing was saved. Send a "
            "smaller file, or split a member roll into several files.")


def why(exception: BaseException | None) -> tuple[int, str, str]:
    """(status, title, sentence) for a request Django refused to read."""
    if isinstance(exception, RequestDataTooBig):
        return 413, "Too much was sent", (
            "The form sent more text than the server accepts in one go (at most "
            f"{_megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} besides files). Nothing was "
            "saved. Shorten the text, or upload it as a file.")
    if isinstance(exception, TooManyFieldsSent):
        return 400, "Too many fields", (
            f"The form sent more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} fields, more "
            "than any page here has. Nothing was saved. Reload the page and try again.")
    if isinstance(exception, TooManyFilesSent):
        return 400, "Too many files", (
            f"The form sent more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES:,} files at once. "
            "Nothing was saved. Send fewer files at a time.")
    return 400, "The request could not be read", (
        "The server could not read what was sent (it was malformed or incomplete). Nothing "
        "was saved. Go back, reload the page and try again.")


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """handler400: a request Django refused to read, said in words (413 when too large)."""
    status, title, message = why(exception)
    return _answer(request, status, title, message)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: no traceback, no detail that helps an attacker; the fault is logged."""
    return _answer(request, 500, "Something went wrong on our side",
                   "The server failed to do this, and the fault has been logged for the people "
                   "who run this site. Nothing you did caused it. Try again in a minute; if it "
                   "happens again, tell the organisation's secretary what you were doing.",
                   bare=True)


class RequestSizeMiddleware:
    """Refuse a request whose declared body is larger than ``MAX_REQUEST_BYTES``, unread.

    Django bounds form fields but not uploaded files, which it spools to disk at any size: a
    bound here keeps a 10 GB upload from filling the disk before any form can refuse it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_request_bytes():
            response = _answer(request, 413, "Too much was sent", too_large_message(length))
            # The client may still be sending; it must not reuse this connection.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


def upload_within(upload, limit: int, *, what: str) -> None:
    """Refuse an upload larger than ``limit`` by its size, before it is read (a form's
    ``clean_<file>`` calls this, so the reason shows by the field)."""
    if upload is not None and upload.size > limit:
        raise forms.ValidationError(
            f"The {what} is {_megabytes(upload.size)}; at most {_megabytes(limit)} can be "
            "uploaded. Nothing was saved.")
