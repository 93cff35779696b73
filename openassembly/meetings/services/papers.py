"""Papers: uploaded as PDF, Markdown, Word (.docx) or OpenDocument (.odt), versioned, and marked
late when they miss the deadline. A word processor's file is kept as uploaded and shown as the
page it converts to (documents.py)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from openassembly.core import clock
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput
from openassembly.core.ledger import append_event
from openassembly.core.powers import powers_of
from openassembly.core.text import plain_name
from openassembly.members.models import Member
from openassembly.rules.questions import papers_late

from .. import constitution, documents
from ..models import AgendaItem, Meeting, Paper, PaperVersion, Withholding
from ..tasks import enqueue_paper_mail
from ..text import clean_markdown, render
from ._common import require_chair, require_status, require_voting_member

MAX_PAPER_BYTES = getattr(settings, "MEETINGS_MAX_PAPER_BYTES", 10 * 1024 * 1024)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")


def _content(data: bytes, filename: str) -> tuple[str, str, bytes | None]:
    """(kind, markdown or converted HTML, pdf bytes) for an upload, judged by its bytes (a
    zip archive is a document only when its name says which kind)."""
    if len(data) > MAX_PAPER_BYTES:
        raise InvalidInput(
            f"The paper is {len(data) / 1048576:.1f} MB; the limit is "
            f"{MAX_PAPER_BYTES // 1048576} MB. Nothing was saved."
        )
    if not data:
        raise InvalidInput("The file is empty. Nothing was saved.")
    if data.startswith(b"%PDF-"):
        # A real PDF ends with an end-of-file marker; a truncated upload does not.
        if b"%%EOF" not in data[-2048:]:
            raise InvalidInput("The PDF is incomplete (it has no end marker). Nothing was saved.")
        return PaperVersion.Kind.PDF, "", data
    document = documents.kind_of(filename)
    if document is not None:
        if not data.startswith(b"PK\x03\x04"):
            raise InvalidInput(f"'{filename}' is not a {documents.NAMES[document]} (it is not "
                               "the zip archive such files are). Nothing was saved.",
                               field="file")
        return document, documents.to_html(data, filename, document), None
    if not filename.lower().endswith(MARKDOWN_SUFFIXES):
        raise InvalidInput(
            f"'{filename}' is not a paper this site can show. Papers are PDF, Word (.docx), "
            "OpenDocument (.odt) or Markdown (.md) files. Nothing was saved.", field="file"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"'{filename}' is not a text file in UTF-8, so it is not Markdown. Nothing was saved."
        ) from None
    return PaperVersion.Kind.MARKDOWN, clean_markdown(text, field="paper"), None


def _may_circulate(actor: Member, meeting: Meeting) -> None:
    """Officers of the meeting, and any member of the body, may circulate papers to it."""
    if actor is not None and (
        actor.pk in (meeting.chair_id, meeting.minute_taker_id)
        or "call-meeting" in powers_of(actor)
    ):
        return
    require_voting_member(actor, meeting, "circulate papers")


@acts(Route.SELF, Route.OFFICE, power="call-meeting")
def circulate_paper(
    actor: Member,
    *,
    meeting: Meeting,
    title: str = "",
    item: AgendaItem | None = None,
    paper: Paper | None = None,
    data: bytes | None = None,
    filename: str = "",
    markdown: str | None = None,
) -> PaperVersion:
    """Circulate a paper (or a new version of ``paper``) to the body, timestamped now.

    The paper is mailed to the body's members in the background; where the constitution says
    the body's papers go to every member, the version is circulated to them at the same moment
    and the mail goes to every member (its links are built from ``SITE_URL``).
    """
    _may_circulate(actor, meeting)
    require_status(meeting, Meeting.Status.CALLED, Meeting.Status.OPEN, doing="circulate papers")
    if item is not None and item.meeting_id != meeting.pk:
        raise InvalidInput("That item is on another meeting's agenda.")
    if paper is not None and paper.meeting_id != meeting.pk:
        raise InvalidInput("That paper belongs to another meeting.")
    title = plain_name(title, what="paper's title", field="title")
    if paper is None and not title:
        raise InvalidInput("Give the paper a title.")
    if (data is None) == (markdown is None):
        raise InvalidInput("Upload a file or write the paper in Markdown (one of the two).")
    converted = ""
    if data is not None:
        kind, text, pdf = _content(data, filename)
        if kind in (PaperVersion.Kind.DOCX, PaperVersion.Kind.ODT):
            converted, text = text, ""
        raw = data
    else:
        raw = (markdown or "").encode("utf-8")
        if len(raw) > MAX_PAPER_BYTES:
            raise InvalidInput("The paper is larger than the limit. Nothing was saved.")
        kind, text, pdf = PaperVersion.Kind.MARKDOWN, clean_markdown(markdown, field="paper"), None
        if not text:
            raise InvalidInput("The paper is empty. Nothing was saved.")
    now = clock.now()
    rules = constitution.spec(meeting.body)
    answer = papers_late(rules, circulated_at=now, meeting_at=meeting.starts_at)
    members_rule = rules.papers_to_members_rule if rules.papers_to_members else None
    deadline = meeting.starts_at - timedelta(days=rules.papers_days)
    late_seconds = max(0, int((now - deadline).total_seconds())) if not answer.ok else None
    with transaction.atomic():
        if paper is None:
            paper = Paper.objects.create(
                organisation=meeting.organisation, meeting=meeting, item=item,
                title=title.strip(), created_by=actor, created_at=now,
            )
        else:
            paper = Paper.objects.select_for_update().get(pk=paper.pk)
        number = (paper.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = PaperVersion.objects.create(
            organisation=meeting.organisation, paper=paper, number=number, kind=kind,
            filename=filename[:200], markdown=text,
            html=converted or (render(text) if text else ""), pdf=pdf,
            original=data if converted else None,
            size=len(raw), sha256=hashlib.sha256(raw).hexdigest(), circulated_at=now,
            circulated_by=actor, late=not answer.ok, late_seconds=late_seconds,
            lateness_rule=answer.rule, lateness_reason=answer.reason,
            **({"circulated_to": "the members of the body and every member",
                "members_circulated_at": now, "members_rule": members_rule}
               if members_rule else {}),
        )
        append_event(meeting.organisation, kind="paper.circulated", actor=actor.name, data={
            "meeting": meeting.pk, "paper": paper.pk, "title": paper.title, "version": number,
            "kind": kind, "sha256": version.sha256, "late": version.late,
            "rule": answer.rule, "reason": answer.reason,
            "to_members": bool(members_rule), "members_rule": members_rule or "",
        })
        # Circulating is sending: the body's members (every member, where the rule says so)
        # are mailed the paper in the background.
        enqueue_paper_mail(version, started_by=actor, everyone=bool(members_rule))
    return version


@acts(Route.OFFICE, power="chair-meeting")
def withhold_paper(actor: Member, *, version: PaperVersion, ground: str) -> Withholding:
    """Keep a paper's content off the public record, on a private-business ground."""
    meeting = version.paper.meeting
    require_chair(actor, meeting, "withhold a paper")
    if version.private_ground:
        raise Conflict("That paper is withheld already.")
    try:
        rule = meeting.organisation.constitution.private_ground(ground)
    except KeyError:
        allowed = "; ".join(f"{g.name} (rule {g.rule})"
                            for g in meeting.organisation.constitution.private_business)
        raise InvalidInput(
            f"'{ground}' is not a ground the constitution allows for withholding. "
            f"It allows only: {allowed or 'none'}."
        ) from None
    with transaction.atomic():
        version.private_ground = rule.key
        version.save(update_fields=["private_ground"])
        entry = Withholding.objects.create(
            organisation=meeting.organisation, kind=Withholding.Kind.REDACTED_PAPER,
            meeting=meeting, paper_version=version,
            description=f"The content of paper '{version.paper.title}', version {version.number}",
            ground=rule.name, rule=rule.rule, decided_by=actor.name, decided_at=clock.now(),
            outcome_public=rule.outcome_public,
        )
        append_event(meeting.organisation, kind="paper.withheld", actor=actor.name, data={
            "meeting": meeting.pk, "paper": version.paper_id, "version": version.number,
            "ground": rule.name, "rule": rule.rule,
        })
    return entry
