"""Fill in a page's forms as a person would: every field it shows, with what it already holds
or something valid-looking, the first real choice of every list."""

from __future__ import annotations

from html.parser import HTMLParser

TEXT = "A probe of who may do this."


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action", ""),
                    "method": a.get("method", "get").lower(),
                    "fields": {},
                    "kinds": {},
                }
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "button" and name:
            # A named button sends its value (the first, as a person's first click would).
            form["fields"].setdefault(name, a.get("value", ""))
            return
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit" and "value" in a:
                    form["fields"].setdefault(name, a["value"])
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a or name not in form["fields"]:
                    form["fields"][name] = a.get("value", "on")
                form["kinds"][name] = kind
                return
            form["kinds"][name] = kind
            form["fields"][name] = a.get("value") or _guess(kind, name)
        elif tag == "select" and name:
            self._select = name
            form["kinds"][name] = "select"
        elif tag == "option" and self._select:
            value = a.get("value", "")
            fields = form["fields"]
            if value and (self._select not in fields or "selected" in a):
                fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            form["kinds"][name] = "textarea"
            form["fields"][name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self.forms:
            fields = self.forms[-1]["fields"]
            if not fields[self._textarea].strip():
                fields[self._textarea] = TEXT
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def _guess(kind: str, name: str) -> str:
    from datetime import timedelta

    from openassembly.core import clock

    soon = clock.now() + timedelta(days=40)
    if kind == "email" or "email" in name:
        return "probe@probe.example"
    if kind == "number":
        return "1"
    if kind == "date":
        return soon.date().isoformat()
    if kind == "datetime-local":
        return soon.strftime("%Y-%m-%dT%H:%M")
    if kind == "url":
        return "https://probe.example/"
    if kind == "password":
        return "a long enough probe passphrase"
    if kind == "hidden":
        return ""
    return TEXT


def post_forms(html: str, path: str) -> list[dict]:
    """The POST forms of a page that send to ``path`` (or to the page itself), each as the
    fields a person would send."""
    parser = _Forms()
    parser.feed(html)
    found = []
    for form in parser.forms:
        if form["method"] != "post":
            continue
        action = form["action"].split("?")[0].split("#")[0]
        if action in ("", path) or action.rstrip("/") == path.rstrip("/"):
            fields = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
            found.append(fields)
    return found
