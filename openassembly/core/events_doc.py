"""docs/ledger-events.md, written from the catalogue so that the page and the code cannot
drift apart (`openassembly ledger-catalogue` writes it; a test fails when they differ)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from . import events
from .event_text import sentence

EXAMPLE_ACTOR = "Morwen Ashby"

OWNERS = {
    "core": "The organisation and its constitution",
    "members": "Members, affiliates and appeals",
    "bodies": "Bodies and seats",
    "meetings": "Meetings, motions, votes and decisions",
    "ballots": "Elections, members' ballots, petitions and sortition",
    "accounts": "Two-officer acts",
    "scenarios": "Electoral analysis",
}


def doc_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "ledger-events.md"


def example_names(spec: events.EventKind) -> dict[tuple[str, Any], str]:
    """The invented names an example event's ids stand for (as a page would look them up)."""
    names = events.example_names()
    return {
        (f.names, spec.example[key]): names[f.names]
        for key, f in spec.fields.items()
        if f.names and key in spec.example and f.names in names
    }


def example_sentence(spec: events.EventKind) -> str:
    # The page shows times in the site's zone; the docs must not depend on the machine's.
    with timezone.override("UTC"):
        return sentence(spec.kind, EXAMPLE_ACTOR, spec.example, example_names(spec))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _field_note(f: events.Field) -> str:
    notes = []
    if f.commitment:
        notes.append("salted commitment")
    if f.optional:
        notes.append("only in some events")
    if f.names:
        notes.append(f"pages show the {f.names}'s name")
    return "; ".join(notes)


def render() -> str:
    def order(owner: str) -> tuple[int, str]:
        return (list(OWNERS).index(owner) if owner in OWNERS else len(OWNERS), owner)

    kinds = sorted(events.kinds(), key=lambda k: (order(k.owner), k.kind))
    owners = sorted({k.owner for k in kinds}, key=order)
    out = [
        "# Ledger events: every kind, and what it says",
        "",
        "<!-- Generated from the catalogue in the code (openassembly/core/events.py and each",
        "app's events.py) by `openassembly ledger-catalogue`. Do not edit by hand: a test fails",
        "when this page and the code differ. -->",
        "",
        "Every event on the [ledger](ledger.md) has a `kind` and a `data` object. This page lists",
        f"all {len(kinds)} kinds: what each one records, what every field of its `data` means, an",
        "example, and the sentence the public ledger page shows for that example. Every append",
        "is checked against this catalogue: an event of an undeclared kind, or with a missing",
        "or undeclared field, is refused before it is written.",
        "",
        "How to read the field notes:",
        "",
        "* **salted commitment**: a `c1:` value that commits to private data without revealing",
        "  it (see [why commitments](ledger.md#why-commitments)); pages never turn it back into",
        "  the data.",
        "* **only in some events**: present when it applies (say, only for a secret ballot), and",
        "  absent from events written before the field existed.",
        "* **pages show the name**: the field holds a number or key; the public pages look up",
        "  the name of the thing it points at (a meeting's title, a body's name) when they show",
        "  the event. The ledger itself keeps the number, which never changes.",
        "",
        "Events written by older versions of openassembly may lack fields added since; pages",
        "show them with a plainer sentence, and the ledger verifies exactly as before (the",
        "catalogue never changes how events are stored or hashed).",
        "",
        "## Index",
        "",
        "| kind | label | what it records |",
        "| --- | --- | --- |",
    ]
    out += [f"| [`{k.kind}`](#{k.kind.replace('.', '')}) | {_cell(k.label)} | "
            f"{_cell(k.meaning)} |" for k in kinds]
    for owner in owners:
        out += ["", f"## {OWNERS.get(owner, owner)}", "",
                f"Declared in `openassembly/{owner}/events.py`."]
        for spec in (k for k in kinds if k.owner == owner):
            out += [
                "", f"### {spec.kind}", "", f"**{spec.label}.** {spec.meaning}", "",
                "| field | meaning | note |", "| --- | --- | --- |",
            ]
            out += [f"| `{key}` | {_cell(f.meaning)} | {_field_note(f)} |"
                    for key, f in spec.fields.items()]
            out += [
                "", "Example data, and how the ledger page shows it:", "", "```json",
                json.dumps(spec.example, ensure_ascii=False, sort_keys=True), "```", "",
                f"> {example_sentence(spec)}",
            ]
    return "\n".join(out) + "\n"
