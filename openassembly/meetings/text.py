"""Markdown that members write (motions, items, papers, minutes), rendered safely.

Raw HTML is refused outright rather than silently stripped, so a mover learns at once that their
text will not show as they typed it; what is accepted is rendered by markdown-it with HTML
switched off and then cleaned by nh3 as a second line of defence.
"""

from __future__ import annotations

import difflib
import html
import re

import nh3
from markdown_it import MarkdownIt

from openassembly.core.errors import InvalidInput

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre", "a",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
    "del", "ins", "s",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(\s[^>]*)?/?>")
_SCRIPT_URL = re.compile(r"(?:java|vb)script\s*:|data\s*:\s*text/html", re.IGNORECASE)
MAX_TEXT = 100_000


def clean_markdown(text: str, *, field: str = "text") -> str:
    """The text as it will be stored, or InvalidInput saying what is not allowed in it."""
    text = (text or "").replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise InvalidInput(f"The {field} contains a NUL character; paste it as plain text.")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"The {field} is longer than {MAX_TEXT:,} characters.")
    tag = _HTML_TAG.search(text)
    if tag:
        raise InvalidInput(
            f"The {field} contains HTML ({tag.group(0)[:40]!r}). Write it in Markdown: "
            "**bold**, *italic*, - lists, [links](https://example.org). Nothing was saved."
        )
    if _SCRIPT_URL.search(text):
        raise InvalidInput(
            f"The {field} contains a script link, which is not allowed. Nothing was saved."
        )
    return text


def render(text: str) -> str:
    """Markdown to HTML that is safe to put on a public page."""
    return sanitise(_MD.render(text or ""))


def sanitise(markup: str) -> str:
    """HTML (rendered Markdown, a converted document) cut down to what a public page may show:
    the tags above, links to web and mail addresses only, never script, style or images."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


def apply_amendment(text: str, *, delete: str, insert: str) -> str | None:
    """The text with ``delete`` replaced by ``insert``; None when the words are not there.

    An amendment that leaves nothing out adds its words at the end, as "add at end" does.
    """
    if not delete:
        return f"{text.rstrip()}\n\n{insert.strip()}" if text.strip() else insert.strip()
    if text.count(delete) != 1:
        return None
    return text.replace(delete, insert, 1)


def changes_html(before: str, after: str) -> str:
    """Word-by-word changes between two texts, as escaped HTML with <del> and <ins>."""
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(html.escape("".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{html.escape(''.join(old[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{html.escape(''.join(new[j1:j2]))}</ins>")
    return "".join(parts).replace("\n", "<br>\n")
