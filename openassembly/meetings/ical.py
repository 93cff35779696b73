"""An iCalendar (RFC 5545) feed of a body's meetings, written by hand: it is a small format."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from .models import Meeting

DEFAULT_LENGTH = timedelta(hours=2)


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start = [], 0
    while start < len(data):
        end = min(start + (75 if start == 0 else 74), len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # never split a UTF-8 character
        parts.append(data[start:end].decode("utf-8"))
        start = end
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(*, name: str, meetings: Iterable[Meeting]) -> str:
    """The meetings as iCalendar events, each linked to its page at SITE_URL."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//openassembly//meetings//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}"]
    for meeting in meetings:
        status = {"cancelled": "CANCELLED"}.get(meeting.status, "CONFIRMED")
        ends = meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH
        where = " / ".join(p for p in (meeting.place, meeting.online_url) if p)
        notes = [f"Called by {meeting.called_by.name}. {meeting.notice_reason}"]
        if meeting.short_notice:
            notes.insert(0, f"SHORT NOTICE: {meeting.urgency_reason}")
        url = settings.SITE_URL.rstrip("/") + reverse(
            "meetings:meeting", kwargs={"org": meeting.organisation.slug, "pk": meeting.pk})
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{_utc(meeting.called_at)}",
            f"DTSTART:{_utc(meeting.starts_at)}",
            f"DTEND:{_utc(ends)}",
            f"SUMMARY:{_escape(meeting.title)}",
            f"LOCATION:{_escape(where)}",
            f"DESCRIPTION:{_escape(' '.join(notes))}",
            f"URL:{url}",
            f"STATUS:{status}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
