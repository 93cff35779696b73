"""A meeting's minutes as a PDF, made in-process by fpdf2.

The print page leaves PDF-making to the reader's browser; this is the server's own copy, built
from the same record the print page shows, so it needs no external program (no browser, no
wkhtmltopdf, no system Pango) and comes out the same on every install.
"""

from __future__ import annotations

import secrets
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.dateformat import format as date_format
from fpdf import FPDF, FontFace, TextStyle
from fpdf.html import HTML2FPDF

from openassembly.core import clock
from openassembly.core.models import Organisation

from .models import Meeting, Minutes, PaperVersion
from .text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

# The PDF core fonts are Latin-1 only, and members' names and motions are not (Łódź, Zoë, €,
# Greek, Cyrillic), so the package ships DejaVu Sans; the PDF embeds only the glyphs it uses.
FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSans"
_FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf",
          "BI": "DejaVuSans-BoldOblique.ttf"}
_GREY = "#444444"
_UNDRAWABLE = "\ufffd"
_LINK_SCHEMES = {"http", "https", "mailto"}
_CELL_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}

# Minutes are a record, not a brochure: black text and sober headings; quoted motion text is
# grey, as fpdf2 drops a blockquote's indent once its paragraph starts.
_TAG_STYLES = {
    "a": FontFace(color="#1a4f8b", emphasis="UNDERLINE"),
    "code": FontFace(family=FAMILY),
    "pre": TextStyle(font_family=FAMILY, t_margin=2),
    "blockquote": TextStyle(color=_GREY, t_margin=1, b_margin=2),
    "h1": TextStyle(font_style="B", font_size_pt=17, color=0, t_margin=2, b_margin=1),
    "h2": TextStyle(font_style="B", font_size_pt=13, color=0, t_margin=5, b_margin=1),
    "h3": TextStyle(font_style="B", font_size_pt=11.5, color=0, t_margin=4, b_margin=0.5),
    "h4": TextStyle(font_style="B", font_size_pt=11, color=0, t_margin=3),
    "h5": TextStyle(font_style="B", font_size_pt=10.5, color=0, t_margin=3),
    "h6": TextStyle(font_style="B", font_size_pt=10.5, color=0, t_margin=3),
    "li": TextStyle(l_margin=5, t_margin=1),
    "ol": TextStyle(t_margin=1),
    "ul": TextStyle(t_margin=1),
}


class _RecordHTML(HTML2FPDF):
    """fpdf2's HTML reader, held to what the Markdown sanitiser lets through.

    The stored HTML is already cleaned by nh3, but fpdf2 acts on more than a browser would:
    ``<img>`` reads a file or URL into the PDF, a ``style`` can force page breaks, and a link
    whose address is a number or ``#name`` is taken as an internal destination and fails the
    whole document when that page or name does not exist. So only the sanitiser's tags and
    attributes pass, and only absolute web and mail links stay links. fpdf2's table cells
    take one run of text and refuse inline markup after it (NotImplementedError), so a cell's
    text is gathered and set plain.
    """

    pdf: _MinutesDocument
    _cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS or (self._cell is not None and tag not in _CELL_TAGS):
            return
        self._cell = [] if tag in ("td", "th") else None
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        kept = [(name, value) for name, value in attrs if name in allowed]
        if tag == "a":
            href = dict(kept).get("href")
            kept = [(n, v) for n, v in kept if n != "href"]
            kept.append(("href", href if _external(href) else ""))
        super().handle_starttag(tag, kept)

    def handle_data(self, data: str) -> None:
        data = self.pdf.drawable(data)
        if self._cell is None:
            super().handle_data(data)
        else:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_TAGS or (self._cell is not None and tag not in _CELL_TAGS):
            return
        if self._cell:
            super().handle_data("".join(self._cell))  # already made drawable, piece by piece
        self._cell = None
        super().handle_endtag(tag)


def _external(href: str | None) -> bool:
    parts = urlsplit(href or "")
    return parts.scheme in _LINK_SCHEMES and bool(parts.netloc or parts.scheme == "mailto")


