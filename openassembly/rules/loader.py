"""Read a constitution from TOML text, reporting every problem with its line and key.

tomllib keeps no positions, so ``locate`` rebuilds them: it walks the text once, tracking
``[table]`` and ``[[array]]`` headers and ``key = value`` lines, and maps each pydantic error
location such as ``("bodies", 1, "seats", 0, "count")`` to the line that defines it, falling
back to the nearest enclosing table header. That is enough for hand-written constitutions; it
does not try to be a full TOML parser.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from openassembly.rules import model
from openassembly.rules.errors import ConstitutionError, Problem
from openassembly.rules.model import Constitution

Loc = tuple[str | int, ...]

_ARRAY_HEADER = re.compile(r"\s*\[\[\s*([^\[\]]+?)\s*\]\]\s*(?:#.*)?$")
_TABLE_HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY_LINE = re.compile(r"""\s*((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')"""
                       r"""(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*=(.*)$""")
_TOML_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_KEY_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


# A real constitution is tens of kilobytes and nests tables two or three deep (the example is
# 22 kB, depth 3). tomllib parses nesting by recursion, so 5,000 nested arrays would end in a
# RecursionError; both bounds are checked before parsing.
MAX_CHARACTERS = 1_000_000
MAX_DEPTH = 16


def load_constitution(text: str) -> Constitution:
    """Parse and validate a constitution; raise ConstitutionError listing every problem."""
    # Some editors start a UTF-8 file with a byte-order mark, which TOML does not allow.
    text = text.removeprefix("\ufeff")
    refused = _refused(text)
    if refused is not None:
        raise ConstitutionError([refused])
    try:
        # Decimals, not floats: percentages such as 2.5 must stay exact.
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ConstitutionError([_toml_problem(exc)]) from None
    except RecursionError:  # the depth scan is conservative; this is its safety net
        raise ConstitutionError(
            [Problem(None, "", f"tables and lists are nested more than {MAX_DEPTH} deep")]
        ) from None
    lines = locate(text)
    try:
        return Constitution.model_validate(data)
    except ValidationError as exc:
        problems = [_pydantic_problem(error, lines) for error in exc.errors()]
        raise ConstitutionError(problems) from None
    except ConstitutionError as exc:
        located = [
            Problem(find_line(lines, key_to_loc(p.key)), p.key, p.message) for p in exc.problems
        ]
        raise ConstitutionError(located) from None


def _refused(text: str) -> Problem | None:
    """What makes the text unsafe to parse at all: its size, a NUL, or nesting too deep."""
    if len(text) > MAX_CHARACTERS:
        return Problem(None, "", f"the file is {len(text):,} characters long; a constitution "
                                 f"may be at most {MAX_CHARACTERS:,}")  # fmt: skip
    nul = text.find("\x00")
    if nul != -1:
        line = text.count("\n", 0, nul) + 1
        return Problem(line, "", "contains a NUL character (is this a binary file?)")
    depth, line = nesting_depth(text)
    if depth > MAX_DEPTH:
        return Problem(line, "", f"tables and lists are nested {depth} deep here; "
                                 f"at most {MAX_DEPTH} are allowed")  # fmt: skip
    return None


_NESTING = re.compile(r'"""|\'\'\'|\\.|["\'#\[\]{}\n]', re.DOTALL)


def nesting_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of ``[`` and ``{`` outside strings and comments, and its line.

    A scan of the few characters that matter (the regular expression skips the rest in C), so
    it costs little next to parsing. Table headers count: ``[[bodies.seats]]`` is depth 2.
    """
    depth = deepest = 0
    line = deepest_line = 1
    inside: str | None = None  # the string delimiter we are in, or "#" in a comment
    for match in _NESTING.finditer(text):
        mark = match.group()
        if mark == "\n" or mark == "\\\n":
            line += 1
            if inside in ("#", '"', "'"):
                inside = None
            continue
        if inside == "#":
            continue
        if inside is not None:
            if mark == inside or (inside == "'" and mark == "\\'"):
                inside = None
            continue
        if mark in ('"""', "'''", '"', "'", "#"):
            inside = mark
        elif mark in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif mark in "]}":
            depth = max(0, depth - 1)
    return deepest, deepest_line


def _toml_problem(exc: tomllib.TOMLDecodeError) -> Problem:
    message = str(exc)
    match = _TOML_LINE.search(message)
    line = int(match.group(1)) if match else getattr(exc, "lineno", None)
    message = _TOML_LINE.sub("", message)
    return Problem(line, "", f"not valid TOML: {message}")


def _pydantic_problem(error: Any, lines: dict[Loc, int]) -> Problem:
    loc: Loc = tuple(error["loc"])
    return Problem(find_line(lines, loc), loc_to_key(loc), _message(error, loc))


def loc_to_key(loc: Loc) -> str:
    key = ""
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
        else:
            key += f".{part}" if key else part
    return key


def key_to_loc(key: str) -> Loc:
    return tuple(
        int(index) if index else name for name, index in _KEY_PART.findall(key)
    )


@cache
def _all_field_names() -> frozenset[str]:
    names: set[str] = set()
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            names.update(value.model_fields)
    return frozenset(names)


def _describe_input(value: object) -> str:
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value) if not isinstance(value, Decimal) else str(value)


def _message(error: Any, loc: Loc) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else ""
        if name in _all_field_names():
            # A real key in the wrong place: usually written under the table header above it.
            return "is not a recognised key here; is it under the wrong [table] header?"
        close = difflib.get_close_matches(name, _all_field_names(), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"is not a recognised key{hint}"
    if kind == "int_type":
        return f"must be a whole number, not {_describe_input(value)}"
    if kind == "string_type":
        return f"must be text in quotes, not {_describe_input(value)}"
    if kind == "bool_type":
        return f"must be true or false, not {_describe_input(value)}"
    if kind == "list_type":
        return f"must be a list, not {_describe_input(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a table, not {_describe_input(value)}"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        size = len(value) if isinstance(value, str) else None
        return f"is too long: at most {limit:,} characters" + (f", not {size:,}" if size else "")
    if kind == "too_long":
        limit = error.get("ctx", {}).get("max_length")
        size = error.get("ctx", {}).get("actual_length")
        return f"lists too many: at most {limit:,} items" + (f", not {size:,}" if size else "")
    message: str = error["msg"]
    message = message.removeprefix("Value error, ")
    if message.startswith("Input should be "):
        message = "must be " + message.removeprefix("Input should be ")
    if kind == "literal_error":
        message += f", not {_describe_input(value)}"
    return message


def find_line(lines: dict[Loc, int], loc: Loc) -> int | None:
    """The line of ``loc`` or of its nearest enclosing key or table that the text defines."""
    for end in range(len(loc), 0, -1):
        line = lines.get(loc[:end])
        if line is not None:
            return line
    return None


def _split_key(dotted: str) -> list[str]:
    parts = re.findall(r"""\s*("[^"]*"|'[^']*'|[^.\s]+)\s*(?:\.|$)""", dotted)
    return [part.strip("\"'") for part in parts]


def locate(text: str) -> dict[Loc, int]:
    """Map each location the text defines (tables, array elements, keys) to its 1-based line."""
    lines: dict[Loc, int] = {}
    latest: dict[Loc, int] = {}  # array-of-tables path -> index of its newest element
    table: Loc = ()
    closing: str | None = None  # delimiter of the multi-line string we are inside, if any
    for number, line in enumerate(text.splitlines(), start=1):
        if closing is not None:
            if _closes(line, closing):
                closing = None
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if match := _ARRAY_HEADER.match(line):
            parent = _concrete(_split_key(match.group(1))[:-1], latest)
            array = (*parent, _split_key(match.group(1))[-1])
            latest[array] = latest.get(array, -1) + 1
            table = (*array, latest[array])
            lines.setdefault(array, number)
            lines[table] = number
            continue
        if match := _TABLE_HEADER.match(line):
            table = _concrete(_split_key(match.group(1)), latest)
            lines.setdefault(table, number)
            continue
        if match := _KEY_LINE.match(line):
            key = (*table, *_split_key(match.group(1)))
            lines.setdefault(key, number)
            value = match.group(2).strip()
            for delimiter in ('"""', "'''"):
                if value.startswith(delimiter) and not _closes(value[3:], delimiter):
                    closing = delimiter
    return lines


def _closes(text: str, delimiter: str) -> bool:
    # An escaped delimiter (\""") inside a basic string does not close it.
    index = text.find(delimiter)
    while index != -1:
        if delimiter == "'''" or index == 0 or text[index - 1] != "\\":
            return True
        index = text.find(delimiter, index + 1)
    return False


def _concrete(parts: list[str], latest: dict[Loc, int]) -> Loc:
    """Turn a header path such as bodies.seats into bodies, 1, seats (newest array elements)."""
    loc: Loc = ()
    for part in parts:
        loc = (*loc, part)
        if loc in latest:
            loc = (*loc, latest[loc])
    return loc
