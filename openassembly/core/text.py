"""Names and titles that are safe everywhere they go: pages, mail, the ledger, and the files
published for others to read (BLT ballot files, CSV exports, sortition pool lists).

A name or title is one line of plain text. Control characters (a newline, a NUL, an escape,
a DEL), line and paragraph separators, and the invisible controls that reorder text on screen
are refused with a message naming the field: they are never what a person meant to type, a
newline in a candidate's name made an election uncountable, and a reordering control can make
a name read as another. Other blanks (no-break spaces, runs of spaces) become single spaces,
so a name reads the same in every file format. Longer text (a purpose, a motion's wording)
keeps its line breaks and tabs but refuses the rest (``plain_text``).
"""

from __future__ import annotations

import unicodedata

from openassembly.core.errors import InvalidInput

# Controls (C0, DEL, C1), lone surrogates, and line and paragraph separators.
_UNSAFE = frozenset({"Cc", "Cs", "Zl", "Zp"})
# Bidirectional embeddings, overrides and isolates: they reorder what follows them on screen,
# so "Ann" and a name spelt backwards could look alike. Ordinary marks (U+200E, U+200F) stay.
_REORDERING = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def _describe(ch: str) -> str:
    known = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab", "\x00": "a NUL"}
    name = known.get(ch) or unicodedata.name(ch, "a control character").lower()
    return f"U+{ord(ch):04X}, {name}"


def _first_unsafe(value: str, *, allow: str = "") -> str | None:
    for ch in value:
        if ch in allow:
            continue
        if unicodedata.category(ch) in _UNSAFE or ch in _REORDERING:
            return ch
    return None


def plain_name(value: str, *, what: str, field: str = "") -> str:
    """``value`` as a one-line name or title, blanks made single spaces; InvalidInput naming
    ``what`` (and the form ``field``) when it holds a control character."""
    bad = _first_unsafe(value)
    if bad is not None:
        raise InvalidInput(
            f"The {what} contains a control character ({_describe(bad)}). Names and titles "
            "must be plain text on one line.", field=field)
    return " ".join(value.split())


def plain_text(value: str, *, what: str, field: str = "") -> str:
    """``value`` as longer text: line breaks and tabs kept (CRLF made LF), other control
    characters refused."""
    value = value.replace("\r\n", "\n")
    bad = _first_unsafe(value, allow="\n\t")
    if bad is not None:
        raise InvalidInput(
            f"The {what} contains a control character ({_describe(bad)}); only line breaks "
            "and tabs may be used.", field=field)
    return value.strip()