class _MinutesDocument(FPDF):
    HTML2FPDF_CLASS = _RecordHTML

    def __init__(self) -> None:
        super().__init__(format="A4", unit="mm")
        self.running_head = ""
        self.undrawn = 0
        # fpdf2 swaps its page-count alias wherever it appears, members' text included; an
        # alias nobody can guess keeps a literal "{nb}" in a motion as typed.
        self.alias_nb_pages(f"{{pages-{secrets.token_hex(8)}}}")
        for style, file_name in _FACES.items():
            self.add_font(FAMILY, style, FONTS / file_name)
        # What every face can draw: the obliques have fewer characters than the upright faces.
        self.covered = frozenset.intersection(*(frozenset(f.cmap) for f in self.fonts.values()))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)

    def drawable(self, text: str) -> str:
        """The text with what the font lacks (CJK, Indic scripts) shown as U+FFFD.

        fpdf2 would leave such characters out with only a log line, and a name silently
        missing from the record is worse than a visible mark the end note explains.
        """
        kept = "".join(ch if ord(ch) in self.covered or unicodedata.category(ch)[0] in "CZ"
                       else _UNDRAWABLE for ch in text)
        self.undrawn += kept.count(_UNDRAWABLE) - text.count(_UNDRAWABLE)
        return kept

    def header(self) -> None:
        self.set_font(FAMILY, size=8)
        self.set_text_color(_GREY)
        self.multi_cell(0, 4, self.running_head, new_x="LMARGIN", new_y="NEXT")
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(4)
        self.set_text_color(0)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FAMILY, size=8)
        self.set_text_color(_GREY)
        self.cell(0, 4, f"Page {self.page_no()} of {self.str_alias_nb_pages}", align="C")
        self.set_text_color(0)


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def status_lines(minutes: Minutes) -> list[str]:
    """Where the minutes stand, as the minutes page says it, with the approving vote named."""
    lines = [f"Status: {minutes.get_status_display()}."]
    if minutes.status == Minutes.Status.DRAFT:
        lines.append("This is a draft, not the record of the meeting.")
    if minutes.published_at:
        lines.append(f"Published {_day(minutes.published_at)} by {minutes.published_by.name}.")
    if minutes.approved_by:
        vote = minutes.approved_by
        lines.append(f"Approved by division {vote.number} of {vote.meeting.title}, "
                     f"{_day(vote.meeting.starts_at)}.")
    return lines


def minutes_pdf(*, organisation: Organisation, meeting: Meeting, minutes: Minutes) -> bytes:
    """The minutes as the print page shows them: who and when, their standing, then the text."""
    where = ", ".join(p for p in (meeting.place, "online" if meeting.online_url else "") if p)
    head = " · ".join(p for p in (organisation.name, meeting.body.name, meeting.title,
                                  _day(meeting.starts_at), where) if p)
    if minutes.status == Minutes.Status.DRAFT:
        head += " · DRAFT"
    pdf = _MinutesDocument()
    pdf.running_head = pdf.drawable(head)
    pdf.set_title(f"Minutes: {meeting.title}")
    pdf.set_subject(f"{meeting.body.name}, {_day(meeting.starts_at)}")
    pdf.set_author(organisation.name)
    pdf.set_creator("openassembly")
    pdf.set_lang("en-GB")
    pdf.set_creation_date(clock.now())
    pdf.add_page()
    pdf.set_font(FAMILY, size=9)
    for line in status_lines(minutes):
        pdf.multi_cell(0, 4.5, pdf.drawable(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, size=10.5)
    pdf.write_html(minutes.html, font_family=FAMILY, tag_styles=_TAG_STYLES,
                   li_prefix_color=(0, 0, 0), warn_on_tags_not_matching=False)
    if pdf.undrawn:
        pdf.ln(4)
        pdf.set_font(FAMILY, size=9)
        pdf.multi_cell(0, 4.5, f"Characters this PDF's font cannot draw are shown as "
                               f"{_UNDRAWABLE}; the minutes page on the web shows them all.")
    return bytes(pdf.output())


def paper_pdf(*, organisation: Organisation, version: PaperVersion) -> bytes:
    """A converted paper (a Word or OpenDocument file) as a PDF, from its sanitised page."""
    meeting = version.paper.meeting
    pdf = _MinutesDocument()
    pdf.running_head = pdf.drawable(" · ".join((organisation.name, meeting.title,
                                                f"paper: {version.paper.title}",
                                                f"version {version.number}")))
    pdf.set_title(version.paper.title)
    pdf.set_author(organisation.name)
    pdf.set_creator("openassembly")
    pdf.set_lang("en-GB")
    pdf.set_creation_date(clock.now())
    pdf.add_page()
    pdf.set_font(FAMILY, size=9)
    pdf.multi_cell(0, 4.5, pdf.drawable(
        f"Circulated {_day(version.circulated_at)} by {version.circulated_by.name}, converted "
        f"from {version.filename or 'the uploaded file'} (SHA-256 {version.sha256[:16]}...)."),
        new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, size=10.5)
    pdf.write_html(version.html, font_family=FAMILY, tag_styles=_TAG_STYLES,
                   li_prefix_color=(0, 0, 0), warn_on_tags_not_matching=False)
    return bytes(pdf.output())
