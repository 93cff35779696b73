"""Reading the pact tables back out of a page, as lines comparable with the CLI's text."""

from __future__ import annotations

from html.parser import HTMLParser


def normalise(line: str) -> str:
    return " ".join(line.split())


class _ResultLines(HTMLParser):
    """The text lines of ``#pact-result``: scenario, data, then each table's rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside #pact-result
        self.lines: list[str] = []
        self.cells: list[str] | None = None
        self.text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += 1
            if tag == "tr":
                self.cells = []
            elif tag in ("td", "th", "caption") or (tag == "p" and attrs.get("id")):
                self.text = []
        elif attrs.get("id") == "pact-result":
            self.depth = 1

    def handle_endtag(self, tag):
        if not self.depth:
            return
        self.depth -= 1
        if tag in ("td", "th") and self.cells is not None and self.text is not None:
            self.cells.append("".join(self.text))
            self.text = None
        elif tag in ("caption", "p") and self.text is not None:
            self.lines.append(normalise("".join(self.text)))
            self.text = None
        elif tag == "tr" and self.cells is not None:
            self.lines.append(normalise(" ".join(self.cells)))
            self.cells = None

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)


def page_lines(html: str) -> list[str]:
    parser = _ResultLines()
    parser.feed(html)
    return [line for line in parser.lines if line]


def cli_lines(text: str) -> list[str]:
    """Every line of `openassembly pact` text output except blanks and table rules."""
    return [
        normalise(line)
        for line in text.splitlines()
        if line.strip() and set(line) - {"-", " "}
    ]
