"""Papers written in a word processor: Word (.docx) and OpenDocument (.odt) files become a
readable page, in-process and with no external program.

Both formats are zip archives, so the archive is judged before anything is extracted: how
many members it has, how large they say they will be once unpacked, and how much each is
compressed (a zip bomb packs gigabytes into kilobytes). Python's zipfile never unpacks more
than a member's declared size, so bounding the declared sizes bounds the work. A .docx is
converted by mammoth; an .odt's content.xml is read with defusedxml (no entities, no external
references) and its headings, paragraphs, lists, tables and links are mapped to HTML. Either
way the HTML then goes through the same sanitiser as Markdown (text.sanitise).
"""

from __future__ import annotations

import html
import io
import zipfile
from xml.etree.ElementTree import Element

import mammoth
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from openassembly.core.errors import InvalidInput

from .text import sanitise

MAX_MEMBERS = 1_000
MAX_UNPACKED = 50 * 1024 * 1024  # every member together, as declared
MAX_RATIO = 100  # uncompressed size over compressed size, for members over RATIO_FROM
RATIO_FROM = 1024 * 1024
MAX_DEPTH = 64

DOCX = "docx"
ODT = "odt"
SUFFIXES = {".docx": DOCX, ".odt": ODT}
NAMES = {DOCX: "Word document (.docx)", ODT: "OpenDocument text (.odt)"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{_NS[prefix]}}}{name}"


def kind_of(filename: str) -> str | None:
    """'docx' or 'odt' by the file's name, or None."""
    lower = filename.lower()
    return next((kind for suffix, kind in SUFFIXES.items() if lower.endswith(suffix)), None)


def _refuse(filename: str, why: str) -> InvalidInput:
    return InvalidInput(f"'{filename}' {why} Nothing was saved.", field="file")


def open_archive(data: bytes, filename: str) -> zipfile.ZipFile:
    """The upload as a zip archive, refused before extraction if it could be a zip bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise _refuse(filename, "is not a readable document (the file is damaged or is not a "
                                "Word or OpenDocument file).") from None
    if len(members) > MAX_MEMBERS:
        raise _refuse(filename, f"holds {len(members):,} parts; a document may hold at most "
                                f"{MAX_MEMBERS:,}.")
    unpacked = sum(info.file_size for info in members)
    if unpacked > MAX_UNPACKED:
        raise _refuse(filename, f"would unpack to {unpacked / 1048576:,.0f} MB; a document may "
                                f"unpack to at most {MAX_UNPACKED // 1048576} MB.")
    for info in members:
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(filename, f"is compressed {ratio:,} times over in "
                                    f"'{info.filename[:80]}', as no document is (it looks like "
                                    "a zip bomb).")
    return archive


def _read(archive: zipfile.ZipFile, name: str, filename: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        raise _refuse(filename, f"has no {name}, so it is not a complete document.") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise _refuse(filename, "is damaged (a part of it cannot be unpacked).") from None


def docx_to_html(data: bytes, filename: str) -> str:
    """A Word document as sanitised HTML (images are left out: papers are text)."""
    archive = open_archive(data, filename)
    _read(archive, "word/document.xml", filename)
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), convert_image=mammoth.images.img_element(lambda image: {}))
    except Exception:  # mammoth raises many kinds on a malformed part; all mean the same here
        raise _refuse(filename, "could not be read as a Word document (a part of it is "
                                "malformed).") from None
    return sanitise(result.value)


def odt_to_html(data: bytes, filename: str) -> str:
    """An OpenDocument text as sanitised HTML: headings, paragraphs, lists, tables, links."""
    archive = open_archive(data, filename)
    if _read(archive, "mimetype", filename).strip() != ODT_MIMETYPE:
        raise _refuse(filename, "is not an OpenDocument text (.odt): its mimetype says otherwise.")
    try:
        root = ElementTree.fromstring(_read(archive, "content.xml", filename))
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        raise _refuse(filename, "could not be read: its content.xml is not well-formed or uses "
                                "XML features documents do not need.") from None
    text = root.find(f"{_q('office', 'body')}/{_q('office', 'text')}")
    if text is None:
        raise _refuse(filename, "has no text body, so it is not a text document.")
    parts: list[str] = []
    for child in text:
        _block(child, parts, 0)
    return sanitise("".join(parts))


def _block(node: Element, out: list[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    tag = node.tag
    if tag == _q("text", "h"):
        level = node.get(_q("text", "outline-level"), "1")
        level = min(max(int(level) if level.isdigit() else 1, 1), 6)
        out.append(f"<h{level}>{_inline(node, depth)}</h{level}>")
    elif tag == _q("text", "p"):
        out.append(f"<p>{_inline(node, depth)}</p>")
    elif tag == _q("text", "list"):
        out.append("<ul>")
        for item in node:
            if item.tag in (_q("text", "list-item"), _q("text", "list-header")):
                out.append("<li>")
                for child in item:
                    _block(child, out, depth + 1)
                out.append("</li>")
        out.append("</ul>")
    elif tag == _q("table", "table"):
        out.append("<table>")
        for row in node.iter(_q("table", "table-row")):
            out.append("<tr>")
            for cell in row:
                if cell.tag == _q("table", "table-cell"):
                    out.append("<td>")
                    for child in cell:
                        _block(child, out, depth + 1)
                    out.append("</td>")
            out.append("</tr>")
        out.append("</table>")
    elif tag == _q("text", "section"):
        for child in node:
            _block(child, out, depth + 1)


def _inline(node: Element, depth: int) -> str:
    """The text of a paragraph or heading, with its links, spaces, tabs and line breaks."""
    if depth > MAX_DEPTH:
        return ""
    out = [html.escape(node.text or "")]
    for child in node:
        tag = child.tag
        if tag == _q("text", "s"):
            count = child.get(_q("text", "c"), "1")
            out.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif tag == _q("text", "tab"):
            out.append(" ")
        elif tag == _q("text", "line-break"):
            out.append("<br>")
        elif tag == _q("text", "a"):
            href = html.escape(child.get(_q("xlink", "href"), ""), quote=True)
            out.append(f'<a href="{href}">{_inline(child, depth + 1)}</a>')
        elif tag in (_q("text", "note"), _q("office", "annotation")):
            pass  # footnotes and reviewers' comments are not the paper's text
        else:
            out.append(_inline(child, depth + 1))
        out.append(html.escape(child.tail or ""))
    return "".join(out)


def to_html(data: bytes, filename: str, kind: str) -> str:
    """The document as sanitised HTML, or InvalidInput saying why it cannot be read."""
    converted = docx_to_html(data, filename) if kind == DOCX else odt_to_html(data, filename)
    if not converted.strip():
        raise _refuse(filename, "has no text in it.")
    return converted
