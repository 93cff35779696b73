"""Small, real Word (.docx) and OpenDocument (.odt) files, built by hand with zipfile, so the
tests need no word processor and no library beyond the standard one."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _zip(parts: dict[str, str | bytes], *, first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:  # the ODF mimetype member comes first and is stored uncompressed
            archive.writestr(zipfile.ZipInfo(first), parts[first], zipfile.ZIP_STORED)
        for name, content in parts.items():
            if name != first:
                archive.writestr(name, content)
    return buffer.getvalue()


def docx(*, heading: str = "Budget 2027", paragraphs: tuple[str, ...] = ("The plan.",),
         link: str = "https://example.org/plan", bold: str = "Approve the budget") -> bytes:
    body = [f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>{escape(heading)}'
            "</w:t></w:r></w:p>",
            f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{escape(bold)}</w:t></w:r></w:p>']
    body += [f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>'
             for p in paragraphs]
    body.append('<w:p><w:hyperlink r:id="rId9"><w:r><w:t>the link</w:t></w:r></w:hyperlink></w:p>')
    return _zip({
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            '/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.styles+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship '
            f'Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/_rels/document.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{R}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId9" Type="{R}/hyperlink" Target="{escape(link)}" '
            'TargetMode="External"/></Relationships>'),
        "word/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}"><w:style '
            'w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
            '</w:styles>'),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:r="{R}">'
            f'<w:body>{"".join(body)}</w:body></w:document>'),
    })


ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}


def odt(*, heading: str = "Budget 2027", items: tuple[str, ...] = ("Rent", "Staff"),
        link: str = "https://example.org/plan", body: str = "") -> bytes:
    spaces = " ".join(f'xmlns:{k}="{v}"' for k, v in ODF.items())
    content = body or (
        f'<text:h text:outline-level="1">{escape(heading)}</text:h>'
        '<text:p>The plan<text:s text:c="2"/>for the year.</text:p>'
        "<text:list>" + "".join(f"<text:list-item><text:p>{escape(i)}</text:p></text:list-item>"
                                for i in items) + "</text:list>"
        "<table:table><table:table-row><table:table-cell><text:p>Line</text:p></table:table-cell>"
        "<table:table-cell><text:p>£1,200</text:p></table:table-cell></table:table-row>"
        "</table:table>"
        f'<text:p><text:a xlink:href="{escape(link)}">the link</text:a></text:p>')
    return _zip({
        "mimetype": "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
            'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/"'
            ' manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry'
            ' manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"),
        "content.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {spaces} '
            f'office:version="1.2"><office:body><office:text>{content}</office:text>'
            "</office:body></office:document-content>"),
    }, first="mimetype")


def zip_bomb(*, name: str = "word/document.xml", megabytes: int = 60) -> bytes:
    """A small archive whose one member unpacks to ``megabytes`` of zeros."""
    buffer = io.BytesIO()
    with (zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
          archive.open(name, "w", force_zip64=True) as member):
        for _ in range(megabytes):
            member.write(b"\0" * (1024 * 1024))
    return buffer.getvalue()
